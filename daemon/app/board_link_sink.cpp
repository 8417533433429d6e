#include "board_link_sink.hpp"

#include "overloaded.hpp"

#include "bus/bus_names.hpp"
#include "board_link/gpio_link.hpp"
#include "board_link/serial_link.hpp"
#include "log/journal.hpp"

#include "protocol/key_file.hpp"
#include "protocol/random_nonce.hpp"

namespace pgmd {

namespace {

void logAt(boardlink::LinkEvent::Level level, const std::string& message)
{
    switch (level) {
    case boardlink::LinkEvent::Level::Info: log::info(message); break;
    case boardlink::LinkEvent::Level::Warning: log::warning(message); break;
    case boardlink::LinkEvent::Level::Error: log::error(message); break;
    }
}

std::string describe(const IndependentComputerSpec& spec)
{
    return spec.link == IcdLinkKind::Serial ? "serial " + spec.device
                                            : "gpio " + spec.gpioChip + " " + std::to_string(spec.gpioLine);
}

} // namespace

std::unique_ptr<BoardLinkSink> BoardLinkSink::create(const ManagerSpec& manager, pgm::EventLoop& loop,
                                                     sdbus::IConnection& apiBus, const Clock& clock,
                                                     ActionExecutor& executor, RequestAudit& audit)
{
    if (!manager.independentComputer)
        return nullptr;
    return std::unique_ptr<BoardLinkSink>(new BoardLinkSink(*manager.independentComputer, loop, apiBus, clock,
                                                            executor, audit));
}

BoardLinkSink::BoardLinkSink(const IndependentComputerSpec& spec, pgm::EventLoop& loop, sdbus::IConnection& apiBus,
                             const Clock& clock, ActionExecutor& executor, RequestAudit& audit)
    : ActionSink(executor), spec_(spec), loop_(loop), apiBus_(apiBus), clock_(clock), audit_(audit)
{
}

BoardLinkSink::~BoardLinkSink() = default;

void BoardLinkSink::start()
{
    auto listener = [this](const boardlink::LinkEvent& e) { onLinkEvent(e); };
    try {
        if (spec_.link == IcdLinkKind::Serial) {
            icd::KeyFileResult key = icd::loadKeyFile(spec_.keyFile);
            if (!key.key)
                throw std::runtime_error(key.message);
            link_ = std::make_unique<boardlink::SerialLink>(loop_, spec_, std::move(*key.key), clock_, listener,
                                                          icd::randomNonce);
        } else {
            link_ = std::make_unique<boardlink::GpioLink>(loop_, spec_, listener, boardlink::openGpioLine);
        }
        link_->start();
    } catch (const std::exception& e) {
        unavailable_ = "independent computer link " + describe(spec_) + " not started: " + e.what();
        log::error(unavailable_ + "; the board receives no heartbeats from this host");
        link_.reset();
    }
    gate_ = std::make_unique<RequestGate>(apiBus_, busnames::kDefaultAdminGroup, audit_);
    object_ = std::make_unique<boardlink::IcdObject>(apiBus_, *gate_, describe(spec_), link_.get(), unavailable_);
}

void BoardLinkSink::stop(bool rebootJobQueued)
{
    if (!link_)
        return;
    const boardlink::StopDecision decision = stopReasons_.decide(rebootJobQueued);
    log::info(std::string("pgmd stops for a ") + boardlink::toString(decision.reason) + " (" + decision.why +
              "): telling the independent computer over " + link_->description());
    link_->stop(decision.reason);
}

void BoardLinkSink::perform(const Action& action)
{
    std::visit(Overloaded{
                   [&](const EscalationTaken& a) { onEscalation(a); },
                   [&](const RequestPowerCycle& a) { requestPowerCycle(a); },
                   kIgnoreOthers,
               },
               action);
}

void BoardLinkSink::onEscalation(const EscalationTaken& step)
{
    stopReasons_.onEscalation(step.step);
}

void BoardLinkSink::requestPowerCycle(const RequestPowerCycle& request)
{
    const std::string refused =
        link_ ? link_->requestCycle(icd::RequestReason::RebootBudgetSpent, request.reason) : unavailable_;
    if (!refused.empty())
        log::error("cannot ask the independent computer for a power cycle (" + request.reason + "): " + refused);
}

void BoardLinkSink::onReload(const ManagerSpec& next) const
{
    if (next.independentComputer != std::optional<IndependentComputerSpec>(spec_))
        log::warning("reload: [IndependentComputer] changes only when pgmd restarts; keeping " + describe(spec_));
}

void BoardLinkSink::setBoardListener(boardlink::BoardEventListener listener)
{
    if (link_)
        link_->setBoardListener(std::move(listener));
    else if (listener)
        listener(boardlink::FenceAbility{false, unavailable_});
}

std::string BoardLinkSink::fencePeer(icd::HostId target, std::uint16_t activeGroups)
{
    return link_ ? link_->fencePeer(target, activeGroups) : unavailable_;
}

std::string BoardLinkSink::queryPeer(icd::HostId target)
{
    return link_ ? link_->queryPeer(target) : unavailable_;
}

void BoardLinkSink::onLinkEvent(const boardlink::LinkEvent& event)
{
    logAt(event.level, event.message);
    // Events can come while start() is still building the object.
    if (!object_)
        return;
    if (event.kind == boardlink::LinkEvent::Kind::StateChanged)
        object_->linkStateChanged();
    else if (event.kind == boardlink::LinkEvent::Kind::BoardStatus)
        object_->boardStateChanged();
}

} // namespace pgmd
