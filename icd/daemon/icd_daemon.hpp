#pragma once
// pgm-icd's wiring: the board logic, one link and one relay per host, the
// state file and the deadline timer, all on one event loop. Board actions are
// carried out here, in order, Persist first.

#include "board/board.hpp"
#include "board/relay_driver.hpp"
#include "common/gpio/line.hpp"
#include "gpio_heartbeat_link.hpp"
#include "host_link.hpp"
#include "icd_config.hpp"
#include "common/loop/event_loop.hpp"
#include "common/process/command_runner.hpp"

#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>

namespace icd::daemon {

// A configured backend this build cannot drive, or a link that cannot open.
class StartupError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A host asked the board to fence a peer (the board's answer follows as a
// board::FenceAnswer, at once or up to the race window later).
struct FenceRequestReport {
    std::string requester;
    std::string target;
    unsigned activeGroups = 0;
};
// Fence traffic as it happens, for D-Bus signals; the journal has it too.
using FenceReport = std::variant<FenceRequestReport, icd::board::FenceAnswer, icd::board::Notice>;

// Where GPIO lines come from: libgpiod in pgm-icd, fakes in tests. Each may
// throw gpio::LineError. A relay line is requested already driven to
// `powered`, so that taking it over never glitches the host's power.
struct GpioLines {
    std::function<std::unique_ptr<pgm::gpio::OutputLine>(const HostEntry&, bool powered)> relay;
    std::function<std::unique_ptr<pgm::gpio::InputLine>(const HostEntry&)> heartbeat;
};

class IcdDaemon {
public:
    // Throws InvalidBoardConfig, BadStateFile or StartupError.
    IcdDaemon(pgm::EventLoop& loop, const pgm::Clock& clock, IcdConfig config, std::string bootId,
              GpioLines lines = {});
    ~IcdDaemon();

    const icd::board::Board& board() const { return board_; }
    const IcdConfig& config() const { return config_; }
    std::map<std::string, std::uint64_t> linkCounters(const std::string& host) const;
    // The operator's clear-latch; the board's answer.
    icd::board::Reply clearLatch(const std::string& host);
    // The operator takes the host out of the board's watch (maintenance of a
    // host that cannot disarm itself); the board's answer.
    icd::board::Reply disarm(const std::string& host);

    // Called after every batch of actions, e.g. to publish on D-Bus.
    void onChange(std::function<void(const std::string& host)> listener) { changed_ = std::move(listener); }
    void onFenceReport(std::function<void(const FenceReport&)> listener) { reported_ = std::move(listener); }

private:
    icd::board::Reply dispatch(const std::string& host, const icd::board::Event& event);
    void execute(const icd::board::Actions& actions);
    void persist();
    void rearm();
    void openLink(const HostEntry& host);
    void openGpioLink(const HostEntry& host);
    std::unique_ptr<icd::board::RelayDriver> makeRelay(const HostEntry& host, bool powered);
    std::optional<BoardReply> answerRequest(const HostEntry& host, const Message& message);
    // FENCE_PEER: answered later, from execute(), when the board has decided.
    void requestFence(const HostEntry& host, const Message& message, const FencePeer& request);
    std::optional<BoardReply> answerPeerQuery(const HostEntry& host, const Message& message, const PeerQuery& query);
    void answerFence(const icd::board::FenceAnswer& answer);
    void sendNotice(const icd::board::Notice& notice);
    void report(const FenceReport& report);
    HostId hostIdOf(const std::string& name) const;

    pgm::EventLoop& loop_;
    const pgm::Clock& clock_;
    IcdConfig config_;
    icd::board::Board board_;
    pgm::CommandRunner runner_;
    std::map<std::string, std::unique_ptr<icd::board::RelayDriver>> relays_;
    GpioLines lines_;
    std::map<std::string, std::unique_ptr<HostLink>> links_;
    std::map<std::string, std::unique_ptr<GpioHeartbeatLink>> gpioLinks_;
    std::optional<icd::board::Reply> lastReply_;
    std::function<void(const std::string&)> changed_;
    std::function<void(const FenceReport&)> reported_;
};

// This boot of the machine (/proc/sys/kernel/random/boot_id); empty if unknown.
std::string currentBootId();

} // namespace icd::daemon
