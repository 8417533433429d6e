// cpg-probe: the real corosync adapter (CorosyncLink) on a pgm::EventLoop,
// for integration tests in the cluster rig. Joins a CPG group and prints
// every event as one JSON line on stdout, stamped with CLOCK_MONOTONIC
// (shared by all sandboxes of a machine, so stamps compare across nodes):
//   {"event":"joined","node":1,"t_us":...}
//   {"event":"membership","members":[1,2],"joined":[{"node":2,"pid":7,"reason":"join"}],"left":[]}
//   {"event":"message","from":2,"pid":7,"text":"hello"}
//   {"event":"quorum","quorate":true,"members":[1,2]}
//   {"event":"links","links":[{"node":2,"link":0,"enabled":true,"connected":false}]}
//   {"event":"disconnected","reason":"unreachable","detail":"cpg_dispatch: CS_ERR_LIBRARY"}
//   {"event":"send","result":"not-joined","text":"..."}   (only when a send is refused)
// Each line read on stdin is multicast, except "!links", which asks for the
// link states. Ends on end of input or SIGTERM.
//
// Usage: cpg-probe GROUP [LINK_REFRESH_MS]

#include "cluster/corosync_link.hpp"

#include "common/loop/event_loop.hpp"
#include "common/loop/event_sources.hpp"

#include <nlohmann/json.hpp>

#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

using namespace pgmd::cluster;
using nlohmann::json;

namespace {

std::int64_t monotonicMicros()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return std::int64_t(ts.tv_sec) * 1'000'000 + ts.tv_nsec / 1000;
}

void print(json line)
{
    line["t_us"] = monotonicMicros();
    std::cout << line.dump() << std::endl;  // one flushed line per event: the test reads them live
}

json eventsJson(const std::vector<MemberEvent>& events)
{
    json out = json::array();
    for (const auto& e : events)
        out.push_back({{"node", e.node}, {"pid", e.pid}, {"reason", toString(e.reason)}});
    return out;
}

const char* resultName(SendResult r)
{
    switch (r) {
    case SendResult::Queued: return "queued";
    case SendResult::NotJoined: return "not-joined";
    case SendResult::TooLarge: return "too-large";
    }
    return "?";
}

class JsonListener final : public ClusterListener {
public:
    void joined(NodeId self) override { print({{"event", "joined"}, {"node", self}}); }
    void membershipChanged(const MembershipChange& c) override
    {
        print({{"event", "membership"}, {"members", c.members}, {"joined", eventsJson(c.joined)},
               {"left", eventsJson(c.left)}});
    }
    void delivered(NodeId from, std::uint32_t pid, std::span<const std::uint8_t> bytes) override
    {
        print({{"event", "message"}, {"from", from}, {"pid", pid}, {"text", std::string(bytes.begin(), bytes.end())}});
    }
    void quorumChanged(const QuorumState& q) override
    {
        print({{"event", "quorum"}, {"quorate", q.quorate}, {"members", q.members}});
    }
    void linksChanged(const std::vector<LinkState>& links) override
    {
        json out = json::array();
        for (const auto& l : links)
            out.push_back({{"node", l.node}, {"link", l.link}, {"enabled", l.enabled}, {"connected", l.connected}});
        print({{"event", "links"}, {"links", out}});
    }
    void disconnected(LossReason reason, const std::string& detail) override
    {
        print({{"event", "disconnected"}, {"reason", toString(reason)}, {"detail", detail}});
    }
};

// Lines from stdin, read as they come (the fd is non-blocking on the loop).
class StdinLines {
public:
    StdinLines(pgm::EventLoop& loop, std::function<void(const std::string&)> onLine, std::function<void()> onEnd)
        : onLine_(std::move(onLine))
        , onEnd_(std::move(onEnd))
        , watch_(loop.get(), STDIN_FILENO, EPOLLIN, [this](std::uint32_t) { read(); }, "stdin")
    {
    }

private:
    void read()
    {
        char buf[4096];
        ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
        if (n <= 0) {
            watch_.enable(false);
            onEnd_();
            return;
        }
        pending_.append(buf, static_cast<std::size_t>(n));
        for (std::size_t nl; (nl = pending_.find('\n')) != std::string::npos;) {
            std::string line = pending_.substr(0, nl);
            pending_.erase(0, nl + 1);
            onLine_(line);
        }
    }

    std::function<void(const std::string&)> onLine_;
    std::function<void()> onEnd_;
    std::string pending_;
    pgm::IoWatch watch_;
};

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2 || argc > 3) {
        std::fprintf(stderr, "usage: %s GROUP [LINK_REFRESH_MS]\n", argv[0]);
        return 2;
    }
    try {
        pgm::EventLoop loop;
        loop.onSignals([&](int) { loop.exit(EXIT_SUCCESS); });
        CorosyncLinkOptions options;
        if (argc == 3)
            options.linkRefresh = std::chrono::milliseconds(std::stoi(argv[2]));
        JsonListener listener;
        CorosyncLink link(loop, listener, options);
        StdinLines input(
            loop,
            [&](const std::string& line) {
                if (line == "!links") {
                    link.refreshLinks();
                    return;
                }
                SendResult r = link.multicast({reinterpret_cast<const std::uint8_t*>(line.data()), line.size()});
                if (r != SendResult::Queued)
                    print({{"event", "send"}, {"result", resultName(r)}, {"text", line}});
            },
            [&] {
                link.stop();
                loop.exit(EXIT_SUCCESS);
            });
        link.start(argv[1]);
        return loop.run();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "cpg-probe: %s\n", e.what());
        return 1;
    }
}
