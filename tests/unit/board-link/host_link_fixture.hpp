#pragma once
// A BoardLinkSession and a FakeBoard (the real BoardSession) joined by hand:
// frames go both ways until both ends are quiet, and the link's events are
// recorded.

#include "fake_board.hpp"

#include "board_link/board_link_session.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace pgmd::boardlink::test {

class FixedClock : public Clock {
public:
    TimePoint now() const override { return {1'700'000'000'000'000}; }
    MonoTime monotonic() const override { return {1}; }
};

class HostLinkTest : public ::testing::Test {
protected:
    HostLinkTest()
        : link_(FakeBoard::kHost, test::testKey(), clock_, [this](const icd::Bytes& f) { wire_.push_back(f); },
                [this](const LinkEvent& e) { events_.push_back(e); },
                [this]() -> std::optional<icd::Nonce> { return test::nonceNumber(++nonces_); })
    {
    }

    // Carries frames both ways until both ends are quiet.
    void exchange()
    {
        while (!wire_.empty()) {
            icd::Bytes frame = std::move(wire_.front());
            wire_.pop_front();
            ++framesSent_;
            if (dropToBoard_) {
                continue;
            }
            icd::Bytes back = board_.receive(frame);
            if (!back.empty() && !dropToHost_)
                link_.onBytes(back);
        }
    }

    void connect()
    {
        link_.start();
        exchange();
        ASSERT_EQ(link_.state(), LinkState::Up);
    }

    // A link that never opened a session; its events are recorded too.
    BoardLinkSession& unconnected()
    {
        idle_.emplace(FakeBoard::kHost, test::testKey(), clock_, [](const icd::Bytes&) {},
                      [this](const LinkEvent& e) { events_.push_back(e); },
                      [] { return std::optional<icd::Nonce>{}; });
        return *idle_;
    }

    bool sawEvent(LinkEvent::Level level, const std::string& part) const
    {
        for (const auto& e : events_)
            if (e.level == level && e.message.find(part) != std::string::npos)
                return true;
        return false;
    }

    FixedClock clock_;
    FakeBoard board_;
    std::deque<icd::Bytes> wire_;
    std::vector<LinkEvent> events_;
    std::uint8_t nonces_ = 0;
    std::size_t framesSent_ = 0;
    bool dropToBoard_ = false;
    bool dropToHost_ = false;
    BoardLinkSession link_;
    std::optional<BoardLinkSession> idle_;
};

} // namespace pgmd::boardlink::test
