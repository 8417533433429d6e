#include "icd_view.hpp"

#include "field_block.hpp"
#include "terminal_style.hpp"
#include "text_table.hpp"
#include "text_width.hpp"
#include "time_format.hpp"

#include <vector>

namespace pgmctl {

namespace {

constexpr const char* kTitle = "Independent computer";

std::string boardStateLine(const IcdStatus& icd, const OutputSettings& settings)
{
    if (icd.boardState.empty())
        return "unknown (no status reply yet)";
    return paint(printable(icd.boardState), boardStateTone(icd.boardState), settings.colour);
}

std::string lastReplyLine(const IcdStatus& icd, std::uint64_t now)
{
    if (icd.lastReply.empty())
        return "none yet";
    std::string line = printable(icd.lastReply);
    if (icd.lastReplyTimestampUsec != 0)
        line += " (" + formatTimestampWithAge(icd.lastReplyTimestampUsec, now) + ")";
    return line;
}

// "accepted 118" / "crc      2", names aligned. Zero counts are left out:
// of some fifteen drop reasons, the ones that happened are what matters.
std::vector<std::string> counterLines(const IcdStatus& icd, const OutputSettings& settings)
{
    TextTable table({"COUNTER", "FRAMES"});
    bool any = false;
    for (const auto& [name, count] : icd.counters) {
        if (count == 0)
            continue;
        table.addRow({{name}, {std::to_string(count)}});
        any = true;
    }
    if (!any)
        return {"all zero"};
    return splitLines(table.render({false, settings.colour, 0, settings.glyphs.ellipsis}));
}

std::vector<Field> icdFields(const IcdStatus& icd, std::uint64_t now, const OutputSettings& settings)
{
    return {
        {"Link", {printable(icd.link)}},
        {"Link state", {paint(printable(icd.linkState), linkStateTone(icd.linkState), settings.colour)}},
        {"Board state", {boardStateLine(icd, settings)}},
        {"Fences peers", {icd.canFence ? "yes" : "no"}},
        {"Last reply", {lastReplyLine(icd, now)}},
        {"Heartbeats sent", {std::to_string(icd.heartbeatsSent)}},
        {"Counters", counterLines(icd, settings)},
    };
}

} // namespace

std::string renderIcdStatus(const IcdStatus& icd, std::uint64_t nowUsec, const OutputSettings& settings)
{
    std::string out = renderHeader(settings.glyphs.bullet, linkStateTone(icd.linkState), kTitle, settings.colour);
    return out + renderFields(icdFields(icd, nowUsec, settings));
}

} // namespace pgmctl
