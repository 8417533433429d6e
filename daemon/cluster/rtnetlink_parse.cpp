#include "cluster/rtnetlink_parse.hpp"

#include <arpa/inet.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <cstring>

namespace pgmd::cluster {

namespace {

// The attributes after a fixed header, as (type, bytes).
std::map<unsigned short, std::span<const std::uint8_t>> attributes(std::span<const std::uint8_t> body)
{
    std::map<unsigned short, std::span<const std::uint8_t>> out;
    while (body.size() >= sizeof(rtattr)) {
        rtattr a;
        std::memcpy(&a, body.data(), sizeof a);
        if (a.rta_len < sizeof(rtattr) || a.rta_len > body.size())
            break;
        out[a.rta_type] = body.subspan(RTA_LENGTH(0), a.rta_len - RTA_LENGTH(0));
        const std::size_t step = RTA_ALIGN(a.rta_len);
        body = body.subspan(std::min(step, body.size()));
    }
    return out;
}

std::optional<NetlinkEvent> linkMessage(std::uint16_t type, std::span<const std::uint8_t> payload)
{
    if (payload.size() < NLMSG_ALIGN(sizeof(ifinfomsg)))
        return std::nullopt;
    ifinfomsg info;
    std::memcpy(&info, payload.data(), sizeof info);
    InterfaceSeen seen{info.ifi_index, {}, (info.ifi_flags & IFF_LOWER_UP) != 0, type == RTM_DELLINK};
    auto attrs = attributes(payload.subspan(NLMSG_ALIGN(sizeof(ifinfomsg))));
    if (auto it = attrs.find(IFLA_IFNAME); it != attrs.end())
        seen.name.assign(reinterpret_cast<const char*>(it->second.data()),
                         strnlen(reinterpret_cast<const char*>(it->second.data()), it->second.size()));
    return seen;
}

std::optional<NetlinkEvent> addressMessage(std::uint16_t type, std::span<const std::uint8_t> payload)
{
    if (payload.size() < NLMSG_ALIGN(sizeof(ifaddrmsg)))
        return std::nullopt;
    ifaddrmsg info;
    std::memcpy(&info, payload.data(), sizeof info);
    auto attrs = attributes(payload.subspan(NLMSG_ALIGN(sizeof(ifaddrmsg))));
    auto it = attrs.find(IFA_LOCAL);
    if (it == attrs.end())
        it = attrs.find(IFA_ADDRESS);
    if (it == attrs.end() || (it->second.size() != 4 && it->second.size() != 16))
        return std::nullopt;
    return AddressSeen{static_cast<int>(info.ifa_index),
                       std::string(reinterpret_cast<const char*>(it->second.data()), it->second.size()),
                       type == RTM_DELADDR};
}

} // namespace

ParsedNetlink parseNetlink(std::span<const std::uint8_t> datagram)
{
    ParsedNetlink out;
    while (datagram.size() >= sizeof(nlmsghdr)) {
        nlmsghdr h;
        std::memcpy(&h, datagram.data(), sizeof h);
        if (h.nlmsg_len < sizeof(nlmsghdr) || h.nlmsg_len > datagram.size()) {
            ++out.malformed;
            break;
        }
        auto payload = datagram.subspan(NLMSG_HDRLEN, h.nlmsg_len - NLMSG_HDRLEN);
        std::optional<NetlinkEvent> event;
        switch (h.nlmsg_type) {
        case NLMSG_DONE: out.done = true; break;
        case NLMSG_ERROR:
            if (payload.size() >= sizeof(int)) {
                int e = 0;
                std::memcpy(&e, payload.data(), sizeof e);
                out.error = -e;
            }
            break;
        case RTM_NEWLINK:
        case RTM_DELLINK:
            event = linkMessage(h.nlmsg_type, payload);
            if (!event)
                ++out.malformed;
            break;
        case RTM_NEWADDR:
        case RTM_DELADDR:
            event = addressMessage(h.nlmsg_type, payload);
            if (!event)
                ++out.malformed;
            break;
        default: break;
        }
        if (event)
            out.events.push_back(std::move(*event));
        datagram = datagram.subspan(std::min<std::size_t>(NLMSG_ALIGN(h.nlmsg_len), datagram.size()));
    }
    return out;
}

std::optional<std::string> binaryAddress(const std::string& text)
{
    unsigned char buf[16];
    if (inet_pton(AF_INET, text.c_str(), buf) == 1)
        return std::string(reinterpret_cast<const char*>(buf), 4);
    if (inet_pton(AF_INET6, text.c_str(), buf) == 1)
        return std::string(reinterpret_cast<const char*>(buf), 16);
    return std::nullopt;
}

LinkCarriers::LinkCarriers(const std::map<unsigned, std::string>& linkAddresses)
{
    for (const auto& [link, text] : linkAddresses)
        if (auto binary = binaryAddress(text))
            wanted_[link] = *binary;
}

std::vector<LinkCarriers::Change> LinkCarriers::apply(const std::vector<NetlinkEvent>& events)
{
    for (const NetlinkEvent& e : events) {
        if (const auto* i = std::get_if<InterfaceSeen>(&e)) {
            if (i->removed)
                interfaces_.erase(i->index);
            else
                interfaces_[i->index] = *i;
        } else {
            const auto& a = std::get<AddressSeen>(e);
            if (a.removed) {
                if (auto it = addressIndex_.find(a.address); it != addressIndex_.end() && it->second == a.index)
                    addressIndex_.erase(it);
            } else {
                addressIndex_[a.address] = a.index;
            }
        }
    }
    std::vector<Change> out;
    for (const auto& [link, address] : wanted_) {
        Change now{link, carrierOf(link), interfaceOf(link)};
        auto before = last_.find(link);
        if (before == last_.end() ? now.carrier != Carrier::Unknown : !(before->second == now))
            out.push_back(now);
        last_[link] = now;
    }
    return out;
}

Carrier LinkCarriers::carrierOf(unsigned link) const
{
    auto w = wanted_.find(link);
    if (w == wanted_.end())
        return Carrier::Unknown;
    auto a = addressIndex_.find(w->second);
    if (a == addressIndex_.end())
        return Carrier::Unknown;
    auto i = interfaces_.find(a->second);
    if (i == interfaces_.end())
        return Carrier::Unknown;
    return i->second.lowerUp ? Carrier::Up : Carrier::Down;
}

std::string LinkCarriers::interfaceOf(unsigned link) const
{
    auto w = wanted_.find(link);
    if (w == wanted_.end())
        return {};
    auto a = addressIndex_.find(w->second);
    if (a == addressIndex_.end())
        return {};
    auto i = interfaces_.find(a->second);
    return i == interfaces_.end() ? std::string() : i->second.name;
}

} // namespace pgmd::cluster
