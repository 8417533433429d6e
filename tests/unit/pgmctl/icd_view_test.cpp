#include "icd_view.hpp"

#include "sample_groups.hpp"

#include <gtest/gtest.h>

namespace pgmctl {
namespace {

class IcdView : public UtcTimeZone {
protected:
    OutputSettings settings;
};

TEST_F(IcdView, LinkUp)
{
    EXPECT_EQ(renderIcdStatus(serialIcd(), kSaturdayNoon, settings),
              "* Independent computer\n"
              "           Link: serial /dev/ttyS1\n"
              "     Link state: up\n"
              "    Board state: armed\n"
              "   Fences peers: yes\n"
              "     Last reply: ACK heartbeat (seq 41) (Sat 2026-11-21 11:59:57 UTC; 3s ago)\n"
              "Heartbeats sent: 120\n"
              "       Counters: accepted 118\n"
              "                 crc      2\n"
              "                 replay   1\n");
}

TEST_F(IcdView, BeforeTheBoardFirstAnswers)
{
    IcdStatus icd;
    icd.link = "serial /dev/ttyS1";
    icd.linkState = "connecting";
    icd.heartbeatsSent = 0;
    icd.counters = {{"accepted", 0}, {"crc", 0}};
    EXPECT_EQ(renderIcdStatus(icd, kSaturdayNoon, settings),
              "* Independent computer\n"
              "           Link: serial /dev/ttyS1\n"
              "     Link state: connecting\n"
              "    Board state: unknown (no status reply yet)\n"
              "   Fences peers: no\n"
              "     Last reply: none yet\n"
              "Heartbeats sent: 0\n"
              "       Counters: all zero\n");
}

TEST_F(IcdView, GpioLinkHasNoCounters)
{
    IcdStatus icd;
    icd.link = "gpio gpiochip0 17";
    icd.linkState = "up";
    icd.heartbeatsSent = 9;
    std::string out = renderIcdStatus(icd, kSaturdayNoon, settings);
    EXPECT_NE(out.find("       Counters: all zero\n"), std::string::npos) << out;
}

TEST_F(IcdView, LinkAndBoardStatesColoured)
{
    settings.colour = true;
    IcdStatus icd = serialIcd();
    icd.linkState = "down";
    icd.boardState = "off-latched";
    std::string out = renderIcdStatus(icd, kSaturdayNoon, settings);
    EXPECT_EQ(out.rfind("\x1b[0;1;31m*\x1b[0m Independent computer\n", 0), 0u) << out;
    EXPECT_NE(out.find("Link state: \x1b[0;1;31mdown\x1b[0m\n"), std::string::npos) << out;
    EXPECT_NE(out.find("Board state: \x1b[0;1;31moff-latched\x1b[0m\n"), std::string::npos) << out;

    icd.linkState = "up";
    out = renderIcdStatus(icd, kSaturdayNoon, settings);
    EXPECT_NE(out.find("Link state: \x1b[0;1;32mup\x1b[0m\n"), std::string::npos) << out;
    icd.linkState = "connecting";
    out = renderIcdStatus(icd, kSaturdayNoon, settings);
    EXPECT_NE(out.find("Link state: \x1b[0;1;33mconnecting\x1b[0m\n"), std::string::npos) << out;
}

TEST_F(IcdView, NoColourWithoutIt)
{
    EXPECT_EQ(renderIcdStatus(serialIcd(), kSaturdayNoon, settings).find('\x1b'), std::string::npos);
}

TEST_F(IcdView, BoardTextCannotDriveTheTerminal)
{
    IcdStatus icd = serialIcd();
    icd.lastReply = "NAK\x1b]0;title\x07";
    icd.boardState = "armed\x1b[2J";
    icd.counters["evil\x1b[31m"] = 1;
    std::string out = renderIcdStatus(icd, kSaturdayNoon, settings);
    EXPECT_EQ(out.find('\x1b'), std::string::npos) << out;
}

} // namespace
} // namespace pgmctl
