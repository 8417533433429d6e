#pragma once
// What opening a received body, or sealing one to send, came to.

#include "bytes.hpp"
#include "counters.hpp"
#include "messages.hpp"

#include <optional>

namespace icd {

enum class Verdict {
    Accepted,  // authentic and new: act on `message`
    Duplicate, // a retransmission: send `reply` if any, do not act again
    Dropped,   // see `reason`; never act on it
};

enum class SessionEvent {
    None,
    Established, // a new session is in use from this frame on
    Lost,        // host only: the board proved it holds no session; send a new HELLO
};

struct Outcome {
    Verdict verdict = Verdict::Dropped;
    std::optional<DropReason> reason; // for Duplicate and Dropped
    std::optional<Message> message;   // for Accepted
    SessionEvent session = SessionEvent::None;
    // A frame to send back now (board only): HELLO_ACK, the repeated answer
    // to a duplicate, NAK_NO_SESSION, or a NAK for an authentic request of an
    // unknown type or malformed payload.
    Bytes reply;

    bool accepted() const { return verdict == Verdict::Accepted; }
};

enum class SealError {
    None,
    NoSession,    // nothing to seal under: the host must HELLO first
    SeqExhausted, // every sequence number of this session is spent: HELLO again
    Crypto,       // the MAC could not be computed
};

std::string_view sealErrorName(SealError);

struct Sealed {
    SealError error = SealError::None;
    std::uint32_t seq = 0; // to match the ACK or NAK that answers it
    Bytes frame;           // ready for the line, delimiters included

    bool ok() const { return error == SealError::None; }
};

} // namespace icd
