#include "fake_systemd.hpp"

#include <cstdlib>

#include <sys/wait.h>
#include <systemd/sd-bus.h>

namespace pgmd::test {
namespace {

constexpr const char* managerInterface = "org.freedesktop.systemd1.Manager";
constexpr const char* unitInterface = "org.freedesktop.systemd1.Unit";
constexpr const char* serviceInterface = "org.freedesktop.systemd1.Service";

std::string unitPath(const std::string& name)
{
    char* path = nullptr;
    sd_bus_path_encode("/org/freedesktop/systemd1/unit", name.c_str(), &path);
    std::string out(path);
    std::free(path);
    return out;
}

std::string join(const std::vector<std::string>& words)
{
    std::string out;
    for (const auto& w : words)
        out += (out.empty() ? "" : " ") + w;
    return out;
}

std::string asText(const sdbus::Variant& v)
{
    using Command = sdbus::Struct<std::string, std::vector<std::string>, bool>;
    if (v.containsValueOfType<std::string>())
        return v.get<std::string>();
    if (v.containsValueOfType<std::vector<std::string>>())
        return join(v.get<std::vector<std::string>>());
    if (v.containsValueOfType<std::vector<Command>>()) {
        std::string out;
        for (const auto& c : v.get<std::vector<Command>>())
            out += std::get<0>(c) + ": " + join(std::get<1>(c));
        return out;
    }
    return "<" + std::string(v.peekValueType()) + ">";
}

} // namespace

// Guarded by the fake's mutex; never held while calling into sdbus from the
// test thread, as sdbus holds its own lock while it runs our handlers.
struct FakeSystemd::Unit {
    std::string name;
    bool exists = false;
    std::string loadState = "not-found";
    std::string active = "inactive";
    std::string sub = "dead";
    std::string result = "success";
    std::int32_t mainCode = 0;
    std::int32_t mainStatus = 0;
    std::uint32_t mainPid = 0;
    std::map<std::string, std::string> transientProperties;
    std::unique_ptr<sdbus::IObject> object;
};

FakeSystemd::FakeSystemd(const std::string& busAddress)
    : connection_(sdbus::createSessionBusConnectionWithAddress(busAddress))
{
    connection_->requestName("org.freedesktop.systemd1");
    manager_ = sdbus::createObject(*connection_, "/org/freedesktop/systemd1");
    manager_->registerMethod("Subscribe").onInterface(managerInterface).implementedAs([this] {
        std::lock_guard lock(mutex_);
        subscribed_ = true;
        record("Subscribe");
    });
    manager_->registerMethod("Reload").onInterface(managerInterface).implementedAs([this] {
        std::lock_guard lock(mutex_);
        ++reloads_;
        record("Reload");
    });
    manager_->registerMethod("LoadUnit").onInterface(managerInterface).implementedAs([this](const std::string& name) {
        record("LoadUnit " + name);
        return sdbus::ObjectPath(unitPath(unit(resolve(name)).name));
    });
    using Listed = sdbus::Struct<std::string, std::string, std::string, std::string, std::string, std::string,
                                 sdbus::ObjectPath, std::uint32_t, std::string, sdbus::ObjectPath>;
    manager_->registerMethod("ListUnitsByNames").onInterface(managerInterface).implementedAs(
        [this](const std::vector<std::string>& names) {
            record("ListUnitsByNames");
            std::vector<Listed> out;
            for (const auto& name : names) {
                auto& u = unit(resolve(name));
                std::lock_guard lock(mutex_);
                out.push_back(Listed{u.name, "", u.loadState, u.active, u.sub, "", sdbus::ObjectPath(unitPath(u.name)),
                                     0u, "", sdbus::ObjectPath("/")});
            }
            return out;
        });
    manager_->registerMethod("ResetFailedUnit").onInterface(managerInterface).implementedAs([this](const std::string& name) {
        record("ResetFailedUnit " + name);
        auto& u = unit(name);
        std::lock_guard lock(mutex_);
        if (!u.exists)
            throw sdbus::Error("org.freedesktop.systemd1.NoSuchUnit", "Unit " + name + " not loaded.");
        if (u.active == "failed")
            setState(u, "inactive", "dead", "success");
    });
    for (const char* method : {"StartUnit", "RestartUnit", "StopUnit"}) {
        std::string m = method;
        manager_->registerMethod(method).onInterface(managerInterface).implementedAs(
            [this, m](sdbus::Result<sdbus::ObjectPath>&& reply, const std::string& name, const std::string& mode) {
                record(m + " " + name + " " + mode);
                job(std::move(reply), m, name);
            });
    }
    manager_->registerMethod("StartTransientUnit").onInterface(managerInterface).implementedAs(
        [this](sdbus::Result<sdbus::ObjectPath>&& reply, const std::string& name, const std::string& mode,
               const std::vector<Property>& properties, const std::vector<AuxUnit>&) {
            record("StartTransientUnit " + name + " " + mode);
            auto& u = unit(name);
            {
                std::lock_guard lock(mutex_);
                if (u.exists) {
                    reply.returnError(sdbus::Error("org.freedesktop.systemd1.UnitExists",
                                                   "Unit " + name + " was already loaded or has a fragment file."));
                    return;
                }
                u.exists = true;
                u.loadState = "loaded";
                for (const auto& p : properties)
                    u.transientProperties[std::get<0>(p)] = asText(std::get<1>(p));
            }
            job(std::move(reply), "StartUnit", name);
        });
    manager_->registerSignal("JobRemoved")
        .onInterface(managerInterface)
        .withParameters<std::uint32_t, sdbus::ObjectPath, std::string, std::string>();
    manager_->finishRegistration();
    connection_->enterEventLoopAsync();
}

FakeSystemd::~FakeSystemd()
{
    connection_->leaveEventLoop();
}

FakeSystemd::Unit& FakeSystemd::unit(const std::string& name)
{
    Unit* u = nullptr;
    {
        std::lock_guard lock(mutex_);
        auto& slot = units_[name];
        if (slot)
            return *slot;
        slot = std::make_unique<Unit>();
        slot->name = name;
        u = slot.get();
    }
    auto object = sdbus::createObject(*connection_, unitPath(name));
    auto getter = [this](auto field) {
        return [this, field] {
            std::lock_guard lock(mutex_);
            return field();
        };
    };
    object->registerProperty("LoadState").onInterface(unitInterface).withGetter(getter([u] { return u->loadState; }));
    object->registerProperty("ActiveState").onInterface(unitInterface).withGetter(getter([u] { return u->active; }));
    object->registerProperty("SubState").onInterface(unitInterface).withGetter(getter([u] { return u->sub; }));
    object->registerProperty("Result").onInterface(serviceInterface).withGetter(getter([u] { return u->result; }));
    object->registerProperty("ExecMainCode").onInterface(serviceInterface).withGetter(getter([u] { return u->mainCode; }));
    object->registerProperty("ExecMainStatus").onInterface(serviceInterface).withGetter(getter([u] { return u->mainStatus; }));
    object->registerProperty("MainPID").onInterface(serviceInterface).withGetter(getter([u] { return u->mainPid; }));
    object->finishRegistration();
    std::lock_guard lock(mutex_);
    u->object = std::move(object);
    return *u;
}

void FakeSystemd::addUnit(const std::string& name, const std::string& activeState)
{
    auto& u = unit(name);
    std::lock_guard lock(mutex_);
    u.exists = true;
    u.loadState = "loaded";
    u.active = activeState;
    u.sub = activeState == "active" ? "running" : "dead";
}

void FakeSystemd::addAlias(const std::string& alias, const std::string& target)
{
    std::lock_guard lock(mutex_);
    aliases_[alias] = target;
}

std::string FakeSystemd::resolve(const std::string& name) const
{
    std::lock_guard lock(mutex_);
    auto it = aliases_.find(name);
    return it == aliases_.end() ? name : it->second;
}

void FakeSystemd::setState(Unit& u, const std::string& active, const std::string& sub, const std::string& result,
                           int mainCode, int mainStatus)
{
    {
        std::lock_guard lock(mutex_);
        u.active = active;
        u.sub = sub;
        u.result = result;
        u.mainCode = mainCode;
        u.mainStatus = mainStatus;
        u.mainPid = active == "active" ? 4242 : 0;
    }
    // Type-specific first, then the generic unit, like systemd.
    u.object->emitPropertiesChangedSignal(serviceInterface);
    u.object->emitPropertiesChangedSignal(unitInterface);
}

void FakeSystemd::killMainProcess(const std::string& name, int signal)
{
    setState(unit(name), "failed", "failed", "signal", CLD_KILLED, signal);
}

void FakeSystemd::job(sdbus::Result<sdbus::ObjectPath>&& reply, const std::string& method, const std::string& name)
{
    auto& u = unit(name);
    sdbus::ObjectPath path;
    std::uint32_t id = 0;
    JobRemovedOrder order;
    {
        std::lock_guard lock(mutex_);
        if (!u.exists) {
            reply.returnError(sdbus::Error("org.freedesktop.systemd1.NoSuchUnit", "Unit " + name + " not found."));
            return;
        }
        id = ++lastJob_;
        path = "/org/freedesktop/systemd1/job/" + std::to_string(id);
        order = order_;
    }
    if (order == JobRemovedOrder::AfterReply)
        reply.returnResults(path);
    if (method == "StopUnit") {
        // A clean stop ends the main process with SIGTERM; a failed unit stays failed.
        if (activeState(name) != "failed")
            setState(u, "inactive", "dead", "success", CLD_KILLED, SIGTERM);
    } else {
        setState(u, "active", "running", "success");
    }
    {
        std::lock_guard lock(mutex_);
        if (holding_) {
            held_.push_back({id, path, name});
            if (order == JobRemovedOrder::BeforeReply)
                reply.returnResults(path);
            return;
        }
    }
    manager_->emitSignal("JobRemoved").onInterface(managerInterface).withArguments(id, path, name, std::string("done"));
    if (order == JobRemovedOrder::BeforeReply)
        reply.returnResults(path);
}

void FakeSystemd::setJobRemovedOrder(JobRemovedOrder order)
{
    std::lock_guard lock(mutex_);
    order_ = order;
}

void FakeSystemd::holdJobs()
{
    std::lock_guard lock(mutex_);
    holding_ = true;
}

void FakeSystemd::finishHeldJobs()
{
    std::vector<HeldJob> held;
    {
        std::lock_guard lock(mutex_);
        holding_ = false;
        held.swap(held_);
    }
    for (const auto& j : held)
        manager_->emitSignal("JobRemoved").onInterface(managerInterface).withArguments(j.id, j.path, j.unit,
                                                                                     std::string("done"));
}

void FakeSystemd::record(const std::string& call)
{
    std::lock_guard lock(mutex_);
    calls_.push_back(call);
}

bool FakeSystemd::subscribed() const
{
    std::lock_guard lock(mutex_);
    return subscribed_;
}

int FakeSystemd::reloads() const
{
    std::lock_guard lock(mutex_);
    return reloads_;
}

std::string FakeSystemd::activeState(const std::string& name) const
{
    std::lock_guard lock(mutex_);
    auto it = units_.find(name);
    return it == units_.end() ? "inactive" : it->second->active;
}

std::vector<std::string> FakeSystemd::calls() const
{
    std::lock_guard lock(mutex_);
    return calls_;
}

std::map<std::string, std::string> FakeSystemd::transientProperties(const std::string& name) const
{
    std::lock_guard lock(mutex_);
    auto it = units_.find(name);
    return it == units_.end() ? std::map<std::string, std::string>{} : it->second->transientProperties;
}

} // namespace pgmd::test
