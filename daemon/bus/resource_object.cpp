#include "resource_object.hpp"

#include "bus_errors.hpp"
#include "bus_names.hpp"

#include <utility>

namespace pgmd {

std::string currentKind(const StateView& view, const std::string& name)
{
    const std::optional<ResourceInfo> r = view.resource(name);
    return r ? r->kind : std::string();
}

ResourceObject::ResourceObject(sdbus::IConnection& connection, const StateView& view, std::string name)
    : AdaptorInterfaces(connection, busnames::resourceObjectPath(name))
    , view_(view)
    , name_(std::move(name))
    , kind_(currentKind(view, name_))
{
    registerAdaptor();
}

ResourceObject::~ResourceObject()
{
    unregisterAdaptor();
}

void ResourceObject::emitPropertiesChanged()
{
    // Without names sd-bus sends every property annotated "true": not the
    // "const" ones, nor LastCheckTimestamp ("false").
    getObject().emitPropertiesChangedSignal(org::pgmd1::Resource_adaptor::INTERFACE_NAME);
}

void ResourceObject::announceAdded()
{
    getObject().emitInterfacesAddedSignal();
}

void ResourceObject::announceRemoved()
{
    getObject().emitInterfacesRemovedSignal();
}

ResourceInfo ResourceObject::read() const
{
    std::optional<ResourceInfo> r = view_.resource(name_);
    if (!r)
        throwNoSuchResource(name_);
    return std::move(*r);
}

std::string ResourceObject::Name() { return read().name; }
std::string ResourceObject::Kind() { return read().kind; }
std::string ResourceObject::State() { return read().state; }
std::uint64_t ResourceObject::StateChangeTimestamp() { return read().stateChangeTimestampUsec; }
std::uint64_t ResourceObject::LastCheckTimestamp() { return read().lastCheckTimestampUsec; }
std::string ResourceObject::LastError() { return read().lastError; }
std::uint32_t ResourceObject::ReinitCount() { return read().reinitCount; }
std::uint64_t ResourceObject::LastReinitTimestamp() { return read().lastReinitTimestampUsec; }
std::vector<std::string> ResourceObject::UsedBy() { return read().usedBy; }
std::string ResourceObject::Path() { return read().path; }
std::uint64_t ResourceObject::MinFreeBytes() { return read().minFreeBytes; }
std::vector<std::string> ResourceObject::Command() { return read().command; }
std::vector<std::string> ResourceObject::Reinit() { return read().reinit; }
std::uint64_t ResourceObject::CheckIntervalUSec() { return read().checkIntervalUsec; }
std::uint64_t ResourceObject::TimeoutUSec() { return read().timeoutUsec; }

} // namespace pgmd
