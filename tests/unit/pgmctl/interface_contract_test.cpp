// pgmctl against the interface XML itself: every property pgmd publishes is
// decoded under its D-Bus name and shows up in --json under its snake_case
// name. A property added to the XML but not to pgmctl, or a misspelt name in
// the decoder, fails here.

#include "json_output.hpp"
#include "resource_view.hpp"
#include "status_decoding.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

namespace pgmctl {
namespace {

struct PropertyDecl {
    std::string name;
    std::string type;
};

std::vector<PropertyDecl> propertiesIn(const std::string& xmlFile)
{
    std::ifstream in(std::string(DBUS_DIR) + "/" + xmlFile);
    EXPECT_TRUE(in) << xmlFile;
    std::stringstream text;
    text << in.rdbuf();
    std::string xml = text.str();
    std::regex property(R"re(<property name="(\w+)" type="([^"]+)")re");
    std::vector<PropertyDecl> out;
    for (auto it = std::sregex_iterator(xml.begin(), xml.end(), property); it != std::sregex_iterator(); ++it)
        out.push_back({(*it)[1], (*it)[2]});
    return out;
}

// "ProcessRestartIntervalUSec" -> "process_restart_interval_usec".
std::string snakeCase(std::string name)
{
    name = std::regex_replace(name, std::regex("USec"), "Usec");
    std::string out;
    for (char c : name) {
        if (std::isupper(static_cast<unsigned char>(c))) {
            if (!out.empty())
                out += '_';
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else {
            out += c;
        }
    }
    return out;
}

// A value of D-Bus type `type` that no decoder default equals.
sdbus::Variant notDefault(const std::string& type)
{
    using Member = sdbus::Struct<std::string, std::string, std::string, std::uint32_t>;
    using Step = sdbus::Struct<std::uint64_t, std::string, std::string>;
    if (type == "s")
        return sdbus::Variant(std::string("x"));
    if (type == "b")
        return sdbus::Variant(true);
    if (type == "u")
        return sdbus::Variant(std::uint32_t{7});
    if (type == "t")
        return sdbus::Variant(std::uint64_t{7});
    if (type == "as")
        return sdbus::Variant(std::vector<std::string>{"x"});
    if (type == "a(sssu)")
        return sdbus::Variant(std::vector<Member>{Member{"x", "x", "x", 7u}});
    if (type == "a(tss)")
        return sdbus::Variant(std::vector<Step>{Step{std::uint64_t{7}, "x", "x"}});
    if (type == "a(sss)")
        return sdbus::Variant(std::vector<sdbus::Struct<std::string, std::string, std::string>>{{"x", "x", "x"}});
    if (type == "a{st}")
        return sdbus::Variant(std::map<std::string, std::uint64_t>{{"x", 7}});
    if (type == "a(susbbs)")
        return sdbus::Variant(
            std::vector<sdbus::Struct<std::string, std::uint32_t, std::string, bool, bool, std::string>>{
                {"x", 7u, "x", true, true, "x"}});
    if (type == "a(uubb)")
        return sdbus::Variant(
            std::vector<sdbus::Struct<std::uint32_t, std::uint32_t, bool, bool>>{{7u, 7u, true, true}});
    if (type == "a(ssassas)")
        return sdbus::Variant(
            std::vector<sdbus::Struct<std::string, std::string, std::vector<std::string>, std::string,
                                      std::vector<std::string>>>{{"x", "x", {"x"}, "x", {"x"}}});
    if (type == "a(ss)")
        return sdbus::Variant(std::vector<sdbus::Struct<std::string, std::string>>{{"x", "x"}});
    if (type == "a(sssbbbt)")
        return sdbus::Variant(
            std::vector<sdbus::Struct<std::string, std::string, std::string, bool, bool, bool, std::uint64_t>>{
                {"x", "x", "x", true, true, true, std::uint64_t{7}}});
    if (type == "a(suubsss)")
        return sdbus::Variant(
            std::vector<sdbus::Struct<std::string, std::uint32_t, std::uint32_t, bool, std::string, std::string,
                                      std::string>>{{"x", 7u, 7u, true, "x", "x", "x"}});
    if (type == "a(susibbs)")
        return sdbus::Variant(
            std::vector<sdbus::Struct<std::string, std::uint32_t, std::string, std::int32_t, bool, bool, std::string>>{
                {"x", 7u, "x", 7, true, true, "x"}});
    if (type == "a(suys)")
        return sdbus::Variant(std::vector<sdbus::Struct<std::string, std::uint32_t, std::uint8_t, std::string>>{
            {"x", 7u, std::uint8_t{7}, "x"}});
    ADD_FAILURE() << "no sample for D-Bus type " << type;
    return sdbus::Variant(std::string());
}

bool isDefault(const Json& value)
{
    return value == Json("") || value == Json(0) || value == Json(false) || value == Json::array() ||
           value == Json::object();
}

TEST(InterfaceContract, SnakeCase)
{
    EXPECT_EQ(snakeCase("ProcessRestartIntervalUSec"), "process_restart_interval_usec");
    EXPECT_EQ(snakeCase("Name"), "name");
    EXPECT_EQ(snakeCase("StateChangeTimestamp"), "state_change_timestamp");
}

TEST(InterfaceContract, EveryGroupPropertyIsDecodedAndPrinted)
{
    std::vector<PropertyDecl> declared = propertiesIn("org.pgmd1.Group.xml");
    ASSERT_FALSE(declared.empty());
    PropertyMap properties;
    for (const PropertyDecl& p : declared)
        properties[p.name] = notDefault(p.type);

    Json json = groupJson(decodeGroup(properties));
    for (const PropertyDecl& p : declared) {
        std::string key = snakeCase(p.name);
        ASSERT_TRUE(json.contains(key)) << p.name << " is not in the JSON as " << key;
        EXPECT_FALSE(isDefault(json[key])) << p.name << " was not decoded";
    }
    EXPECT_EQ(json.size(), declared.size()) << "JSON fields that are no Group property";
}

TEST(InterfaceContract, EveryResourcePropertyIsDecodedAndPrinted)
{
    std::vector<PropertyDecl> declared = propertiesIn("org.pgmd1.Resource.xml");
    ASSERT_FALSE(declared.empty());
    PropertyMap properties;
    for (const PropertyDecl& p : declared)
        properties[p.name] = notDefault(p.type);

    Json json = resourceJson(decodeResource(properties));
    for (const PropertyDecl& p : declared) {
        std::string key = snakeCase(p.name);
        ASSERT_TRUE(json.contains(key)) << p.name << " is not in the JSON as " << key;
        EXPECT_FALSE(isDefault(json[key])) << p.name << " was not decoded";
    }
    EXPECT_EQ(json.size(), declared.size()) << "JSON fields that are no Resource property";
}

TEST(InterfaceContract, EveryManagerPropertyIsDecodedAndPrinted)
{
    PropertyMap properties;
    std::vector<PropertyDecl> declared;
    for (const PropertyDecl& p : propertiesIn("org.pgmd1.Manager.xml")) {
        // The group and resource objects: pgmctl lists those themselves instead.
        if (p.name == "Groups" || p.name == "Resources")
            continue;
        declared.push_back(p);
        properties[p.name] = notDefault(p.type);
    }
    ASSERT_FALSE(declared.empty());

    Json json = managerJson(decodeManager(properties));
    for (const PropertyDecl& p : declared) {
        std::string key = snakeCase(p.name);
        ASSERT_TRUE(json.contains(key)) << p.name << " is not in the JSON as " << key;
        EXPECT_FALSE(isDefault(json[key])) << p.name << " was not decoded";
    }
    EXPECT_EQ(json.size(), declared.size()) << "JSON fields that are no Manager property";
}

TEST(InterfaceContract, EveryIndependentComputerPropertyIsDecodedAndPrinted)
{
    std::vector<PropertyDecl> declared = propertiesIn("org.pgmd1.IndependentComputer.xml");
    ASSERT_FALSE(declared.empty());
    PropertyMap properties;
    for (const PropertyDecl& p : declared)
        properties[p.name] = notDefault(p.type);

    Json json = icdJson(decodeIcd(properties));
    for (const PropertyDecl& p : declared) {
        std::string key = snakeCase(p.name);
        ASSERT_TRUE(json.contains(key)) << p.name << " is not in the JSON as " << key;
        EXPECT_FALSE(isDefault(json[key])) << p.name << " was not decoded";
    }
    EXPECT_EQ(json.size(), declared.size()) << "JSON fields that are no IndependentComputer property";
}

TEST(InterfaceContract, EveryClusterPropertyIsDecodedAndPrinted)
{
    std::vector<PropertyDecl> declared = propertiesIn("org.pgmd1.Cluster.xml");
    ASSERT_FALSE(declared.empty());
    PropertyMap properties;
    for (const PropertyDecl& p : declared)
        properties[p.name] = notDefault(p.type);

    Json json = clusterJson(decodeCluster(properties));
    for (const PropertyDecl& p : declared) {
        std::string key = snakeCase(p.name);
        ASSERT_TRUE(json.contains(key)) << p.name << " is not in the JSON as " << key;
        EXPECT_FALSE(isDefault(json[key])) << p.name << " was not decoded";
    }
    EXPECT_EQ(json.size(), declared.size()) << "JSON fields that are no Cluster property";
}

} // namespace
} // namespace pgmctl
