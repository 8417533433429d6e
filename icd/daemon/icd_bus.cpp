#include "icd_bus.hpp"

#include "icd_host_adaptor.h"

#include <sdbus-c++/sdbus-c++.h>
#include <systemd/sd-bus.h>

#include <cstdlib>
#include <memory>

namespace icd::daemon {

namespace board = icd::board;

std::string icdHostObjectPath(const std::string& host)
{
    char* encoded = nullptr;
    if (sd_bus_path_encode(kIcdHostPathPrefix, host.c_str(), &encoded) < 0)
        throw std::bad_alloc();  // its only failure is running out of memory
    std::unique_ptr<char, decltype(&std::free)> owner(encoded, &std::free);
    return std::string(encoded);
}

class IcdHostObject : public sdbus::AdaptorInterfaces<org::pgmd1::IcdHost_adaptor> {
public:
    IcdHostObject(sdbus::IConnection& connection, IcdDaemon& daemon, std::string host)
        : AdaptorInterfaces(connection, icdHostObjectPath(host))
        , daemon_(daemon)
        , host_(std::move(host))
    {
        registerAdaptor();
    }
    ~IcdHostObject() { unregisterAdaptor(); }

    void changed() { getObject().emitPropertiesChangedSignal(org::pgmd1::IcdHost_adaptor::INTERFACE_NAME); }

    void reportRequest(const FenceRequestReport& r) { emitFenceRequested(r.target, r.activeGroups); }
    void reportAnswer(const board::FenceAnswer& a)
    {
        emitFenceAnswered(a.target, a.accepted, a.accepted ? "" : board::toString(a.refusal), a.detail);
    }
    void reportNotice(const board::Notice& n)
    {
        emitNoticeSent(n.id, n.peer, board::toString(n.event), board::toString(n.cause), n.by);
    }

private:
    const board::HostWatch& watch() const { return *daemon_.board().find(host_); }

    std::string Name() override { return host_; }
    std::vector<std::string> Peers() override { return daemon_.board().peersOf(host_); }
    std::string State() override { return board::toString(watch().state()); }
    std::string Power() override { return board::toString(watch().power()); }
    std::string LastAction() override { return board::toString(watch().lastAction().kind); }
    std::string LastReason() override { return watch().lastAction().reason; }
    uint32_t CyclesInWindow() override { return daemon_.board().cyclesInWindow(watch()); }
    uint32_t CycleBurst() override { return watch().config().cycles.burst; }

    std::map<std::string, uint64_t> Counters() override
    {
        std::map<std::string, uint64_t> out = daemon_.linkCounters(host_);
        const board::HostCounters& c = watch().counters();
        out["power-cycles"] = c.powerCycles;
        out["latches"] = c.latches;
        out["heartbeat-timeouts"] = c.heartbeatTimeouts;
        out["cycle-requests"] = c.cycleRequests;
        out["off-requests"] = c.offRequests;
        out["refusals"] = c.refusals;
        out["relay-failures"] = c.relayFailures;
        out["reboots-announced"] = c.rebootsAnnounced;
        out["fence-requests"] = c.fenceRequests;
        out["fenced-by-peer"] = c.fencedByPeer;
        out["notices-outstanding"] = daemon_.board().outstandingNotices(host_).size();
        return out;
    }

    void ClearLatch() override
    {
        requireRoot("clear the latch of a host");
        throwIfRefused(daemon_.clearLatch(host_));
    }

    void Disarm() override
    {
        requireRoot("disarm a host");
        throwIfRefused(daemon_.disarm(host_));
    }

    // The bus policy lets anyone call; pgm-icd itself decides from the
    // caller's credentials.
    void requireRoot(const std::string& what)
    {
        const sdbus::Message* call = getObject().getCurrentlyProcessedMessage();
        // Not knowing who asked is a refusal, never a pass.
        bool root = false;
        try {
            root = call != nullptr && call->getCredsUid() == 0;
        } catch (const sdbus::Error&) {
            root = false;
        }
        if (!root)
            throw sdbus::Error("org.freedesktop.DBus.Error.AccessDenied", "Only root may " + what);
    }

    static void throwIfRefused(const board::Reply& reply)
    {
        if (!reply.accepted)
            throw sdbus::Error(kIcdErrorRefused, std::string(board::toString(reply.refusal)) +
                                                     (reply.detail.empty() ? "" : ": " + reply.detail));
    }

    IcdDaemon& daemon_;
    std::string host_;
};

IcdBus::IcdBus(pgm::EventLoop& loop, IcdDaemon& daemon, const std::string& address)
    : loop_(loop)
    , connection_(address.empty() ? sdbus::createSystemBusConnection()
                                  : sdbus::createSessionBusConnectionWithAddress(address))
{
    for (const HostEntry& h : daemon.config().hosts)
        objects_[h.name] = std::make_unique<IcdHostObject>(*connection_, daemon, h.name);
    // The name last: a client that sees it finds every object in place.
    connection_->requestName(kIcdBusName);
    loop_.attach(*connection_);
}

IcdBus::~IcdBus()
{
    loop_.detach(*connection_);
    objects_.clear();
}

void IcdBus::reported(const FenceReport& report)
{
    // Each on the object of the host it concerns: the requester, or the
    // notice's recipient.
    std::visit(
        [this](const auto& r) {
            using T = std::decay_t<decltype(r)>;
            std::string host;
            if constexpr (std::is_same_v<T, board::Notice>)
                host = r.to;
            else
                host = r.requester;
            auto it = objects_.find(host);
            if (it == objects_.end())
                return;
            if constexpr (std::is_same_v<T, FenceRequestReport>)
                it->second->reportRequest(r);
            else if constexpr (std::is_same_v<T, board::FenceAnswer>)
                it->second->reportAnswer(r);
            else
                it->second->reportNotice(r);
        },
        report);
}

void IcdBus::changed(const std::string& host)
{
    auto it = objects_.find(host);
    if (it != objects_.end())
        it->second->changed();
}

} // namespace icd::daemon
