#include "icd_daemon.hpp"

#include "board_state_file.hpp"
#include "command_relay.hpp"
#include "gpio_relay.hpp"
#include "link_translation.hpp"
#include "common/log/journal.hpp"
#include "protocol/key_file.hpp"

#include <fstream>
#include <system_error>

namespace icd::daemon {

namespace board = icd::board;

namespace {

std::vector<board::HostConfig> watchesOf(const IcdConfig& config)
{
    std::vector<board::HostConfig> out;
    for (const HostEntry& h : config.hosts)
        out.push_back(h.watch);
    return out;
}

template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};

} // namespace

std::string currentBootId()
{
    std::ifstream in("/proc/sys/kernel/random/boot_id");
    std::string id;
    std::getline(in, id);
    return id;
}

IcdDaemon::IcdDaemon(pgm::EventLoop& loop, const pgm::Clock& clock, IcdConfig config, std::string bootId,
                     GpioLines lines)
    : loop_(loop)
    , clock_(clock)
    , config_(std::move(config))
    , board_(watchesOf(config_), clock_, std::move(bootId), config_.fence)
    , runner_(loop.get())
    , lines_(std::move(lines))
{
    const std::optional<board::BoardSnapshot> saved = loadBoardState(config_.stateDirectory);
    for (const HostEntry& h : config_.hosts) {
        // A latched host stays off from the first instant; any other keeps
        // the power it has (a host is assumed on until the board switches it).
        bool latched = false;
        if (saved)
            if (auto it = saved->hosts.find(h.name); it != saved->hosts.end())
                latched = it->second.state == board::HostState::OffLatched;
        relays_[h.name] = makeRelay(h, !latched);
    }
    // Restore before any link is open, so that no host event meets a board
    // that has not yet remembered its latches.
    execute(board_.restore(saved.value_or(board::BoardSnapshot{})));
    for (const HostEntry& h : config_.hosts) {
        if (h.link == LinkKind::Serial)
            openLink(h);
        else
            openGpioLink(h);
    }
    rearm();
}

std::unique_ptr<board::RelayDriver> IcdDaemon::makeRelay(const HostEntry& h, bool powered)
{
    if (h.relay == RelayKind::Command)
        return std::make_unique<CommandRelay>(runner_, h.commandRelay.argv, h.watch.relayTimeout);
    if (!lines_.relay)
        throw StartupError("host " + h.name + ": Relay=gpio, but no GPIO lines are available");
    try {
        return std::make_unique<GpioRelay>(loop_, lines_.relay(h, powered), h.gpioRelay.activeLow);
    } catch (const pgm::gpio::LineError& e) {
        throw StartupError("host " + h.name + ": relay line: " + e.what());
    }
}

void IcdDaemon::openGpioLink(const HostEntry& host)
{
    if (!lines_.heartbeat)
        throw StartupError("host " + host.name + ": Link=gpio, but no GPIO lines are available");
    std::unique_ptr<pgm::gpio::InputLine> line;
    try {
        line = lines_.heartbeat(host);
    } catch (const pgm::gpio::LineError& e) {
        throw StartupError("host " + host.name + ": heartbeat line: " + e.what());
    }
    const std::string name = host.name;
    GpioHeartbeatLink::Handlers handlers;
    handlers.beat = [this, name] { dispatch(name, board::Heartbeat{}); };
    handlers.lost = [this, name](const std::string& reason) { dispatch(name, board::HeartbeatLost{reason}); };
    gpioLinks_[host.name] = std::make_unique<GpioHeartbeatLink>(
        loop_.get(), std::move(line), board::GpioHeartbeatConfig{host.gpio.heartbeatPeriod}, std::move(handlers));
}

IcdDaemon::~IcdDaemon()
{
    loop_.setDeadline(std::nullopt, {});
}

void IcdDaemon::openLink(const HostEntry& host)
{
    KeyFileResult key = loadKeyFile(host.serial.keyFile);
    if (!key.key)
        throw StartupError("host " + host.name + ": " + key.message);
    std::optional<pgm::serial::SerialLine> line;
    try {
        line.emplace(host.serial.device, host.serial.baud);
    } catch (const pgm::serial::SerialLineError& e) {
        throw StartupError("host " + host.name + ": " + e.what());
    }
    HostLink::Handlers handlers;
    const std::string name = host.name;
    handlers.established = [this, name] { dispatch(name, board::Hello{}); };
    handlers.request = [this, &host](const Message& message) { return answerRequest(host, message); };
    handlers.outstandingNotices = [this, name] {
        std::vector<PeerNotice> out;
        for (const board::Notice& n : board_.outstandingNotices(name))
            out.push_back(peerNoticeOf(n, hostIdOf(n.peer), hostIdOf(n.by)));
        return out;
    };
    links_[host.name] = std::make_unique<HostLink>(loop_.get(), host.name, std::move(*line),
                                                   BoardSession(host.hostId, std::move(*key.key)), std::move(handlers));
}

std::optional<BoardReply> IcdDaemon::answerRequest(const HostEntry& host, const Message& message)
{
    if (const auto* fence = std::get_if<FencePeer>(&message.payload)) {
        requestFence(host, message, *fence);
        return std::nullopt;
    }
    if (const auto* ack = std::get_if<NoticeAck>(&message.payload)) {
        board_.acknowledgeNotice(host.name, ack->id);
        return Ack{message.seq};
    }
    if (const auto* query = std::get_if<PeerQuery>(&message.payload))
        return answerPeerQuery(host, message, *query);
    if (std::holds_alternative<StatusQuery>(message.payload)) {
        const board::HostWatch* watch = board_.find(host.name);
        return statusReplyOf({message.seq, watch, board_.cyclesInWindow(*watch), clock_.now(),
                              links_.at(host.name)->protocolCounters()});
    }
    if (auto* clear = std::get_if<ClearLatch>(&message.payload)) {
        const HostEntry* target = findHostById(config_, clear->target);
        const bool permitted = target != nullptr && std::find(host.mayClearLatchOf.begin(), host.mayClearLatchOf.end(),
                                                              target->name) != host.mayClearLatchOf.end();
        if (!permitted) {
            pgm::log::warning("host " + host.name + " may not clear the latch of host id " +
                               std::to_string(clear->target) + " (see ClearLatchOf=)");
            return Nak{message.seq, NakReason::NotPermitted};
        }
        return answerOf(message.seq, dispatch(target->name, board::ClearLatch{}));
    }
    const std::optional<board::Event> event = boardEventOf(message.payload);
    if (!event)
        return Nak{message.seq, NakReason::UnknownType};
    const board::Reply reply = dispatch(host.name, *event);
    // A heartbeat is not a request: the board gives no answer, the host gets an ACK.
    if (!board::isRequest(*event))
        return Ack{message.seq};
    return answerOf(message.seq, reply);
}

HostId IcdDaemon::hostIdOf(const std::string& name) const
{
    const HostEntry* entry = findHost(config_, name);
    return entry ? entry->hostId : 0;
}

void IcdDaemon::requestFence(const HostEntry& host, const Message& message, const FencePeer& request)
{
    // A host id the board does not know is a name no host has: the board
    // answers it unknown-host, like any other ruling.
    const HostEntry* target = findHostById(config_, request.target);
    const std::string targetName = target ? target->name : "with id " + std::to_string(request.target);
    pgm::log::info("host " + host.name + " asks to fence host " + targetName + " (" +
                   std::to_string(request.activeGroups) + " active paired groups)");
    report(FenceRequestReport{host.name, targetName, request.activeGroups});
    execute(board_.requestFence(host.name, {targetName, request.activeGroups, message.seq}));
    rearm();  // a request that waits brings the race window's end
    // A grant changes the target, not the requester alone.
    if (changed_)
        for (const HostEntry& h : config_.hosts)
            changed_(h.name);
}

std::optional<BoardReply> IcdDaemon::answerPeerQuery(const HostEntry& host, const Message& message,
                                                     const PeerQuery& query)
{
    const HostEntry* target = findHostById(config_, query.target);
    if (!target)
        return Nak{message.seq, NakReason::UnknownHost};
    const board::PeerView view = board_.viewOfPeer(host.name, target->name);
    if (view.refusal != board::Refusal::None)
        return answerOf(message.seq, board::Reply{host.name, false, view.refusal, {}});
    return peerStatusOf(message.seq, target->hostId, view);
}

void IcdDaemon::answerFence(const board::FenceAnswer& answer)
{
    const std::string text = "fence request of host " + answer.requester + " against host " + answer.target + ": " +
                             (answer.accepted ? "granted" : board::toString(answer.refusal)) + ": " + answer.detail;
    if (answer.accepted)
        pgm::log::info(text);
    else
        pgm::log::warning(text);
    report(answer);
    if (auto it = links_.find(answer.requester); it != links_.end())
        it->second->answer(answerOf(answer));
}

void IcdDaemon::sendNotice(const board::Notice& notice)
{
    pgm::log::info("notice " + std::to_string(notice.id) + " to host " + notice.to + ": host " + notice.peer + " " +
                   board::toString(notice.event) + " (" + board::toString(notice.cause) +
                   (notice.by.empty() ? "" : ", at the request of host " + notice.by) + ")");
    report(notice);
    // A host without a serial link cannot hear it; the board keeps it all
    // the same, bounded by one per peer.
    if (auto it = links_.find(notice.to); it != links_.end())
        it->second->notify(peerNoticeOf(notice, hostIdOf(notice.peer), hostIdOf(notice.by)));
}

void IcdDaemon::report(const FenceReport& r)
{
    if (reported_)
        reported_(r);
}

board::Reply IcdDaemon::clearLatch(const std::string& host)
{
    return dispatch(host, board::ClearLatch{});
}

board::Reply IcdDaemon::disarm(const std::string& host)
{
    return dispatch(host, board::Disarm{board::ActionCause::Operator});
}

board::Reply IcdDaemon::dispatch(const std::string& host, const board::Event& event)
{
    lastReply_.reset();
    execute(board_.handle(host, event));
    rearm();
    if (changed_)
        changed_(host);
    return lastReply_.value_or(board::Reply{host, true, board::Refusal::None, {}});
}

void IcdDaemon::persist()
{
    try {
        saveBoardState(config_.stateDirectory, board_.snapshot());
    } catch (const std::system_error& e) {
        // Carry on: switching a host's power matters more than remembering it.
        pgm::log::error(std::string("cannot save the board state: ") + e.what());
    }
}

void IcdDaemon::execute(const board::Actions& actions)
{
    auto relayDone = [this](std::string host, board::RelayCommand command) {
        return [this, host, command](const board::RelayResult& result) {
            dispatch(host, board::relayEvent(command, result));
        };
    };
    for (const board::Action& action : actions) {
        std::visit(Overloaded{
                       [&](const board::Persist&) { persist(); },
                       [&](const board::RelayPowerOff& a) {
                           pgm::log::info("host " + a.host + ": relay power-off");
                           relays_.at(a.host)->powerOff(relayDone(a.host, board::RelayCommand::PowerOff));
                       },
                       [&](const board::RelayPowerOn& a) {
                           pgm::log::info("host " + a.host + ": relay power-on");
                           relays_.at(a.host)->powerOn(relayDone(a.host, board::RelayCommand::PowerOn));
                       },
                       [&](const board::StateChanged& a) {
                           pgm::log::info("host " + a.host + ": " + board::toString(a.from) + " -> " +
                                           board::toString(a.to) + ": " + a.reason);
                       },
                       [&](const board::PowerChanged& a) {
                           pgm::log::info("host " + a.host + ": power " + board::toString(a.power) + ": " + a.reason);
                       },
                       [&](const board::Warning& a) { pgm::log::warning("host " + a.host + ": " + a.message); },
                       [&](const board::Reply& a) { lastReply_ = a; },
                       [&](const board::FenceAnswer& a) { answerFence(a); },
                       [&](const board::Notice& a) { sendNotice(a); },
                   },
                   action);
    }
}

void IcdDaemon::rearm()
{
    loop_.setDeadline(board_.nextDeadline(), [this] {
        execute(board_.onTimer());
        rearm();
        if (changed_)
            for (const HostEntry& h : config_.hosts)
                changed_(h.name);
    });
}

std::map<std::string, std::uint64_t> IcdDaemon::linkCounters(const std::string& host) const
{
    if (auto it = links_.find(host); it != links_.end())
        return it->second->counters();
    if (auto it = gpioLinks_.find(host); it != gpioLinks_.end())
        return {{"gpio-beats", it->second->beats()}, {"gpio-noise-edges", it->second->noiseEdges()}};
    return {};
}

} // namespace icd::daemon
