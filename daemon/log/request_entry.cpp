#include "request_entry.hpp"

#include "message_ids.hpp"

#include "common/text/escape.hpp"

#include <cctype>

namespace pgmd::log {

namespace {

// "unit" -> "UNIT": the journal's fields are upper case.
std::string fieldName(const std::string& argument)
{
    std::string name;
    for (char c : argument)
        name += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return name;
}

// " (state active, incarnation 3)", or "" when there is nothing to show.
std::string argumentsText(const RequestRecord& r)
{
    std::string text;
    for (const auto& [name, value] : r.arguments) {
        if (value.empty())
            continue;
        text += (text.empty() ? " (" : ", ") + name + " " + value;
    }
    return text.empty() ? text : text + ")";
}

// "uid 0 (pid 1234, pgmctl, sshd.service)", naming only what is known.
std::string callerText(const RequestCallerFields& c)
{
    std::string details;
    const auto add = [&](const std::string& part) {
        if (!part.empty())
            details += (details.empty() ? "" : ", ") + part;
    };
    add(c.pid ? "pid " + std::to_string(*c.pid) : "");
    add(c.comm);
    add(c.unit);
    std::string text = c.uid ? "uid " + std::to_string(*c.uid) : "a caller the bus did not identify";
    return details.empty() ? text : text + " (" + details + ")";
}

void addIfSet(Entry& e, std::string key, const std::string& value)
{
    if (!value.empty())
        e.fields.emplace_back(std::move(key), value);
}

} // namespace

Entry requestEntry(const RequestRecord& r)
{
    std::string text = r.origin + " request " + r.verb + (r.group.empty() ? "" : " " + r.group) + argumentsText(r) +
                       " from " + callerText(r.caller) + ": ";
    text += r.accepted ? "accepted" : "refused" + (r.errorMessage.empty() ? "" : ": " + r.errorMessage);

    Entry e;
    e.priority = r.priority;
    // Arguments, the refusal and the command name come from the caller: one
    // line of text, whatever they hold. The fields keep them as given.
    e.message = pgm::text::escapeForDisplay(text);
    e.fields.emplace_back("MESSAGE_ID", std::string(r.accepted ? ids::kRequestAccepted : ids::kRequestRefused));
    e.fields.emplace_back("REQUEST", r.request);
    addIfSet(e, "GROUP", r.group);
    for (const auto& [name, value] : r.arguments)
        addIfSet(e, fieldName(name), value);
    e.fields.emplace_back("OUTCOME", r.accepted ? "accepted" : "refused");
    if (!r.accepted) {
        addIfSet(e, "ERROR", r.error);
        addIfSet(e, "ERROR_MESSAGE", r.errorMessage);
    }
    if (r.caller.uid)
        e.fields.emplace_back("CALLER_UID", std::to_string(*r.caller.uid));
    if (r.caller.pid)
        e.fields.emplace_back("CALLER_PID", std::to_string(*r.caller.pid));
    addIfSet(e, "CALLER_UNIT", r.caller.unit);
    addIfSet(e, "CALLER_COMM", r.caller.comm);
    return e;
}

} // namespace pgmd::log
