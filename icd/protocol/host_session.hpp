#pragma once
// The host's end of the link to the board: HELLO, then requests sealed under
// the session key, and the board's answers checked and de-duplicated.
// No I/O and no clock: the caller moves frames and decides on timeouts
// (e.g. no ACK for k heartbeats: send a new HELLO).

#include "body.hpp"
#include "key.hpp"
#include "outcome.hpp"

#include <array>

namespace icd {

class HostSession {
public:
    enum class State {
        Idle,        // no session: send hello()
        AwaitingAck, // HELLO sent, no HELLO_ACK yet
        Established,
    };

    HostSession(HostId host, Key hostKey);

    // Starts a new session with a fresh random nonce, abandoning any current
    // one. While no HELLO_ACK comes, resend the same frame; after giving up,
    // call again with a new nonce.
    Sealed hello(const Nonce& hostNonce);

    // A request with the next seq. To retransmit, resend the same frame: the
    // board answers it again without acting twice.
    Sealed seal(const HostRequest& request);

    Outcome open(ByteView body);

    State state() const { return state_; }
    HostId host() const { return host_; }
    const Counters& counters() const { return counters_; }

private:
    struct SentFrame {
        std::uint32_t seq = 0;
        Tag tag{};
    };
    // NAK_NO_SESSION must name one of these to be believed.
    static constexpr std::size_t kRememberedFrames = 8;

    Outcome openHelloAck(const BodyView& body);
    Outcome openNakNoSession(const BodyView& body);
    Outcome openSessionFrame(const BodyView& body);
    void forgetSession();
    bool sentRecently(std::uint32_t seq, const Tag& tag) const;

    HostId host_;
    Key hostKey_;
    State state_ = State::Idle;
    Nonce hostNonce_{};
    Nonce boardNonce_{};
    std::optional<Key> sessionKey_;
    std::uint32_t lastSent_ = 0;
    std::uint32_t lastReceived_ = 0;
    std::array<SentFrame, kRememberedFrames> recentlySent_{};
    std::size_t recentlySentCount_ = 0;
    Counters counters_;
};

} // namespace icd
