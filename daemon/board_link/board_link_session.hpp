#pragma once
// pgmd's end of the serial link to the independent computer, without I/O:
// frames go out through `send`, bytes read from the line come in through
// onBytes(), and tick() is called every heartbeat interval from pgmd's main
// loop, so a hung pgmd sends no heartbeats and the board notices.
//
// It keeps one session up: HELLO (resent, then renewed with a new nonce while
// unanswered), a heartbeat per tick, and a new HELLO when the board proves it
// lost the session (NAK_NO_SESSION) or stops answering. A power-cycle request
// is resent on every tick until the board answers it; the board acts on it
// once and answers each copy. A request the board never got is sealed again
// after a few copies (kCycleCopies). When pgmd stops it sends DISARM or
// EXPECT_REBOOT and from then on only waits for the answer.
//
// Fencing through the board (board_link_fencing.cpp): FENCE_PEER is resent,
// the same bytes, on every tick until answered (the board may answer up to
// its race window late); every PEER_NOTICE is acknowledged (NOTICE_ACK) and
// handed on once per notice id; PEER_QUERY on demand. NAK unknown-type to
// FENCE_PEER means an older board: "cannot fence" until pgmd restarts.

#include "board_events.hpp"
#include "link_state.hpp"
#include "stop_reason.hpp"

#include "core/time.hpp"
#include "protocol/counters.hpp"
#include "protocol/frame_reader.hpp"
#include "protocol/host_session.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <optional>
#include <string>
#include <vector>

namespace pgmd::boardlink {

// Something worth a journal line; StateChanged also changes LinkState.
struct LinkEvent {
    enum class Kind { StateChanged, Reply, BoardStatus, Problem };
    enum class Level { Info, Warning, Error };
    Kind kind;
    Level level;
    std::string message;
};

struct LinkSnapshot {
    LinkState state = LinkState::Down;
    std::string lastReply;           // "" until the board answered something
    TimePoint lastReplyAt;           // usec 0: never
    std::uint64_t heartbeatsSent = 0;
    std::string boardState;          // from the last STATUS_REPLY; "" before one
    bool canFence = false;           // BoardLinkSession::canFence()
    std::map<std::string, std::uint64_t> counters; // "accepted" and each drop reason
};

class BoardLinkSession {
public:
    using Send = std::function<void(const icd::Bytes& frame)>;
    using NonceSource = std::function<std::optional<icd::Nonce>()>;
    using Listener = std::function<void(const LinkEvent&)>;

    // Unanswered heartbeats after which the session is presumed gone.
    static constexpr unsigned kUnansweredBeforeRehello = 3;
    // Unanswered sends of one HELLO before a new nonce is tried.
    static constexpr unsigned kHelloResends = 3;
    // Copies of one sealed power-cycle request before it is sealed again
    // under a new seq (see sendPendingCycle). Fewer than the board's
    // remembered answers (icd::BoardSession::kRememberedRequests) allow,
    // heartbeats included, so that a copy of a request it acted on is still
    // answered.
    static constexpr unsigned kCycleCopies = 3;

    BoardLinkSession(icd::HostId host, icd::Key key, const Clock& clock, Send send, Listener listener,
             NonceSource nonces);

    // Opens a session (HELLO). Sending happens at once.
    void start();
    // Once per heartbeat interval: a heartbeat, a resent HELLO or a new one.
    void tick();
    void onBytes(icd::ByteView chunk);

    // Clean shutdown: the board stops expecting heartbeats. False when no
    // session is up, so nothing could be sent (the journal says so).
    bool disarm();
    // Reboot: the board expects heartbeats again within its boot grace and
    // power-cycles the host if none come. False as for disarm().
    bool expectReboot();
    // disarm() or expectReboot(), as the reason asks. From then on the link
    // only waits for the answer: no heartbeats and no new session, which
    // would have the board watch a host that is going away. An older board
    // that answers EXPECT_REBOOT with NAK unknown-type is disarmed instead.
    bool announceStop(StopReason reason);
    // After announceStop(): nothing more to wait for (the board answered, or
    // nothing could be sent).
    bool stopSettled() const;
    // Sends the unanswered stop request again, the same bytes: the board
    // answers a copy again and acts on it once.
    void resendStop();
    // Sent now when a session is up, else as soon as one is; resent on each
    // tick until answered. A newer request replaces one still unanswered.
    void requestCycle(icd::RequestReason reason, std::string why);
    // False when no session is up.
    bool queryStatus();

    // Where the board's news about peers goes (board_events.hpp).
    void setBoardListener(BoardEventListener listener);
    // FENCE_PEER: sent now when a session is up, else as soon as one is;
    // resent on each tick until answered. A newer request for the same
    // target replaces one still unanswered.
    void fencePeer(icd::HostId target, std::uint16_t activeGroups);
    // PEER_QUERY; false when no session is up.
    bool queryPeer(icd::HostId target);
    bool canFence() const { return state_ == LinkState::Up && !cannotFence_; }

    LinkSnapshot snapshot() const;
    LinkState state() const { return state_; }

private:
    enum class Purpose { Heartbeat, Cycle, Status, Disarm, ExpectReboot, FencePeer, PeerQuery, NoticeAck };
    struct PendingCycle {
        icd::RequestReason reason;
        std::string why;
        std::optional<icd::Sealed> sent; // none until a session could seal it
        unsigned copies = 0;             // of `sent`, sent so far
        std::vector<std::uint32_t> seqs; // every seq it was sealed under in this session
    };
    struct PendingFence {
        std::uint16_t activeGroups = 0;
        std::optional<icd::Sealed> sent; // none until a session could seal it
    };
    struct PendingStop {
        std::optional<icd::Sealed> sent; // none when no session could carry it
        bool answered = false;
    };

    void hello(const std::string& why);
    // What was sent, or nothing when no session could seal it.
    std::optional<icd::Sealed> sendRequest(const icd::HostRequest& request, Purpose purpose);
    void onStopAnswer(std::uint32_t seq, Purpose purpose, std::optional<icd::NakReason> refusal,
                      const std::string& text);
    void sendPendingCycle();
    void onMessage(const icd::Outcome& outcome);
    // An ACK when `refusal` is empty, a NAK otherwise.
    void onReply(std::uint32_t seq, std::optional<icd::NakReason> refusal);
    void onStatus(const icd::StatusReply& status);
    void setState(LinkState next, const std::string& why);
    // board_link_fencing.cpp
    void sendPendingFences();
    void onFenceAnswer(std::uint32_t seq, std::optional<icd::NakReason> refusal, const std::string& text);
    void onNotice(const icd::PeerNotice& notice);
    void tellAbility(const std::string& why);
    void tell(const BoardEvent& event);
    void emit(LinkEvent::Kind kind, LinkEvent::Level level, std::string message);

    icd::HostSession session_;
    icd::FrameReader reader_;
    const Clock& clock_;
    Send send_;
    Listener listener_;
    NonceSource nonces_;

    LinkState state_ = LinkState::Down;
    icd::Bytes helloFrame_;
    unsigned helloSends_ = 0;
    unsigned unansweredBeats_ = 0;
    // What each recent seq was sent for, to name the answer.
    std::map<std::uint32_t, Purpose> purposes_;
    std::optional<PendingCycle> cycle_;
    std::optional<PendingStop> stop_; // set once pgmd stops
    std::string lastReply_;
    TimePoint lastReplyAt_;
    std::uint64_t heartbeatsSent_ = 0;
    std::string boardState_;

    BoardEventListener boardListener_;
    std::map<icd::HostId, PendingFence> fences_;
    bool cannotFence_ = false;
    bool toldCanFence_ = false;  // the last FenceAbility told
    // Notice ids acted on in this board run (forgotten when the board loses
    // the session: a restarted board counts from 1 again).
    std::set<std::uint32_t> notices_;
};

} // namespace pgmd::boardlink
