#include "list_view.hpp"

#include "sample_groups.hpp"

#include <gtest/gtest.h>

namespace pgmctl {
namespace {

OutputSettings plain()
{
    OutputSettings s;
    s.glyphs = {"*", "..."};
    return s;
}

TEST(ListView, TableAndFooter)
{
    std::vector<GroupStatus> groups{msgbusGroup(), billingGroup()};
    EXPECT_EQ(renderGroupList(groups, plain()),
              "GROUP   LAYER       STATE              ROLE    INCARNATION PROC-RESTARTS GROUP-RESTARTS LAST-FAULT\n"
              "msgbus  platform    unavailable (held) none    3           3/3           2/2            -\n"
              "billing application active             primary 7           1/3           0/2            "
              "billing-api.service exited with status 1\n"
              "\n"
              "2 groups listed.\n");
}

TEST(ListView, NoLegend)
{
    OutputSettings s = plain();
    s.legend = false;
    EXPECT_EQ(renderGroupList({msgbusGroup()}, s),
              "msgbus platform unavailable (held) none 3 3/3 2/2 -\n");
}

TEST(ListView, OneGroupIsSingular)
{
    std::string out = renderGroupList({billingGroup()}, plain());
    EXPECT_NE(out.find("\n1 group listed.\n"), std::string::npos) << out;
}

TEST(ListView, TruncatedToTheTerminal)
{
    OutputSettings s = plain();
    s.width = 100;
    s.glyphs = {"*", "\u2026"};
    std::string out = renderGroupList({billingGroup()}, s);
    EXPECT_NE(out.find("0/2            billing-api.service exi\u2026\n"), std::string::npos) << out;
}

TEST(ListView, StateColouredOnlyWithColour)
{
    OutputSettings s = plain();
    s.colour = true;
    std::string out = renderGroupList({billingGroup(), msgbusGroup()}, s);
    EXPECT_NE(out.find("\x1b[0;1;32mactive\x1b[0m"), std::string::npos) << out;
    EXPECT_NE(out.find("\x1b[0;1;31munavailable (held)\x1b[0m"), std::string::npos) << out;
    EXPECT_EQ(renderGroupList({billingGroup()}, plain()).find('\x1b'), std::string::npos);
}

TEST(ListView, SortedByLayerThenName)
{
    GroupStatus a = billingGroup();
    a.name = "accounts";
    GroupStatus sys;
    sys.name = "zsystem";
    sys.layer = "system";
    std::vector<GroupStatus> groups{billingGroup(), msgbusGroup(), a, sys};
    sortForDisplay(groups);
    std::vector<std::string> names;
    for (const GroupStatus& g : groups)
        names.push_back(g.name);
    EXPECT_EQ(names, (std::vector<std::string>{"zsystem", "msgbus", "accounts", "billing"}));
}

} // namespace
} // namespace pgmctl
