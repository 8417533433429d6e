#include "common/json/json_reader.hpp"

#include <limits>

namespace pgm::json_reader {

void fail(const std::string& where, const std::string& problem)
{
    throw FormatError(where + ": " + problem);
}

std::string child(const std::string& where, const std::string& key)
{
    return where + "[\"" + key + "\"]";
}

std::string child(const std::string& where, std::size_t index)
{
    return where + "[" + std::to_string(index) + "]";
}

void expectObject(const Json& v, const std::string& where)
{
    if (!v.is_object())
        fail(where, "expected an object");
}

std::int64_t readInt64(const Json& v, const std::string& where, std::string_view expected)
{
    // JSON has one number type: a value above INT64_MAX parses as unsigned
    // and would wrap to a negative time or count.
    if (v.is_number_unsigned()
        && v.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        fail(where, "integer out of range");
    if (!v.is_number_integer())
        fail(where, "expected " + std::string(expected));
    return v.get<std::int64_t>();
}

std::uint64_t readUint64(const Json& v, const std::string& where)
{
    if (!v.is_number_unsigned())
        fail(where, "expected a non-negative integer");
    return v.get<std::uint64_t>();
}

bool readBool(const Json& v, const std::string& where)
{
    if (!v.is_boolean())
        fail(where, "expected true or false");
    return v.get<bool>();
}

std::string readString(const Json& v, const std::string& where)
{
    if (!v.is_string())
        fail(where, "expected a string");
    return v.get<std::string>();
}

std::vector<TimePoint> readTimes(const Json& v, const std::string& where, std::string_view expectedElement)
{
    if (!v.is_array())
        fail(where, "expected an array of microsecond timestamps");
    std::vector<TimePoint> times;
    times.reserve(v.size());
    for (std::size_t i = 0; i < v.size(); ++i)
        times.push_back(TimePoint{readInt64(v[i], child(where, i), expectedElement)});
    return times;
}

void expectVersion(const Json& doc, const std::string& where, int supported, std::string_view reader)
{
    expectObject(doc, where);
    auto version = doc.find("version");
    if (version == doc.end())
        fail(where, "no \"version\" member");
    if (!version->is_number_integer() || version->get<std::int64_t>() != supported)
        fail(child(where, "version"), "unsupported version " + version->dump() + " (this " + std::string(reader)
                                          + " reads version " + std::to_string(supported) + ")");
}

} // namespace pgm::json_reader
