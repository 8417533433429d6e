#include "list_view.hpp"

#include "sample_groups.hpp"
#include "text_width.hpp"

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
              "GROUP   LAYER       STATE              ROLE    INC RESTARTS  LAST-FAULT\n"
              "msgbus  platform    unavailable (held) none    3   p3/3 g2/2 -\n"
              "billing application active             primary 7   p1/3 g0/2 "
              "billing-api.service exited with status 1\n"
              "\n"
              "2 groups listed.\n");
}

TEST(ListView, NoLegend)
{
    OutputSettings s = plain();
    s.legend = false;
    EXPECT_EQ(renderGroupList({msgbusGroup()}, s),
              "msgbus platform unavailable (held) none 3 p3/3 g2/2 -\n");
}

TEST(ListView, OneGroupIsSingular)
{
    std::string out = renderGroupList({billingGroup()}, plain());
    EXPECT_NE(out.find("\n1 group listed.\n"), std::string::npos) << out;
}

TEST(ListView, WhatFitsIsNotCut)
{
    OutputSettings s = plain();
    s.width = 200;
    EXPECT_EQ(renderGroupList({billingGroup(), msgbusGroup()}, s), renderGroupList({billingGroup(), msgbusGroup()}, plain()));
}

TEST(ListView, LastFaultCutToTheTerminal)
{
    OutputSettings s = plain();
    s.width = 76;
    s.glyphs = {"*", "\u2026"};
    std::string out = renderGroupList({billingGroup()}, s);
    // Every column fits with 20 or more left for the fault; the fault is cut.
    EXPECT_NE(out.find("primary 7   p1/3 g0/2 billing-api.service exited\u2026\n"), std::string::npos) << out;
}

// Display columns of each line of `text`, colour codes included (none here).
std::vector<std::size_t> lineWidths(const std::string& text)
{
    std::vector<std::size_t> widths;
    std::size_t start = 0;
    for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
        widths.push_back(displayWidth(std::string_view(text).substr(start, end - start)));
    return widths;
}

TEST(ListView, AtEightyColumnsNoLineIsWiderWhateverTheNames)
{
    OutputSettings s = plain();
    s.width = 80;
    s.glyphs = {"*", "\u2026"};
    for (std::size_t length : {8, 30, 50, 70, 120}) {
        GroupStatus g = billingGroup();
        g.name = std::string(length, 'n');
        g.lastFault = std::string(200, 'f');
        std::string out = renderGroupList({g, msgbusGroup()}, s);
        for (std::size_t width : lineWidths(out))
            EXPECT_LE(width, 80u) << "name of " << length << ":\n" << out;
    }
}

TEST(ListView, WideCharactersAlign)
{
    OutputSettings s = plain();
    s.legend = false;
    GroupStatus wide = billingGroup();
    wide.name = "\u8ba1\u8d39";  // two CJK characters: four columns
    GroupStatus narrow = billingGroup();
    narrow.name = "abcd";
    std::string out = renderGroupList({wide, narrow}, s);
    std::size_t second = out.find('\n') + 1;
    // The layer starts in the same display column on both lines.
    EXPECT_EQ(displayWidth(out.substr(0, out.find("application"))),
              displayWidth(out.substr(second, out.find("application", second) - second)))
        << out;
}

TEST(ListView, AtSixtyColumnsIncLayerAndRoleAreLeftOut)
{
    OutputSettings s = plain();
    s.width = 60;
    std::string out = renderGroupList({msgbusGroup(), billingGroup()}, s);
    std::string header = out.substr(0, out.find('\n'));
    EXPECT_EQ(header, "GROUP   STATE              RESTARTS  LAST-FAULT") << out;
    for (std::size_t width : lineWidths(out))
        EXPECT_LE(width, 60u) << out;
}

TEST(ListView, DroppedInTheDocumentedOrder)
{
    // GROUP 8, LAYER 12, STATE 19, ROLE 8, INC 4, RESTARTS 10 (with their
    // separators): 61 before LAST-FAULT, which wants 20.
    const std::vector<std::pair<std::size_t, std::string>> expected{
        {81, "GROUP   LAYER       STATE              ROLE    INC RESTARTS  LAST-FAULT"},
        {80, "GROUP   LAYER       STATE              ROLE    RESTARTS  LAST-FAULT"},
        {65, "GROUP   STATE              ROLE    RESTARTS  LAST-FAULT"},
        {57, "GROUP   STATE              RESTARTS  LAST-FAULT"},
        {40, "GROUP   STATE              LAST-FAULT"},
    };
    for (const auto& [width, header] : expected) {
        OutputSettings s = plain();
        s.width = width;
        std::string out = renderGroupList({msgbusGroup(), billingGroup()}, s);
        EXPECT_EQ(out.substr(0, out.find('\n')), header) << "at " << width;
    }
}

TEST(ListView, FullTableWithoutAWidth)
{
    GroupStatus g = billingGroup();
    g.lastFault = std::string(300, 'f');
    std::string out = renderGroupList({g}, plain());
    EXPECT_NE(out.find(std::string(300, 'f')), std::string::npos);
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
