#pragma once
// What pgmd publishes about its link to the independent computer, as plain
// values: the properties of org.pgmd1.IndependentComputer. A property an
// older pgmd does not have keeps its default here.

#include <cstdint>
#include <map>
#include <string>

namespace pgmctl {

struct IcdStatus {
    std::string link;       // "serial /dev/ttyS1", "gpio gpiochip0 17"
    std::string linkState;  // down, connecting, up
    std::string lastReply;  // "": the board has not answered yet
    std::uint64_t lastReplyTimestampUsec = 0;  // CLOCK_REALTIME; 0: never
    std::uint64_t heartbeatsSent = 0;
    // Frames from the board: "accepted" and one count per reason to drop one.
    std::map<std::string, std::uint64_t> counters;
    std::string boardState;  // "": no status reply yet
    bool canFence = false;   // the board fences cluster peers on request (false from an older pgmd)
};

// Only an up link carries heartbeats the board accepts.
inline bool isLinkUp(const IcdStatus& icd)
{
    return icd.linkState == "up";
}

} // namespace pgmctl
