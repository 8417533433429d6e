#pragma once
// Reading a versioned JSON file (pgmd's state, pgm-icd's board state) into
// plain structs. Every error names the place, e.g.
// document["groups"]["web"]["offline"]: expected true or false, so that a
// damaged file can be repaired by hand.

#include "common/time/time.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace pgm::json_reader {

using Json = nlohmann::json;

// Unwinds out of nested readers; readDocument turns it into its error text.
class FormatError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

[[noreturn]] void fail(const std::string& where, const std::string& problem);

// The place of a member or an element, below `where`.
std::string child(const std::string& where, const std::string& key);
std::string child(const std::string& where, std::size_t index);

void expectObject(const Json& v, const std::string& where);

// `expected` words the error for a value that is no integer: a format may
// say what the number means ("a timestamp in microseconds").
std::int64_t readInt64(const Json& v, const std::string& where, std::string_view expected = "an integer");
std::uint64_t readUint64(const Json& v, const std::string& where);
bool readBool(const Json& v, const std::string& where);
std::string readString(const Json& v, const std::string& where);

// An array of wall-clock stamps in microseconds; `expectedElement` as for
// readInt64.
std::vector<TimePoint> readTimes(const Json& v, const std::string& where, std::string_view expectedElement);

// Fails unless `doc` is an object whose "version" is `supported`; `reader`
// names the program in the error, since an older one meeting a newer file is
// the usual cause.
void expectVersion(const Json& doc, const std::string& where, int supported, std::string_view reader);

// Absent members are left alone, so they keep their defaults; present ones
// are handed to visit(value, place), whose readers fail on a wrong type,
// since a wrong type means the file is damaged.
template <typename Visit>
void visitMember(const Json& object, const char* key, const std::string& where, Visit visit)
{
    if (auto it = object.find(key); it != object.end())
        visit(*it, child(where, key));
}

template <typename T, typename Reader>
void readMember(const Json& object, const char* key, const std::string& where, T& out, Reader read)
{
    visitMember(object, key, where, [&](const Json& v, const std::string& place) { out = read(v, place); });
}

// Parses `text` and hands the document to read(doc, "document"). nullopt on
// malformed JSON or a FormatError; *error (if given) then says what and where.
template <typename Read>
auto readDocument(const std::string& text, std::string* error, Read read)
    -> std::optional<std::invoke_result_t<Read, const Json&, const std::string&>>
{
    try {
        return read(Json::parse(text), std::string("document"));
    } catch (const Json::parse_error& e) {
        if (error)
            *error = e.what();
    } catch (const FormatError& e) {
        if (error)
            *error = e.what();
    }
    return std::nullopt;
}

} // namespace pgm::json_reader
