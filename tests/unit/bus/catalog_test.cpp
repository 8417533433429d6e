// The journal catalog explains every MESSAGE_ID pgmd uses, and journalctl
// itself accepts it.

#include "child_process.hpp"

#include "log/message_ids.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <set>
#include <string>

namespace pgmd::log {
namespace {

const std::set<std::string> kAllIds{
    std::string(ids::kStateChanged),   std::string(ids::kRestartProcess), std::string(ids::kRestartGroup),
    std::string(ids::kOutOfService),   std::string(ids::kReinitHost),     std::string(ids::kReboot),
    std::string(ids::kExhausted),      std::string(ids::kReinitResource), std::string(ids::kOtherEscalation),
};

const std::string kCatalog = std::string(LOG_DIR) + "/pgmd.catalog";

TEST(Catalog, HasOneEntryPerMessageId)
{
    std::ifstream in(kCatalog);
    ASSERT_TRUE(in) << kCatalog;
    std::multiset<std::string> entries;
    for (std::string line; std::getline(in, line);)
        if (line.rfind("-- ", 0) == 0)
            entries.insert(line.substr(3));
    EXPECT_EQ(std::set<std::string>(entries.begin(), entries.end()), kAllIds);
    EXPECT_EQ(entries.size(), kAllIds.size()) << "an id has two entries";
}

TEST(Catalog, JournalctlCompilesIt)
{
    // journalctl --root reads <root>/usr/lib/systemd/catalog and writes the
    // database below <root>, never the host's.
    char tmpl[] = "/tmp/pgmd-catalog-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    const std::filesystem::path root(tmpl);
    std::filesystem::create_directories(root / "usr/lib/systemd/catalog");
    std::filesystem::copy_file(kCatalog, root / "usr/lib/systemd/catalog/pgmd.catalog");

    const test::ChildResult update = test::run({JOURNALCTL_PATH, "--root=" + root.string(), "--update-catalog"});
    EXPECT_EQ(update.exitCode, 0) << update.output;
    const test::ChildResult list = test::run({JOURNALCTL_PATH, "--root=" + root.string(), "--list-catalog"});
    EXPECT_EQ(list.exitCode, 0) << list.output;
    for (const std::string& id : kAllIds)
        EXPECT_NE(list.output.find(id + " pgmd: "), std::string::npos) << id << " missing in\n" << list.output;

    std::filesystem::remove_all(root);
}

} // namespace
} // namespace pgmd::log
