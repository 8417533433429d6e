#pragma once
// The local carrier of the interface each knet link runs on, from
// rtnetlink, on the event loop: a NETLINK_ROUTE socket subscribed to link
// and address changes, after one dump of each. Which interface carries a
// link is read from the kernel's addresses: the one holding this node's
// address of the link in corosync's nodelist (ringL_addr). It decides
// nothing; the peer diagnosis (core/cluster/peer_diagnosis.hpp) reads the
// carrier as evidence.

#include "cluster/rtnetlink_parse.hpp"

#include "common/loop/event_loop.hpp"
#include "common/loop/event_sources.hpp"

#include <functional>
#include <map>
#include <memory>
#include <string>

namespace pgmd::cluster {

class CarrierWatch {
public:
    using OnChange = std::function<void(const LinkCarriers::Change&)>;

    // Throws std::system_error if the socket cannot be opened or the first
    // dumps fail; `onChange` is called for the first known state of each
    // link and every change after it.
    CarrierWatch(pgm::EventLoop& loop, const std::map<unsigned, std::string>& linkAddresses, OnChange onChange);
    ~CarrierWatch();
    CarrierWatch(const CarrierWatch&) = delete;
    CarrierWatch& operator=(const CarrierWatch&) = delete;

    Carrier carrierOf(unsigned link) const { return carriers_.carrierOf(link); }
    std::size_t malformed() const { return malformed_; }

private:
    void dump(std::uint16_t type);
    void readEvents();
    void deliver(const ParsedNetlink& parsed);

    int fd_ = -1;
    LinkCarriers carriers_;
    OnChange onChange_;
    std::size_t malformed_ = 0;
    std::uint32_t seq_ = 0;
    std::unique_ptr<pgm::IoWatch> watch_;
};

} // namespace pgmd::cluster
