#include "journal.hpp"

#include "structured_entries.hpp"

#include "common/log/sink.hpp"

namespace pgmd::log {

void transition(const std::string& group, const std::string& layer, const std::string& from,
                const std::string& to, const std::string& reason)
{
    pgm::log::write(transitionEntry(group, layer, from, to, reason));
}

void escalation(const std::string& group, const std::string& layer, const std::string& step,
                const std::string& reason)
{
    pgm::log::write(escalationEntry(group, layer, step, reason));
}

void request(const RequestRecord& record)
{
    pgm::log::write(requestEntry(record));
}

void failover(const std::string& group, const std::string& fromNode, const std::string& toNode,
              const std::string& reason)
{
    pgm::log::write(failoverEntry(group, fromNode, toNode, reason));
}

void pairFrozen(const std::string& group, bool frozen, const std::string& why)
{
    pgm::log::write(pairFrozenEntry(group, frozen, why));
}

void peerVerdict(const std::string& node, const std::string& verdict, int link, bool lost,
                 const std::string& evidence)
{
    pgm::log::write(peerVerdictEntry(node, verdict, link, lost, evidence));
}

void link(const std::string& node, unsigned link, bool up, const std::string& cause)
{
    pgm::log::write(linkEntry(node, link, up, cause));
}

void switchoverEnded(const std::string& group, const std::string& fromNode, const std::string& toNode,
                     const std::string& byNode, const std::string& outcome, const std::string& reason)
{
    pgm::log::write(switchoverEndedEntry(group, fromNode, toNode, byNode, outcome, reason));
}

void needsFencing(const std::string& group, const std::string& node, bool needed, const std::string& text)
{
    pgm::log::write(needsFencingEntry(group, node, needed, text));
}

} // namespace pgmd::log
