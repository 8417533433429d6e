// Application: the member side of the bus handshake (Group.ActivationRequested,
// Acknowledge, ReportFault).

#include "bus_call.hpp"
#include "bus_names.hpp"
#include "group_name.hpp"
#include "request_tracker.hpp"

#include <pgmd/client.hpp>

#include <cstdlib>
#include <map>
#include <utility>

#include <pgmd1_group_proxy.h>
#include <sdbus-c++/sdbus-c++.h>

namespace pgmd::client {
namespace {

// The generated proxy of one group object; its only signal is the one an
// application wants. Its match rule is installed by subscribe(), not here.
class GroupProxy final : public sdbus::ProxyInterfaces<org::pgmd1::Group_proxy> {
public:
    using RequestSink = std::function<void(const std::string& state, std::uint64_t incarnation)>;

    GroupProxy(sdbus::IConnection& connection, const std::string& objectPath, RequestSink sink)
        : ProxyInterfaces(connection, busnames::kService, objectPath), sink_(std::move(sink))
    {
    }
    ~GroupProxy() { unregisterProxy(); }

    void subscribe() { registerProxy(); }
    sdbus::IProxy& proxy() { return getProxy(); }

private:
    void onActivationRequested(const std::string& state, const std::uint64_t& incarnation) override
    {
        sink_(state, incarnation);
    }

    RequestSink sink_;
};

template <typename T>
std::optional<T> propertyValue(const std::map<std::string, sdbus::Variant>& properties, const char* name)
{
    auto it = properties.find(name);
    if (it == properties.end() || !it->second.containsValueOfType<T>())
        return std::nullopt;
    return it->second.get<T>();
}

} // namespace

// Hidden: nested in an exported class, it would be exported by default.
struct __attribute__((visibility("hidden"))) Application::Impl {
    Impl(sdbus::IConnection& connection, std::string groupName)
        : connection(connection),
          group(std::move(groupName)),
          groupProxy(connection, groupObjectPath(group),
                     [this](const std::string& state, std::uint64_t incarnation) {
                         deliver(tracker.fromSignal(state, incarnation));
                     })
    {
    }

    void deliver(const std::optional<Activation>& request)
    {
        if (!request)
            return;
        auto handler = requestHandler;  // the handler may replace itself
        callHandler(handler, request->state, request->incarnation);
    }

    // GetAll rather than two Gets: state and incarnation must come from one
    // moment. Asynchronous, so that the reply is dispatched in order with the
    // signals: a synchronous reply would overtake signals queued while it was
    // awaited, and an older request could then reach the handler after it.
    void readPendingRequest()
    {
        groupProxy.proxy()
            .callMethodAsync("GetAll")
            .onInterface(busnames::kPropertiesInterface)
            .withArguments(std::string(busnames::kGroupInterface))
            .uponReplyInvoke([this](const sdbus::Error* error, const std::map<std::string, sdbus::Variant>& properties) {
                // On an error pgmd went away just now; a pgmd that comes back
                // asks again by signal, which the subscription receives.
                if (error != nullptr)
                    return;
                auto state = propertyValue<std::string>(properties, "RequestedState");
                auto incarnation = propertyValue<std::uint64_t>(properties, "RequestedIncarnation");
                if (state && incarnation)
                    deliver(tracker.fromProperties(*state, *incarnation));
            });
    }

    sdbus::IConnection& connection;
    std::string group;
    GroupProxy groupProxy;
    RequestHandler requestHandler;
    RequestTracker tracker;
    bool started = false;
    std::optional<Activation> lastAcknowledged;
};

Application::Application(sdbus::IConnection& connection, const std::string& group)
{
    // The name first: without one, the connection is never touched.
    auto name = resolveGroupName(group, std::getenv(busnames::kGroupEnvironmentVariable));
    impl_ = translatingErrors([&] { return std::make_unique<Impl>(connection, std::move(name)); });
}

Application::~Application() = default;

const std::string& Application::group() const noexcept
{
    return impl_->group;
}

void Application::onRequest(RequestHandler handler)
{
    impl_->requestHandler = std::move(handler);
}

void Application::start()
{
    if (impl_->started)
        throw Error(busnames::kErrorUsage, "Application::start() called twice");
    if (!impl_->requestHandler)
        throw Error(busnames::kErrorUsage, "Application::start() without a handler: call onRequest() first");
    translatingErrors([&] {
        // GetGroup only to fail early with pgmd's own words for an unknown
        // group; the object path is the documented encoding of the name.
        auto manager = sdbus::createProxy(impl_->connection, busnames::kService, busnames::kManagerPath);
        sdbus::ObjectPath unused;
        manager->callMethod("GetGroup").onInterface(busnames::kManagerInterface).withArguments(impl_->group).storeResultsTo(unused);
        // Subscribe first: a request made between the read and the
        // subscription would otherwise be lost.
        impl_->groupProxy.subscribe();
        impl_->readPendingRequest();
    });
    impl_->started = true;
}

void Application::acknowledge(RunState state, std::uint64_t incarnation)
{
    translatingErrors([&] { impl_->groupProxy.Acknowledge(std::string(busName(state)), incarnation); });
    impl_->lastAcknowledged = Activation{state, incarnation};
}

void Application::reportFault(Recovery recovery, const std::string& reason, const std::string& unit)
{
    translatingErrors([&] { impl_->groupProxy.ReportFault(std::string(busName(recovery)), unit, reason); });
}

std::optional<Activation> Application::lastAcknowledged() const noexcept
{
    return impl_->lastAcknowledged;
}

} // namespace pgmd::client
