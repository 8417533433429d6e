// pgm-icd as fencer and arbiter, end to end in one process: two hosts
// speaking the protocol over pseudo-terminals, relays that are shell scripts
// recording their calls, the daemon on a real event loop.

#include "icd_daemon.hpp"
#include "common/loop/system_clock.hpp"
#include "protocol/frame_reader.hpp"
#include "protocol/host_session.hpp"

#include "../support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

namespace {

using namespace std::chrono_literals;
using namespace icd;
using Steady = std::chrono::steady_clock;

Bytes keyBytes(std::uint8_t seed)
{
    Bytes b(32);
    for (std::size_t i = 0; i < b.size(); ++i)
        b[i] = static_cast<std::uint8_t>(seed * 17 + i * 3 + 1);
    return b;
}

void writeFile(const std::string& path, const std::string& text, mode_t mode)
{
    std::ofstream(path) << text;
    ::chmod(path.c_str(), mode);
}

std::string readFile(const std::string& path)
{
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// One host's end of its line, as pgmd would be: a session, and what the
// board sent it.
struct SimHost {
    SimHost(HostId id, Key key) : session(id, std::move(key))
    {
        master = ::posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK);
        EXPECT_GE(master, 0);
        EXPECT_EQ(::grantpt(master), 0);
        EXPECT_EQ(::unlockpt(master), 0);
        slavePath = ::ptsname(master);
        // Held open so that the board's reopen never leaves the master hung up.
        slave = ::open(slavePath.c_str(), O_RDWR | O_NOCTTY);
        termios raw{};
        ::tcgetattr(master, &raw);
        ::cfmakeraw(&raw);
        ::tcsetattr(master, TCSANOW, &raw);
    }
    ~SimHost()
    {
        ::close(slave);
        ::close(master);
    }

    void write(const Bytes& frame) { EXPECT_EQ(::write(master, frame.data(), frame.size()), ssize_t(frame.size())); }
    std::uint32_t send(const HostRequest& request)
    {
        const Sealed sealed = session.seal(request);
        EXPECT_TRUE(sealed.ok());
        write(sealed.frame);
        return sealed.seq;
    }
    void read()
    {
        std::uint8_t buffer[512];
        for (ssize_t n; (n = ::read(master, buffer, sizeof buffer)) > 0;)
            for (const Bytes& body : reader.feed(ByteView(buffer, static_cast<std::size_t>(n)))) {
                Outcome out = session.open(body);
                if (out.accepted())
                    received.push_back(*out.message);
            }
    }
    // The answer to request `seq`, if it came.
    std::optional<Payload> answerTo(std::uint32_t seq) const
    {
        for (const Message& m : received) {
            if (const auto* ack = std::get_if<Ack>(&m.payload); ack && ack->seq == seq)
                return m.payload;
            if (const auto* nak = std::get_if<Nak>(&m.payload); nak && nak->seq == seq)
                return m.payload;
            if (const auto* status = std::get_if<PeerStatus>(&m.payload); status && status->inReplyTo == seq)
                return m.payload;
        }
        return std::nullopt;
    }
    std::vector<PeerNotice> notices() const
    {
        std::vector<PeerNotice> out;
        for (const Message& m : received)
            if (const auto* n = std::get_if<PeerNotice>(&m.payload))
                out.push_back(*n);
        return out;
    }

    int master = -1;
    int slave = -1;
    std::string slavePath;
    HostSession session;
    FrameReader reader;
    std::vector<Message> received;
};

class FenceDaemon : public testing::Test {
protected:
    FenceDaemon() : a(1, *Key::fromBytes(keyBytes(1))), b(2, *Key::fromBytes(keyBytes(2)))
    {
        // sd-event's child sources (the relay commands) need SIGCHLD blocked.
        sigset_t chld;
        sigemptyset(&chld);
        sigaddset(&chld, SIGCHLD);
        sigprocmask(SIG_BLOCK, &chld, nullptr);
        // The relay: "off"/"on" switch a state file, "status" reads it back
        // (exit 0: on, 2: off), every call is recorded.
        writeFile(dir / "relay.sh",
                  "state=$1; log=$2; shift 2\necho \"$1\" >> \"$log\"\n"
                  "case $1 in off|on) echo $1 > \"$state\";; status) [ \"$(cat \"$state\" 2>/dev/null)\" = off ] "
                  "&& exit 2; exit 0;; esac\n",
                  0700);
        std::string config = "[Board]\nStateDirectory=" + dir.path() + "\nFenceRaceWindow=300ms\n";
        for (const auto& [name, id, host] : {std::tuple{"a", 1, &a}, std::tuple{"b", 2, &b}}) {
            std::string hex;
            for (std::uint8_t byte : keyBytes(static_cast<std::uint8_t>(id))) {
                static const char* digits = "0123456789abcdef";
                hex += digits[byte >> 4];
                hex += digits[byte & 15];
            }
            writeFile(dir / (std::string(name) + ".key"), hex + "\n", 0600);
            config += std::string("[Host.") + name + "]\nHostId=" + std::to_string(id) + "\nDevice=" +
                      host->slavePath + "\nKeyFile=" + dir / (std::string(name) + ".key") +
                      "\nHeartbeatTimeout=10s\nBootGrace=10s\nOffTime=200ms\nCycleBurst=3\nCycleInterval=1h\n"
                      "RelayTimeout=5s\nRelayCommand=/bin/sh " + dir / "relay.sh" + " " + dir / name + ".state " +
                      dir / name + ".calls\n";
        }
        auto loaded = daemon::parseIcdConfig("fence.conf", config);
        EXPECT_TRUE(loaded.config);
        daemonUnderTest = std::make_unique<daemon::IcdDaemon>(loop, clock, *loaded.config, "boot-1");
        daemonUnderTest->onFenceReport([this](const daemon::FenceReport& r) { reports.push_back(r); });
    }

    bool runUntil(std::chrono::milliseconds limit, const std::function<bool()>& done)
    {
        const auto deadline = Steady::now() + limit;
        while (Steady::now() < deadline) {
            a.read();
            b.read();
            if (done())
                return true;
            sd_event_run(loop.get(), 5000);
        }
        a.read();
        b.read();
        return done();
    }

    void establish(SimHost& host, std::uint8_t nonceSeed)
    {
        Nonce nonce{};
        nonce.fill(nonceSeed);
        host.write(host.session.hello(nonce).frame);
        ASSERT_TRUE(runUntil(3s, [&] { return host.session.state() == HostSession::State::Established; }));
        const std::uint32_t beat = host.send(Heartbeat{});
        ASSERT_TRUE(runUntil(3s, [&] { return host.answerTo(beat).has_value(); }));
    }

    std::string relayCalls(const std::string& host) const { return readFile(dir / (host + ".calls")); }

    pgmd::test::TempDir dir;
    SimHost a;
    SimHost b;
    pgm::EventLoop loop;
    pgm::SystemClock clock;
    std::unique_ptr<daemon::IcdDaemon> daemonUnderTest;
    std::vector<daemon::FenceReport> reports;
};

TEST_F(FenceDaemon, BothAskWithinTheWindowAndTheSideWithMoreGroupsWins)
{
    establish(a, 1);
    establish(b, 2);
    const std::uint32_t fromA = a.send(FencePeer{2, 1});
    const std::uint32_t fromB = b.send(FencePeer{1, 3});
    ASSERT_TRUE(runUntil(3s, [&] { return a.answerTo(fromA) && b.answerTo(fromB); }));
    EXPECT_EQ(*b.answerTo(fromB), Payload(Ack{fromB}));
    EXPECT_EQ(*a.answerTo(fromA), Payload(Nak{fromA, NakReason::Refused}));

    // a is told it is being fenced; b that a is being fenced, then that it is
    // off (a notice may come twice: it is repeated after each answer until
    // acknowledged).
    auto firstOf = [](const SimHost& host, PeerEvent event) -> std::optional<PeerNotice> {
        for (const PeerNotice& n : host.notices())
            if (n.event == event)
                return n;
        return std::nullopt;
    };
    ASSERT_TRUE(runUntil(5s, [&] { return firstOf(b, PeerEvent::Off).has_value(); }));
    ASSERT_TRUE(firstOf(a, PeerEvent::Fencing));
    EXPECT_EQ(*firstOf(a, PeerEvent::Fencing), (PeerNotice{firstOf(a, PeerEvent::Fencing)->id, 1, PeerEvent::Fencing,
                                                           ActionReason::FenceRequest, 2}));
    ASSERT_TRUE(firstOf(b, PeerEvent::Fencing));
    EXPECT_EQ(firstOf(b, PeerEvent::Fencing)->peer, 1);
    EXPECT_EQ(b.notices().front().event, PeerEvent::Fencing);
    EXPECT_EQ(firstOf(b, PeerEvent::Off)->peer, 1);
    EXPECT_EQ(firstOf(b, PeerEvent::Off)->by, 2);
    EXPECT_EQ(firstOf(b, PeerEvent::Off)->reason, ActionReason::FenceRequest);
    EXPECT_NE(relayCalls("a").find("off"), std::string::npos);
    EXPECT_EQ(relayCalls("b"), "");
    EXPECT_EQ(daemonUnderTest->board().find("a")->lastAction().cause, board::ActionCause::FenceRequest);

    // Reported for D-Bus: both requests, both answers, the notices.
    std::size_t requests = 0, answers = 0, notices = 0;
    for (const daemon::FenceReport& r : reports) {
        requests += std::holds_alternative<daemon::FenceRequestReport>(r);
        answers += std::holds_alternative<board::FenceAnswer>(r);
        notices += std::holds_alternative<board::Notice>(r);
    }
    EXPECT_EQ(requests, 2u);
    EXPECT_EQ(answers, 2u);
    EXPECT_GE(notices, 3u);
}

TEST_F(FenceDaemon, AnUnansweredRequestIsGrantedWhenTheWindowEnds)
{
    establish(a, 3);
    establish(b, 4);
    const auto asked = Steady::now();
    const Sealed fence = a.session.seal(FencePeer{2, 0});
    a.write(fence.frame);
    const std::uint32_t seq = fence.seq;
    EXPECT_FALSE(runUntil(150ms, [&] { return a.answerTo(seq).has_value(); }));
    a.write(fence.frame);  // resent before the answer: a duplicate, answered by nothing
    ASSERT_TRUE(runUntil(3s, [&] { return a.answerTo(seq).has_value(); }));
    EXPECT_GE(Steady::now() - asked, 280ms) << "answered before the race window ended";
    EXPECT_EQ(*a.answerTo(seq), Payload(Ack{seq}));
    std::size_t answersToSeq = 0;
    for (const Message& m : a.received)
        answersToSeq += std::holds_alternative<Ack>(m.payload) && std::get<Ack>(m.payload).seq == seq;
    EXPECT_EQ(answersToSeq, 1u);

    ASSERT_TRUE(runUntil(5s, [&] {
        for (const PeerNotice& n : a.notices())
            if (n.event == PeerEvent::Off)
                return true;
        return false;
    }));
    EXPECT_NE(relayCalls("b").find("off"), std::string::npos);
}

TEST_F(FenceDaemon, NoticesAreRepeatedAfterEachAnswerUntilAcknowledged)
{
    establish(a, 5);
    establish(b, 6);
    a.send(FencePeer{2, 0});
    ASSERT_TRUE(runUntil(5s, [&] { return !daemonUnderTest->board().outstandingNotices("a").empty() &&
                                          daemonUnderTest->board().find("b")->power() == board::PowerState::Off; }));
    ASSERT_TRUE(runUntil(2s, [&] { return !a.notices().empty(); }));
    const std::size_t before = a.notices().size();
    const std::uint32_t beat = a.send(Heartbeat{});
    ASSERT_TRUE(runUntil(2s, [&] { return a.answerTo(beat) && a.notices().size() > before; }));
    const PeerNotice latest = a.notices().back();
    EXPECT_EQ(latest.peer, 2);

    for (const board::Notice& n : daemonUnderTest->board().outstandingNotices("a"))
        a.send(NoticeAck{n.id});
    ASSERT_TRUE(runUntil(2s, [&] { return daemonUnderTest->board().outstandingNotices("a").empty(); }));
    const std::size_t acknowledged = a.notices().size();
    const std::uint32_t next = a.send(Heartbeat{});
    ASSERT_TRUE(runUntil(2s, [&] { return a.answerTo(next).has_value(); }));
    runUntil(100ms, [] { return false; });
    EXPECT_EQ(a.notices().size(), acknowledged);
}

TEST_F(FenceDaemon, APeerQueryIsAnsweredWithTheBoardsView)
{
    establish(a, 7);
    establish(b, 8);
    const std::uint32_t query = a.send(PeerQuery{2});
    ASSERT_TRUE(runUntil(2s, [&] { return a.answerTo(query).has_value(); }));
    const Payload answer = *a.answerTo(query);
    const auto* status = std::get_if<PeerStatus>(&answer);
    ASSERT_TRUE(status);
    EXPECT_EQ(status->target, 2);
    EXPECT_EQ(status->state, BoardState::Armed);
    EXPECT_LT(status->msSinceBeat, 5000u);

    const std::uint32_t unknown = a.send(PeerQuery{9});
    ASSERT_TRUE(runUntil(2s, [&] { return a.answerTo(unknown).has_value(); }));
    EXPECT_EQ(*a.answerTo(unknown), Payload(Nak{unknown, NakReason::UnknownHost}));
    const std::uint32_t itself = a.send(FencePeer{1, 0});
    ASSERT_TRUE(runUntil(2s, [&] { return a.answerTo(itself).has_value(); }));
    EXPECT_EQ(*a.answerTo(itself), Payload(Nak{itself, NakReason::NotPeer}));
}

// The host started a new session while its request waited: the answer, due
// under the old session's seq, is not given in the new one, where that seq
// would name another request.
TEST_F(FenceDaemon, ADeferredAnswerDoesNotCrossIntoANewSession)
{
    establish(a, 9);
    establish(b, 10);
    for (int i = 0; i < 4; ++i)
        a.send(Heartbeat{});
    const std::uint32_t fence = a.send(FencePeer{2, 0});
    ASSERT_GT(fence, 2u);
    establish(a, 11);  // seqs start again at 1
    a.received.clear();
    ASSERT_TRUE(runUntil(3s, [&] { return daemonUnderTest->board().find("b")->power() == board::PowerState::Off; }));
    for (std::uint32_t seq = 1; seq < 3; ++seq)
        a.send(Heartbeat{});
    runUntil(200ms, [] { return false; });
    EXPECT_FALSE(a.answerTo(fence)) << "the old session's answer reached the new one";
    EXPECT_TRUE(a.answerTo(2));
}

} // namespace
