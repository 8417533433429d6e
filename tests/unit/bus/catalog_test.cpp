// The journal catalog explains every MESSAGE_ID pgmd uses, and journalctl
// itself accepts it.

#include "child_process.hpp"

#include "log/message_ids.hpp"
#include "log/request_entry.hpp"
#include "log/structured_entries.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace pgmd::log {
namespace {

const std::set<std::string> kAllIds{
    std::string(ids::kStateChanged),   std::string(ids::kRestartProcess), std::string(ids::kRestartGroup),
    std::string(ids::kOutOfService),   std::string(ids::kReinitHost),     std::string(ids::kReboot),
    std::string(ids::kExhausted),      std::string(ids::kReinitResource), std::string(ids::kOtherEscalation),
    std::string(ids::kRequestAccepted), std::string(ids::kRequestRefused), std::string(ids::kFailover),
    std::string(ids::kPairFrozen),
    std::string(ids::kPeerHealthy),    std::string(ids::kPeerPgmdDown),  std::string(ids::kPeerHostDown),
    std::string(ids::kPeerNic),        std::string(ids::kLocalNic),      std::string(ids::kSwitch),
    std::string(ids::kPartition),      std::string(ids::kLinkDownUnknown), std::string(ids::kPeerUnreachable),
    std::string(ids::kLinkDown),       std::string(ids::kLinkUp),
    std::string(ids::kSwitchoverEnded), std::string(ids::kNeedsFencing),
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

// Each entry's text, by MESSAGE_ID.
std::map<std::string, std::string> catalogEntries()
{
    std::ifstream in(kCatalog);
    std::map<std::string, std::string> entries;
    std::string id;
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("-- ", 0) == 0)
            id = line.substr(3);
        else if (!id.empty())
            entries[id] += line + "\n";
    }
    return entries;
}

std::string fieldValue(const Entry& e, const std::string& key)
{
    for (const auto& [k, v] : e.fields)
        if (k == key)
            return v;
    return "";
}

// journalctl -x prints a placeholder whose field the entry lacks as its bare
// name: every @FIELD@ of an entry's text must be a field its messages carry.
void expectPlaceholdersFilled(const Entry& e, const std::string& what)
{
    const std::string id = fieldValue(e, "MESSAGE_ID");
    const std::string text = catalogEntries().at(id);
    const std::regex placeholder("@([A-Z_]+)@");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), placeholder); it != std::sregex_iterator(); ++it) {
        const std::string field = (*it)[1];
        EXPECT_FALSE(fieldValue(e, field).empty()) << what << ": the catalog entry shows @" << field
                                                   << "@, which its messages do not always carry";
    }
}

TEST(Catalog, EveryPlaceholderIsAFieldTheMessagesCarry)
{
    expectPlaceholdersFilled(transitionEntry("billing", "application", "active", "init", "a member failed"),
                             "a transition");
    for (const char* step : {"restart-process", "restart-group", "out-of-service"})
        expectPlaceholdersFilled(escalationEntry("billing", "application", step, "why"), step);
    // Host-wide steps need not name a group: a failed resource has none, and
    // the origin of a reboot may be a resource too.
    for (const char* step : {"reinit-host", "reboot", "exhausted", "reinit-resource"})
        expectPlaceholdersFilled(escalationEntry("", "", step, "resource spool failed: gone"), step);

    expectPlaceholdersFilled(failoverEntry("billing", "", "node2", "failed on node1"), "a failover");
    expectPlaceholdersFilled(pairFrozenEntry("billing", true, "node2 has another definition"), "a frozen pair");
    // A refused switch-over may name neither the owner nor a successor.
    expectPlaceholdersFilled(switchoverEndedEntry("billing", "", "", "node2", "refused", "no single owner"),
                             "a refused switch-over");
    expectPlaceholdersFilled(needsFencingEntry("billing", "node1", true, "node1 needs fencing"), "needs fencing");

    for (const char* verdict : {"healthy", "peer-pgmd-down", "peer-host-down", "peer-nic", "local-nic", "switch",
                                "partition", "link-down", "unreachable"}) {
        const Entry e = peerVerdictEntry("node2", verdict, 0, true, "CPG: node down; links: 0 down");
        EXPECT_FALSE(fieldValue(e, "MESSAGE_ID").empty()) << verdict;
        expectPlaceholdersFilled(e, verdict);
    }
    expectPlaceholdersFilled(linkEntry("node2", 1, false, "switch"), "a link down");
    expectPlaceholdersFilled(linkEntry("node2", 1, true, ""), "a link up");

    // A request names no group when it is manager-wide, and the bus may not
    // tell who called: only what every request has may be shown.
    RequestRecord reload;
    reload.request = "Reload";
    reload.verb = "reload";
    reload.accepted = true;
    expectPlaceholdersFilled(requestEntry(reload), "an accepted request");
    reload.accepted = false;
    reload.error = "org.freedesktop.DBus.Error.AccessDenied";
    expectPlaceholdersFilled(requestEntry(reload), "a refused request");
}

TEST(Catalog, RemediesAreWhatAnOperatorTypes)
{
    for (const auto& [id, text] : catalogEntries()) {
        EXPECT_EQ(text.find("busctl"), std::string::npos) << id << " tells the operator to use busctl:\n" << text;
    }
    EXPECT_NE(catalogEntries().at(std::string(ids::kOutOfService)).find("pgmctl online @GROUP@"), std::string::npos);
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
