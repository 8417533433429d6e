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

} // namespace pgmd::log
