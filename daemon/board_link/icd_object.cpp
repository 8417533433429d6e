#include "icd_object.hpp"

#include "bus/bus_errors.hpp"
#include "bus/call_arguments.hpp"

namespace pgmd::boardlink {

IcdObject::IcdObject(sdbus::IConnection& connection, RequestGate& gate, std::string description,
                     boardlink::Link* link, std::string unavailable)
    : AdaptorInterfaces(connection, kIcdObjectPath), gate_(gate), description_(std::move(description)),
      link_(link), unavailable_(std::move(unavailable))
{
    registerAdaptor();
}

IcdObject::~IcdObject()
{
    unregisterAdaptor();
}

void IcdObject::linkStateChanged()
{
    const std::string state = LinkState();
    emitLinkStateChanged(state);
    getObject().emitPropertiesChangedSignal(kIcdInterface, {"LinkState"});
}

void IcdObject::boardStateChanged()
{
    getObject().emitPropertiesChangedSignal(kIcdInterface, {"BoardState"});
}

void IcdObject::RequestPowerCycle(const std::string& reason)
{
    gate_.operatorRequest(getObject(), {"RequestPowerCycle", "", {{"reason", faultReason(reason)}}}, [&] {
        if (!link_)
            throwIfFailed({OpError::InvalidState, unavailable_});
        const std::string why = "operator request" + (reason.empty() ? std::string() : ": " + reason);
        if (std::string refused = link_->requestCycle(icd::RequestReason::Operator, why); !refused.empty())
            throwIfFailed({OpError::InvalidState, refused});
    });
}

LinkSnapshot IcdObject::snapshot() const
{
    return link_ ? link_->snapshot() : LinkSnapshot{};
}

std::string IcdObject::Link() { return description_; }
std::string IcdObject::LinkState() { return toString(snapshot().state); }
std::string IcdObject::LastReply() { return snapshot().lastReply; }
std::uint64_t IcdObject::LastReplyTimestamp()
{
    const TimePoint at = snapshot().lastReplyAt;
    return at.usec > 0 ? static_cast<std::uint64_t>(at.usec) : 0;
}
std::uint64_t IcdObject::HeartbeatsSent() { return snapshot().heartbeatsSent; }
std::map<std::string, std::uint64_t> IcdObject::Counters() { return snapshot().counters; }
std::string IcdObject::BoardState() { return snapshot().boardState; }
bool IcdObject::CanFence() { return snapshot().canFence; }

} // namespace pgmd::boardlink
