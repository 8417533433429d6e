#include "standby_service.hpp"

#include "log.hpp"

#include <chrono>
#include <string>
#include <system_error>

#include <systemd/sd-daemon.h>

namespace example {
namespace {

using pgmd::client::Activation;
using pgmd::client::RunState;

std::string describe(const Activation& request)
{
    return std::string(pgmd::client::busName(request.state)) + " (incarnation " +
           std::to_string(request.incarnation) + ")";
}

} // namespace

StandbyService::StandbyService(sd_event* event, sdbus::IConnection& connection, const Options& options)
    : options_(options), application_(connection, options.group), client_(connection)
{
    // Created disabled; each delayed acknowledgement arms it once.
    int r = sd_event_add_time_relative(event, &ackTimer_, CLOCK_MONOTONIC, 0, 0, onAckDelayElapsed, this);
    if (r >= 0)
        r = sd_event_source_set_enabled(ackTimer_, SD_EVENT_OFF);
    if (r < 0) {
        sd_event_source_disable_unref(ackTimer_);
        throw std::system_error(-r, std::generic_category(), "acknowledgement timer");
    }
}

StandbyService::~StandbyService()
{
    sd_event_source_disable_unref(ackTimer_);
}

void StandbyService::start()
{
    application_.onRequest([this](RunState state, std::uint64_t incarnation) { onRequest(state, incarnation); });
    application_.start();
    log(Level::Info, "serving group " + application_.group() + "; waiting for pgmd's request");
    client_.onWatchLost([](const std::string& group, const pgmd::client::Error& error) {
        log(Level::Warning, "no longer watching group " + group + ": " + error.what());
    });
    for (const auto& group : options_.watchedGroups)
        watch(group);
}

void StandbyService::onRequest(RunState state, std::uint64_t incarnation)
{
    Activation request{state, incarnation};
    log(Level::Info, "asked to become " + describe(request));
    if (!options_.acknowledge) {
        log(Level::Info, "not acknowledging: --no-ack");
        return;
    }
    if (options_.ackDelay.count() == 0) {
        acknowledge(request);
        return;
    }
    delayedRequest_ = request;
    auto delayUsec = std::chrono::duration_cast<std::chrono::microseconds>(options_.ackDelay).count();
    int r = sd_event_source_set_time_relative(ackTimer_, static_cast<std::uint64_t>(delayUsec));
    if (r >= 0)
        r = sd_event_source_set_enabled(ackTimer_, SD_EVENT_ONESHOT);
    if (r < 0) {
        log(Level::Error, "cannot arm the acknowledgement timer: " + std::system_category().message(-r) +
                              "; acknowledging at once");
        delayedRequest_.reset();
        acknowledge(request);
        return;
    }
    log(Level::Info, "acknowledging " + describe(request) + " in " + std::to_string(options_.ackDelay.count()) +
                         " ms");
}

int StandbyService::onAckDelayElapsed(sd_event_source*, std::uint64_t, void* self)
{
    auto* service = static_cast<StandbyService*>(self);
    if (auto request = service->delayedRequest_) {
        service->delayedRequest_.reset();
        service->acknowledge(*request);
    }
    return 0;
}

void StandbyService::acknowledge(const Activation& request)
{
    try {
        application_.acknowledge(request.state, request.incarnation);
    } catch (const pgmd::client::Error& error) {
        log(Level::Error, "acknowledging " + describe(request) + " failed: " + error.what());
        return;
    }
    log(Level::Info, "acknowledged " + describe(request));
    sd_notifyf(0, "STATUS=%s", describe(request).c_str());
}

void StandbyService::reportFault()
{
    const std::string reason = "example: SIGUSR1";
    try {
        application_.reportFault(pgmd::client::Recovery::RestartGroup, reason);
    } catch (const pgmd::client::Error& error) {
        log(Level::Error, std::string("reporting a fault failed: ") + error.what());
        return;
    }
    log(Level::Info, "reported a fault: restart-group (" + reason + ")");
}

void StandbyService::watch(const std::string& group)
{
    client_.watch(
        group,
        [](const pgmd::client::Key& key) {
            log(Level::Info, "group " + key.group + " born (incarnation " + std::to_string(key.incarnation) + ")");
        },
        [](const pgmd::client::Key& key, const std::string& reason) {
            log(Level::Info, "group " + key.group + " died (incarnation " + std::to_string(key.incarnation) +
                                 "): " + reason);
        });
    log(Level::Info, "watching group " + group);
    // After watch(), so that a birth in between is seen at least once.
    try {
        auto key = client_.key(group);
        log(Level::Info, "group " + key.group + " is running (incarnation " + std::to_string(key.incarnation) + ")");
    } catch (const pgmd::client::Error& error) {
        if (error.kind() != pgmd::client::ErrorKind::NotAvailable)
            throw;
        log(Level::Info, "group " + group + " is not running");
    }
}

} // namespace example
