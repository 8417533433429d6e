#pragma once
// pgmd's link to the independent computer, whichever line carries it: what
// the D-Bus object shows and what the daemon asks of it.

#include "board_events.hpp"
#include "board_link_session.hpp"
#include "stop_reason.hpp"

#include "protocol/messages.hpp"

#include <string>

namespace pgmd::boardlink {

class Link {
public:
    virtual ~Link() = default;

    // "serial /dev/ttyS1" or "gpio gpiochip0 17".
    virtual std::string description() const = 0;
    // Opens the line and starts the heartbeats. Throws std::system_error
    // (or gpio::LineError), naming the device.
    virtual void start() = 0;
    // Stops the heartbeats. Where the line can say so, the board is first
    // told why: DISARM for a shutdown, EXPECT_REBOOT for a reboot.
    virtual void stop(StopReason reason) = 0;
    virtual LinkSnapshot snapshot() const = 0;

    // Empty when the request is on its way (its answer is logged); otherwise
    // why it cannot be sent at all.
    virtual std::string requestCycle(icd::RequestReason reason, const std::string& why) = 0;
    // Empty when the query was sent; otherwise why not.
    virtual std::string queryStatus() = 0;

    // Fencing through the board, which only the serial protocol carries.
    // Where the board's news about peers goes (board_events.hpp): at once the
    // current FenceAbility, then every change and every answer and notice.
    virtual void setBoardListener(BoardEventListener listener)
    {
        if (listener)
            listener(FenceAbility{false, kNoRequests});
    }
    // Empty when the request is on its way (resent until answered);
    // otherwise why it cannot be sent at all.
    virtual std::string fencePeer(icd::HostId, std::uint16_t) { return kNoRequests; }
    virtual std::string queryPeer(icd::HostId) { return kNoRequests; }

protected:
    static constexpr const char* kNoRequests = "the link to the independent computer carries heartbeats only";
};

} // namespace pgmd::boardlink
