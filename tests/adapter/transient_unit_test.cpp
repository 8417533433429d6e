#include "systemd/transient_unit.hpp"

#include <gtest/gtest.h>

namespace pgmd {
namespace {

const sdbus::Variant* find(const std::vector<UnitProperty>& props, const std::string& name)
{
    for (const auto& p : props)
        if (p.get<0>() == name)
            return &p.get<1>();
    return nullptr;
}

MemberSpec inlineMember(const std::string& type)
{
    MemberSpec m;
    m.name = "pgm-g-x.service";
    m.isTransient = true;
    m.execStart = {"/bin/true", "--flag"};
    m.serviceType = type;
    return m;
}

TEST(TransientUnit, RunsInTheGroupSliceWithoutSystemdRestartsAndBeforePgmd)
{
    auto props = transientUnitProperties(inlineMember("simple"), "pgm-application-g.slice");
    ASSERT_NE(find(props, "Slice"), nullptr);
    EXPECT_EQ(find(props, "Slice")->get<std::string>(), "pgm-application-g.slice");
    EXPECT_EQ(find(props, "Restart")->get<std::string>(), "no");
    EXPECT_EQ(find(props, "Before")->get<std::vector<std::string>>(), std::vector<std::string>{"pgmd.service"});
    EXPECT_EQ(find(props, "RemainAfterExit"), nullptr);
}

TEST(TransientUnit, OneshotMembersRemainActiveAfterTheyRan)
{
    auto props = transientUnitProperties(inlineMember("oneshot"), "s.slice");
    ASSERT_NE(find(props, "RemainAfterExit"), nullptr);
    EXPECT_TRUE(find(props, "RemainAfterExit")->get<bool>());
}

TEST(TransientUnit, NoCommandIsRefused)
{
    MemberSpec m = inlineMember("simple");
    m.execStart.clear();
    EXPECT_THROW(transientUnitProperties(m, "s.slice"), std::invalid_argument);
}

} // namespace
} // namespace pgmd
