#pragma once
// rtnetlink messages into plain values, and which knet link runs on which
// local interface: pure, so that both are tested on hand-made buffers
// without a kernel. CarrierWatch (carrier_watch.hpp) does the socket.

#include "core/cluster/peer_diagnosis.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace pgmd::cluster {

// RTM_NEWLINK / RTM_DELLINK: an interface and whether it has carrier
// (IFF_LOWER_UP: the interface is up and its link layer reports carrier).
struct InterfaceSeen {
    int index = 0;
    std::string name;
    bool lowerUp = false;
    bool removed = false;
};
// RTM_NEWADDR / RTM_DELADDR: an address on an interface, in binary (4 or 16 bytes).
struct AddressSeen {
    int index = 0;
    std::string address;
    bool removed = false;
};
using NetlinkEvent = std::variant<InterfaceSeen, AddressSeen>;

struct ParsedNetlink {
    std::vector<NetlinkEvent> events;
    bool done = false;      // NLMSG_DONE: a dump ended
    int error = 0;          // NLMSG_ERROR's errno (0: an acknowledgement)
    std::size_t malformed = 0;  // messages dropped as truncated or inconsistent
};

// One datagram of netlink messages.
ParsedNetlink parseNetlink(std::span<const std::uint8_t> datagram);

// A nodelist address ("10.0.0.1", "fd00::1") in binary; nullopt for a name
// (pgmd does not resolve names: such a link's carrier stays unknown).
std::optional<std::string> binaryAddress(const std::string& text);

// Which interface carries which link, and whether it has carrier, from what
// netlink said so far. Each link's carrier is reported when it changes.
class LinkCarriers {
public:
    // link number -> this node's address of the link (nodelist text)
    explicit LinkCarriers(const std::map<unsigned, std::string>& linkAddresses);

    struct Change {
        unsigned link = 0;
        Carrier carrier = Carrier::Unknown;
        std::string interface;  // "" while not known
        friend bool operator==(const Change&, const Change&) = default;
    };
    std::vector<Change> apply(const std::vector<NetlinkEvent>& events);
    Carrier carrierOf(unsigned link) const;
    std::string interfaceOf(unsigned link) const;

private:
    std::map<unsigned, std::string> wanted_;        // link -> binary address
    std::map<std::string, int> addressIndex_;       // binary address -> interface index
    std::map<int, InterfaceSeen> interfaces_;       // by index
    std::map<unsigned, Change> last_;
};

} // namespace pgmd::cluster
