#include "fence_rules.hpp"

#include <array>
#include <tuple>

namespace icd::board {
namespace {

bool beingFencedOrOff(HostState s)
{
    return s == HostState::Cycling || s == HostState::OffLatched;
}

struct Row {
    bool (*applies)(const FenceSituation&);
    FenceRuling ruling;
};

// In order; the first row that applies rules. The last one always does.
constexpr std::array kRows{
    Row{[](const FenceSituation& s) { return !s.requester || !s.target; },
        {FenceVerdict::UnknownHost, "the board does not watch that host"}},
    Row{[](const FenceSituation& s) { return !s.isPeer; },
        {FenceVerdict::NotPeer, "the target is not a peer of the requester"}},
    Row{[](const FenceSituation& s) { return beingFencedOrOff(*s.requester); },
        {FenceVerdict::Refuse, "the requester is itself being fenced or is off"}},
    Row{[](const FenceSituation& s) { return beingFencedOrOff(*s.target); },
        {FenceVerdict::AlreadyFenced, "the target is already being fenced or is off"}},
    // Disarmed or in a boot grace: not heartbeating, so it cannot be the
    // other side of a partition asking back.
    Row{[](const FenceSituation& s) { return *s.target != HostState::Armed; },
        {FenceVerdict::Grant, "the target does not heartbeat"}},
    Row{[](const FenceSituation& s) { return s.winsRace == true; },
        {FenceVerdict::Grant, "both asked to fence each other: the requester wins the tie-break"}},
    // The winner's grant fences the loser, whose request is then refused by
    // the "requester is being fenced" row.
    Row{[](const FenceSituation& s) { return s.winsRace == false; },
        {FenceVerdict::Wait, "both asked to fence each other: the requester loses the tie-break"}},
    Row{[](const FenceSituation& s) { return s.windowOver; },
        {FenceVerdict::Grant, "no counter request within the race window"}},
    Row{[](const FenceSituation&) { return true; },
        {FenceVerdict::Wait, "the target still heartbeats: waiting for a counter request"}},
};

constexpr std::array kVerdictNames{"wait", "grant", "already-fenced", "refuse", "not-peer", "unknown-host"};

} // namespace

const char* toString(FenceVerdict v)
{
    return kVerdictNames[static_cast<std::size_t>(v)];
}

FenceRuling ruleOnFence(const FenceSituation& situation)
{
    for (const Row& row : kRows)
        if (row.applies(situation))
            return row.ruling;
    return kRows.back().ruling;
}

bool firstWinsRace(const FenceContender& first, const FenceContender& second)
{
    // More groups first (hence the negation), then the lower id, then the name.
    return std::tuple(-static_cast<long>(first.activeGroups), first.hostId, first.name)
           < std::tuple(-static_cast<long>(second.activeGroups), second.hostId, second.name);
}

} // namespace icd::board
