// Drives EventLoop + SystemdClient against a real systemd (inside a sandbox)
// through one scenario and exits 0 only if every expected event arrived in time.
//
//   pgmd-systemd-probe [--unit-dir DIR] [--timeout SECONDS] UNIT_A UNIT_B
//   pgmd-systemd-probe --idle SECONDS
//
// --idle only runs the loop for that long and exits 0: run it as a service
// with WatchdogSec= shorter than that to see the loop keep the watchdog fed.
//
// UNIT_A and UNIT_B must be long-running services that systemd would restart
// itself (Restart=always): the drop-ins must stop that. Output, one line per
// event, each stamped with CLOCK_REALTIME microseconds:
//   <usec> unit <unit> <ActiveState> <detail>
//   <usec> job <unit> <start|restart|stop> <result>
//   <usec> step <name> ...
// Before the kill step it prints "<usec> await-kill <unit> <pid>" and waits
// for someone else to SIGKILL that pid.

#include "common/loop/event_loop.hpp"
#include "common/loop/system_clock.hpp"
#include "systemd/systemd_client.hpp"

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include <sdbus-c++/sdbus-c++.h>
#include <systemd/sd-bus.h>

namespace {

using namespace pgmd;

struct Event {
    bool isJob = false;
    std::string unit;
    JobKind kind = JobKind::Start;
    std::string result;       // jobs
    UnitActivity activity{};  // unit changes
    std::string detail;
};

// One scenario step: an action and the events that must follow it, in any order.
struct Step {
    std::string name;
    std::function<void()> act;
    std::vector<std::function<bool(const Event&)>> expected;
};

std::function<bool(const Event&)> job(std::string unit, JobKind kind, std::string result = "done")
{
    return [=](const Event& e) { return e.isJob && e.unit == unit && e.kind == kind && e.result == result; };
}

std::function<bool(const Event&)> becomes(std::string unit, UnitActivity activity, std::string detailPart = {})
{
    return [=](const Event& e) {
        return !e.isJob && e.unit == unit && e.activity == activity && e.detail.find(detailPart) != std::string::npos;
    };
}

class Probe : public SystemdListener {
public:
    Probe(pgm::EventLoop& loop, sdbus::IConnection& bus, const std::string& unitDir, std::string a, std::string b)
        : loop_(loop), bus_(bus), client_(bus, *this, unitDir), a_(std::move(a)), b_(std::move(b))
    {
    }

    int run(int timeoutSeconds)
    {
        GroupSpec group;
        group.name = "probe-grp";  // the dash exercises slice-name escaping
        group.layer = Layer::Application;
        group.description = "pgmd adapter probe (100% synthetic)";
        group.members = {MemberSpec{.name = a_}, MemberSpec{.name = b_}};
        slice_ = groupSlice(group);
        transient_.name = "pgmd-probe-transient.service";
        transient_.isTransient = true;
        transient_.execStart = {"/bin/sleep", "infinity"};
        transient_.environment = {"PGMD_PROBE=1"};
        group.members.push_back(transient_);

        client_.subscribe();
        client_.watch({a_, b_, transient_.name});
        bool reloaded = client_.installDropIns({group});
        print("step install-drop-ins reloaded=%d slice=%s", reloaded, slice_.c_str());
        for (const auto& [unit, activity] : client_.queryActivity({a_, b_, transient_.name}))
            print("initial %s %s", unit.c_str(), toString(activity));
        if (client_.unitExists(a_) != true || client_.unitExists("pgmd-probe-no-such.service") != false) {
            print("FAIL unitExists");
            return 1;
        }

        steps_ = {
            {"start-both", [this] { client_.startUnit(a_); client_.startUnit(b_); },
             {job(a_, JobKind::Start), job(b_, JobKind::Start), becomes(a_, UnitActivity::Active),
              becomes(b_, UnitActivity::Active)}},
            {"restart-a", [this] { client_.restartUnit(a_); }, {job(a_, JobKind::Restart)}},
            {"kill-a", [this] { awaitKill(); }, {becomes(a_, UnitActivity::Failed, "signal=KILL")}},
            {"start-failed-a", [this] { client_.startUnit(a_); },
             {job(a_, JobKind::Start), becomes(a_, UnitActivity::Active)}},
            {"start-transient", [this] { client_.startTransient(transient_, slice_, JobKind::Start); },
             {job(transient_.name, JobKind::Start), becomes(transient_.name, UnitActivity::Active)}},
            // Loaded already: must fall back to RestartUnit, as after a pgmd restart.
            {"restart-transient", [this] { client_.startTransient(transient_, slice_, JobKind::Restart); },
             {job(transient_.name, JobKind::Restart)}},
            {"start-missing", [this] { client_.startUnit("pgmd-probe-no-such.service"); },
             {job("pgmd-probe-no-such.service", JobKind::Start, "failed")}},
            {"stop-all", [this] { client_.stopUnit(a_); client_.stopUnit(b_); client_.stopUnit(transient_.name); },
             {job(a_, JobKind::Stop), job(b_, JobKind::Stop), job(transient_.name, JobKind::Stop),
              becomes(a_, UnitActivity::Inactive), becomes(b_, UnitActivity::Inactive)}},
        };

        pgm::SystemClock clock;
        loop_.setDeadline(clock.monotonic() + std::chrono::seconds(timeoutSeconds), [this] {
            print("FAIL timeout in step %s (%zu expected events missing)", steps_[current_].name.c_str(),
                  steps_[current_].expected.size());
            loop_.exit(1);
        });
        loop_.defer([this] { beginStep(); });
        return loop_.run();
    }

    void onUnitChanged(const std::string& unit, UnitActivity activity, const std::string& detail) override
    {
        print("unit %s %s %s", unit.c_str(), toString(activity), detail.c_str());
        handle(Event{.unit = unit, .activity = activity, .detail = detail});
    }

    void onJobFinished(const std::string& unit, JobKind kind, const std::string& result) override
    {
        print("job %s %s %s", unit.c_str(), toString(kind), result.c_str());
        handle(Event{.isJob = true, .unit = unit, .kind = kind, .result = result});
    }

    void onSystemdError(const std::string& what) override { print("systemd-error %s", what.c_str()); }

private:
    template <typename... Args>
    void print(const char* format, Args... args)
    {
        std::printf("%lld ", static_cast<long long>(clock_.now().usec));
        std::printf(format, args...);
        std::printf("\n");
        std::fflush(stdout);
    }

    void beginStep()
    {
        if (current_ == steps_.size()) {
            print("PASS");
            loop_.exit(0);
            return;
        }
        print("step %s", steps_[current_].name.c_str());
        steps_[current_].act();
    }

    void handle(const Event& e)
    {
        if (current_ == steps_.size())
            return;
        auto& expected = steps_[current_].expected;
        std::erase_if(expected, [&](const auto& matches) { return matches(e); });
        if (expected.empty()) {
            ++current_;
            // Not from inside the listener call: the next step calls the client.
            loop_.defer([this] { beginStep(); });
        }
    }

    void awaitKill()
    {
        char* path = nullptr;
        if (sd_bus_path_encode("/org/freedesktop/systemd1/unit", a_.c_str(), &path) < 0)
            throw std::bad_alloc();
        auto unit = sdbus::createProxy(bus_, "org.freedesktop.systemd1", path);
        std::free(path);
        std::uint32_t pid = unit->getProperty("MainPID").onInterface("org.freedesktop.systemd1.Service");
        print("await-kill %s %u", a_.c_str(), pid);
    }

    pgm::EventLoop& loop_;
    sdbus::IConnection& bus_;
    SystemdClient client_;
    pgm::SystemClock clock_;
    std::string a_, b_, slice_;
    MemberSpec transient_;
    std::vector<Step> steps_;
    std::size_t current_ = 0;
};

} // namespace

int main(int argc, char** argv)
{
    std::string unitDir = pgmd::defaultRuntimeUnitDirectory;
    int timeout = 30;
    int idle = -1;
    std::vector<std::string> units;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--unit-dir" && i + 1 < argc)
            unitDir = argv[++i];
        else if (arg == "--timeout" && i + 1 < argc)
            timeout = std::atoi(argv[++i]);
        else if (arg == "--idle" && i + 1 < argc)
            idle = std::atoi(argv[++i]);
        else
            units.push_back(arg);
    }
    if (idle >= 0) {
        pgm::EventLoop loop;
        pgm::SystemClock clock;
        loop.setDeadline(clock.monotonic() + std::chrono::seconds(idle), [&] { loop.exit(0); });
        return loop.run();
    }
    if (units.size() != 2) {
        std::fprintf(stderr, "usage: %s [--unit-dir DIR] [--timeout SECONDS] UNIT_A UNIT_B | --idle SECONDS\n",
                     argv[0]);
        return 2;
    }
    try {
        pgm::EventLoop loop;
        auto bus = sdbus::createSystemBusConnection();
        loop.attach(*bus);
        Probe probe(loop, *bus, unitDir, units[0], units[1]);
        int rc = probe.run(timeout);
        loop.detach(*bus);
        return rc;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "probe: %s\n", e.what());
        return 1;
    }
}
