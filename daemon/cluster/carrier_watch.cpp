#include "cluster/carrier_watch.hpp"

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace pgmd::cluster {

namespace {

std::system_error systemError(const char* what)
{
    return {errno, std::generic_category(), what};
}

} // namespace

CarrierWatch::CarrierWatch(pgm::EventLoop& loop, const std::map<unsigned, std::string>& linkAddresses,
                           OnChange onChange)
    : carriers_(linkAddresses), onChange_(std::move(onChange))
{
    fd_ = ::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd_ < 0)
        throw systemError("socket(NETLINK_ROUTE)");
    sockaddr_nl local{};
    local.nl_family = AF_NETLINK;
    local.nl_groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) < 0) {
        ::close(fd_);
        throw systemError("bind(NETLINK_ROUTE)");
    }
    try {
        // Subscribed first, dumped second: a change during the dump arrives
        // after it, so the last word is the kernel's latest. Blocking here is
        // a local round trip to the kernel, like corosync's IPC.
        dump(RTM_GETLINK);
        dump(RTM_GETADDR);
        watch_ = std::make_unique<pgm::IoWatch>(loop.get(), fd_, EPOLLIN, [this](std::uint32_t) { readEvents(); },
                                                "rtnetlink-carrier");
    } catch (...) {
        ::close(fd_);
        throw;
    }
}

CarrierWatch::~CarrierWatch()
{
    watch_.reset();
    if (fd_ >= 0)
        ::close(fd_);
}

void CarrierWatch::dump(std::uint16_t type)
{
    struct {
        nlmsghdr header;
        rtgenmsg body;
    } request{};
    request.header.nlmsg_len = NLMSG_LENGTH(sizeof(rtgenmsg));
    request.header.nlmsg_type = type;
    request.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    request.header.nlmsg_seq = ++seq_;
    request.body.rtgen_family = AF_UNSPEC;
    if (::send(fd_, &request, request.header.nlmsg_len, 0) < 0)
        throw systemError("rtnetlink dump request");
    std::array<std::uint8_t, 32768> buffer;
    for (;;) {
        const ssize_t n = ::recv(fd_, buffer.data(), buffer.size(), 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            throw systemError("rtnetlink dump");
        }
        ParsedNetlink parsed = parseNetlink({buffer.data(), static_cast<std::size_t>(n)});
        deliver(parsed);
        if (parsed.error != 0) {
            errno = parsed.error;
            throw systemError("rtnetlink dump");
        }
        if (parsed.done)
            return;
    }
}

void CarrierWatch::readEvents()
{
    std::array<std::uint8_t, 32768> buffer;
    for (;;) {
        const ssize_t n = ::recv(fd_, buffer.data(), buffer.size(), MSG_DONTWAIT);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == ENOBUFS) {
                // Events were lost: ask again for the whole picture. If that
                // fails too, the next event tries again.
                try {
                    dump(RTM_GETLINK);
                    dump(RTM_GETADDR);
                } catch (const std::system_error&) {
                    return;
                }
                continue;
            }
            return;  // EAGAIN: nothing more
        }
        deliver(parseNetlink({buffer.data(), static_cast<std::size_t>(n)}));
    }
}

void CarrierWatch::deliver(const ParsedNetlink& parsed)
{
    malformed_ += parsed.malformed;
    for (const LinkCarriers::Change& c : carriers_.apply(parsed.events))
        onChange_(c);
}

} // namespace pgmd::cluster
