#pragma once
// /org/pgmd1/resource/<escaped name>, interface org.pgmd1.Resource: read-only.
// Each property is read from the StateView when asked, so none can be stale.

#include "state_source.hpp"

#include <pgmd1_resource_adaptor.h>
#include <sdbus-c++/sdbus-c++.h>

#include <string>
#include <vector>

namespace pgmd {

class ResourceObject final : public sdbus::AdaptorInterfaces<org::pgmd1::Resource_adaptor> {
public:
    ResourceObject(sdbus::IConnection& connection, const StateView& view, std::string name);
    ~ResourceObject();

    // What clients may cache ("const" properties): a change needs a new object.
    const std::string& kind() const { return kind_; }

    // PropertiesChanged with every announced property (not LastCheckTimestamp).
    void emitPropertiesChanged();
    // ObjectManager's InterfacesAdded / InterfacesRemoved for this object.
    void announceAdded();
    void announceRemoved();

private:
    std::string Name() override;
    std::string Kind() override;
    std::string State() override;
    std::uint64_t StateChangeTimestamp() override;
    std::uint64_t LastCheckTimestamp() override;
    std::string LastError() override;
    std::uint32_t ReinitCount() override;
    std::uint64_t LastReinitTimestamp() override;
    std::vector<std::string> UsedBy() override;
    std::string Path() override;
    std::uint64_t MinFreeBytes() override;
    std::vector<std::string> Command() override;
    std::vector<std::string> Reinit() override;
    std::uint64_t CheckIntervalUSec() override;
    std::uint64_t TimeoutUSec() override;

    // NoSuchResource once the view has none (a reload removed it meanwhile).
    ResourceInfo read() const;

    const StateView& view_;
    const std::string name_;
    const std::string kind_;
};

// The kind of resource `name` now, "" when there is none.
std::string currentKind(const StateView& view, const std::string& name);

} // namespace pgmd
