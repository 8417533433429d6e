// rtnetlink datagrams built by hand into interface and address events, and
// which link runs on which interface with which carrier.

#include "cluster/rtnetlink_parse.hpp"

#include <gtest/gtest.h>

#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <cstring>

namespace pgmd::cluster::test {
namespace {

void append(std::vector<std::uint8_t>& out, const void* data, std::size_t size)
{
    const auto* p = static_cast<const std::uint8_t*>(data);
    out.insert(out.end(), p, p + size);
    out.resize(out.size() + (NLMSG_ALIGN(size) - size));
}

std::vector<std::uint8_t> attribute(unsigned short type, const void* data, std::size_t size)
{
    std::vector<std::uint8_t> out;
    rtattr a{static_cast<unsigned short>(RTA_LENGTH(size)), type};
    append(out, &a, sizeof a);
    out.resize(RTA_LENGTH(0));
    const auto* p = static_cast<const std::uint8_t*>(data);
    out.insert(out.end(), p, p + size);
    out.resize(RTA_ALIGN(out.size()));
    return out;
}

std::vector<std::uint8_t> message(std::uint16_t type, const void* fixed, std::size_t fixedSize,
                                  const std::vector<std::uint8_t>& attrs)
{
    std::vector<std::uint8_t> body;
    append(body, fixed, fixedSize);
    body.insert(body.end(), attrs.begin(), attrs.end());
    nlmsghdr h{};
    h.nlmsg_len = static_cast<std::uint32_t>(NLMSG_HDRLEN + body.size());
    h.nlmsg_type = type;
    std::vector<std::uint8_t> out;
    append(out, &h, sizeof h);
    out.insert(out.end(), body.begin(), body.end());
    return out;
}

std::vector<std::uint8_t> linkMessage(int index, const char* name, bool lowerUp, std::uint16_t type = RTM_NEWLINK)
{
    ifinfomsg info{};
    info.ifi_index = index;
    info.ifi_flags = IFF_UP | (lowerUp ? IFF_LOWER_UP : 0);
    return message(type, &info, sizeof info, attribute(IFLA_IFNAME, name, std::strlen(name) + 1));
}

std::vector<std::uint8_t> addressMessage(int index, const std::string& text, std::uint16_t type = RTM_NEWADDR)
{
    ifaddrmsg info{};
    info.ifa_family = AF_INET;
    info.ifa_index = static_cast<unsigned>(index);
    const std::string binary = *binaryAddress(text);
    return message(type, &info, sizeof info, attribute(IFA_LOCAL, binary.data(), binary.size()));
}

std::vector<std::uint8_t> join(std::vector<std::vector<std::uint8_t>> parts)
{
    std::vector<std::uint8_t> out;
    for (auto& p : parts)
        out.insert(out.end(), p.begin(), p.end());
    return out;
}

TEST(RtnetlinkParse, LinksAndAddressesInOneDatagram)
{
    nlmsghdr done{NLMSG_HDRLEN, NLMSG_DONE, 0, 0, 0};
    std::vector<std::uint8_t> d = join({linkMessage(3, "ring0", true), addressMessage(3, "10.0.0.1"),
                                        std::vector<std::uint8_t>(reinterpret_cast<std::uint8_t*>(&done),
                                                                  reinterpret_cast<std::uint8_t*>(&done) + sizeof done)});
    ParsedNetlink p = parseNetlink(d);
    ASSERT_EQ(p.events.size(), 2u);
    EXPECT_TRUE(p.done);
    EXPECT_EQ(p.malformed, 0u);
    const auto& i = std::get<InterfaceSeen>(p.events[0]);
    EXPECT_EQ(i.index, 3);
    EXPECT_EQ(i.name, "ring0");
    EXPECT_TRUE(i.lowerUp);
    EXPECT_EQ(std::get<AddressSeen>(p.events[1]).address, *binaryAddress("10.0.0.1"));
}

TEST(RtnetlinkParse, TruncatedInputIsCountedNotFollowed)
{
    std::vector<std::uint8_t> d = linkMessage(3, "ring0", true);
    d.resize(d.size() - 8);
    ParsedNetlink p = parseNetlink(d);
    EXPECT_TRUE(p.events.empty());
    EXPECT_EQ(p.malformed, 1u);
    EXPECT_TRUE(parseNetlink(std::vector<std::uint8_t>(3, 0xff)).events.empty());
}

TEST(RtnetlinkParse, AddressesOnlyInNumericForm)
{
    EXPECT_EQ(binaryAddress("10.0.0.1")->size(), 4u);
    EXPECT_EQ(binaryAddress("fd00::1")->size(), 16u);
    EXPECT_FALSE(binaryAddress("node-a").has_value());
}

TEST(LinkCarriers, EachLinkFollowsTheInterfaceHoldingItsAddress)
{
    LinkCarriers c({{0, "10.0.0.1"}, {1, "10.0.1.1"}, {2, "node-a"}});
    auto changes = c.apply(parseNetlink(join({linkMessage(3, "ring0", true), linkMessage(4, "ring1", true),
                                              addressMessage(3, "10.0.0.1"), addressMessage(4, "10.0.1.1")}))
                               .events);
    EXPECT_EQ(changes, (std::vector<LinkCarriers::Change>{{0, Carrier::Up, "ring0"}, {1, Carrier::Up, "ring1"}}));
    // ring1 loses its carrier: link 1 only.
    changes = c.apply(parseNetlink(linkMessage(4, "ring1", false)).events);
    EXPECT_EQ(changes, (std::vector<LinkCarriers::Change>{{1, Carrier::Down, "ring1"}}));
    EXPECT_TRUE(c.apply(parseNetlink(linkMessage(4, "ring1", false)).events).empty());
    EXPECT_EQ(c.carrierOf(2), Carrier::Unknown);  // a name: not resolved
    // The interface goes away: unknown again.
    changes = c.apply(parseNetlink(linkMessage(3, "ring0", false, RTM_DELLINK)).events);
    EXPECT_EQ(changes, (std::vector<LinkCarriers::Change>{{0, Carrier::Unknown, ""}}));
}

} // namespace
} // namespace pgmd::cluster::test
