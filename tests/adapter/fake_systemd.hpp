#pragma once
// Just enough of org.freedesktop.systemd1 to exercise SystemdClient: units
// with Unit and Service properties, jobs that finish at once, JobRemoved, and
// PropertiesChanged sent type-specific interface first, as systemd does. It
// runs its own connection and thread, so the client may call it synchronously.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <sdbus-c++/sdbus-c++.h>

namespace pgmd::test {

class FakeSystemd {
public:
    // Whether JobRemoved is sent before or after the job call's reply.
    enum class JobRemovedOrder { BeforeReply, AfterReply };

    explicit FakeSystemd(const std::string& busAddress);
    ~FakeSystemd();

    // A unit with a unit file; unknown names load as "not-found".
    void addUnit(const std::string& name, const std::string& activeState = "inactive");
    // `alias` names `target`: systemd lists and loads it under the target's name.
    void addAlias(const std::string& alias, const std::string& target);
    // The unit's main process dies of `signal`: failed, Result=signal.
    void killMainProcess(const std::string& unit, int signal);
    void setJobRemovedOrder(JobRemovedOrder order);
    // Jobs stay pending (no JobRemoved) until finishHeldJobs().
    void holdJobs();
    void finishHeldJobs();

    bool subscribed() const;
    int reloads() const;
    std::string activeState(const std::string& unit) const;
    // Manager calls received, e.g. "StartUnit pgmd-a.service replace".
    std::vector<std::string> calls() const;
    // Properties a transient unit was created with (name -> value as text).
    std::map<std::string, std::string> transientProperties(const std::string& unit) const;

private:
    struct Unit;
    using Property = sdbus::Struct<std::string, sdbus::Variant>;
    using AuxUnit = sdbus::Struct<std::string, std::vector<Property>>;

    Unit& unit(const std::string& name);  // creates a not-found unit on first use
    std::string resolve(const std::string& name) const;
    void setState(Unit& u, const std::string& active, const std::string& sub, const std::string& result,
                  int mainCode = 0, int mainStatus = 0);
    void job(sdbus::Result<sdbus::ObjectPath>&& reply, const std::string& method, const std::string& name);
    void record(const std::string& call);

    std::unique_ptr<sdbus::IConnection> connection_;
    std::unique_ptr<sdbus::IObject> manager_;
    mutable std::recursive_mutex mutex_;
    std::map<std::string, std::unique_ptr<Unit>> units_;
    std::map<std::string, std::string> aliases_;
    JobRemovedOrder order_ = JobRemovedOrder::AfterReply;
    struct HeldJob {
        std::uint32_t id;
        sdbus::ObjectPath path;
        std::string unit;
    };
    bool holding_ = false;
    std::vector<HeldJob> held_;
    bool subscribed_ = false;
    int reloads_ = 0;
    std::uint32_t lastJob_ = 0;
    std::vector<std::string> calls_;
};

} // namespace pgmd::test
