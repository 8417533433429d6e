#pragma once
// /org/pgmd1/icd, interface org.pgmd1.IndependentComputer: the link's state,
// the board's last answer and the frame counters, read from the link when
// asked; and RequestPowerCycle for operators.

#include "link.hpp"

#include "bus/request_gate.hpp"

#include "pgmd_bus_names.hpp"

#include <pgmd1_icd_adaptor.h>
#include <sdbus-c++/sdbus-c++.h>

#include <map>
#include <string>

namespace pgmd::boardlink {

inline constexpr const char* kIcdObjectPath = busnames::kIcdPath;
inline constexpr const char* kIcdInterface = busnames::kIcdInterface;

class IcdObject final : public sdbus::AdaptorInterfaces<org::pgmd1::IndependentComputer_adaptor> {
public:
    // `link` is null when it could not be set up; `unavailable` then says
    // why, for RequestPowerCycle's error.
    IcdObject(sdbus::IConnection& connection, RequestGate& gate, std::string description, boardlink::Link* link,
              std::string unavailable);
    ~IcdObject();

    // LinkStateChanged and PropertiesChanged(LinkState).
    void linkStateChanged();
    // PropertiesChanged(BoardState).
    void boardStateChanged();

private:
    void RequestPowerCycle(const std::string& reason) override;

    std::string Link() override;
    std::string LinkState() override;
    std::string LastReply() override;
    std::uint64_t LastReplyTimestamp() override;
    std::uint64_t HeartbeatsSent() override;
    std::map<std::string, std::uint64_t> Counters() override;
    std::string BoardState() override;
    bool CanFence() override;

    LinkSnapshot snapshot() const;

    RequestGate& gate_;
    const std::string description_;
    boardlink::Link* link_;
    const std::string unavailable_;
};

} // namespace pgmd::boardlink
