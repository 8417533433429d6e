#pragma once
// Between the wire and the board logic: which board event a host's request
// is, how the board's answer goes back on the wire, and what a STATUS_REPLY
// says. Pure functions.

#include "board/board.hpp"
#include "board/board_actions.hpp"
#include "board/board_events.hpp"
#include "board/host_watch.hpp"
#include "protocol/counters.hpp"
#include "protocol/messages.hpp"

#include <optional>

namespace icd::daemon {

// The event for a request that goes to the sending host's watch; nothing for
// STATUS_QUERY and CLEAR_LATCH, which the daemon answers itself.
std::optional<icd::board::Event> boardEventOf(const Payload& request);

// ACK when the board accepted it, NAK with the refusal's wire reason otherwise.
BoardReply answerOf(std::uint32_t requestSeq, const icd::board::Reply& reply);
// The same for a fence request, whose token is the FENCE_PEER's seq.
BoardReply answerOf(const icd::board::FenceAnswer& answer);

// PEER_STATUS for a PEER_QUERY the board could answer (view.refusal None).
PeerStatus peerStatusOf(std::uint32_t querySeq, HostId target, const icd::board::PeerView& view);
// PEER_NOTICE for a board notice; the host ids of its peer and of its
// requester (0: none) come from the configuration.
PeerNotice peerNoticeOf(const icd::board::Notice& notice, HostId peer, HostId by);

struct StatusInputs {
    std::uint32_t querySeq = 0;
    const icd::board::HostWatch* watch = nullptr;
    unsigned cyclesInWindow = 0;
    pgm::TimePoint now;
    Counters link;
};
StatusReply statusReplyOf(const StatusInputs&);

} // namespace icd::daemon
