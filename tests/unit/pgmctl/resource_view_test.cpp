// `pgmctl list-resources` and `pgmctl status RESOURCE`, and their JSON.
#include "resource_view.hpp"

#include "utc_time_zone.hpp"

#include <gtest/gtest.h>

namespace pgmctl {
namespace {

constexpr std::uint64_t kFiveMinutesLater = kSaturdayNoon + 300'000'000;

ResourceStatus spoolResource()
{
    ResourceStatus r;
    r.name = "spool";
    r.kind = "path";
    r.state = "failing";
    r.lastError = "/var/spool/billing: No such file or directory";
    r.path = "/var/spool/billing";
    r.reinit = {"/bin/mkdir", "-p", "/var/spool/billing"};
    r.usedBy = {"billing", "reports"};
    r.checkIntervalUsec = 10'000'000;
    r.timeoutUsec = 5'000'000;
    r.reinitCount = 2;
    r.lastCheckTimestampUsec = kFiveMinutesLater - 3'000'000;
    r.stateChangeTimestampUsec = kSaturdayNoon;
    r.lastReinitTimestampUsec = kSaturdayNoon;
    return r;
}

ResourceStatus scratchResource()
{
    ResourceStatus r;
    r.name = "scratch";
    r.kind = "free-space";
    r.state = "unknown";
    r.path = "/srv/scratch";
    r.minFreeBytes = 1'073'741'824;
    return r;
}

class ResourceView : public UtcTimeZone {
protected:
    OutputSettings settings;
};

TEST_F(ResourceView, TableAndFooter)
{
    std::vector<ResourceStatus> resources{spoolResource(), scratchResource()};
    sortResourcesForDisplay(resources);
    EXPECT_EQ(renderResourceList(resources, kFiveMinutesLater, settings),
              "RESOURCE KIND       STATE   LAST-CHECK REINITS USED-BY\n"
              "scratch  free-space unknown never      0       -\n"
              "spool    path       failing 3s ago     2       billing,reports\n"
              "\n"
              "2 resources listed.\n");
}

TEST_F(ResourceView, NoLegendAndSingular)
{
    settings.legend = false;
    EXPECT_EQ(renderResourceList({scratchResource()}, kFiveMinutesLater, settings),
              "scratch free-space unknown never 0 -\n");
    settings.legend = true;
    EXPECT_NE(renderResourceList({scratchResource()}, kFiveMinutesLater, settings).find("\n1 resource listed.\n"),
              std::string::npos);
}

TEST_F(ResourceView, StateColouredOnlyWithColour)
{
    settings.colour = true;
    const std::string out = renderResourceList({spoolResource()}, kFiveMinutesLater, settings);
    EXPECT_NE(out.find("\x1b[0;1;31mfailing\x1b[0m"), std::string::npos) << out;
}

TEST_F(ResourceView, Status)
{
    EXPECT_EQ(renderResourceStatus(spoolResource(), kFiveMinutesLater, settings),
              "* resource spool\n"
              "       Kind: path\n"
              "      State: failing since Sat 2026-11-21 12:00:01 UTC; 5min ago\n"
              " Last check: Sat 2026-11-21 12:04:58 UTC; 3s ago\n"
              " Last error: /var/spool/billing: No such file or directory\n"
              "   Re-inits: 2 (last Sat 2026-11-21 12:00:01 UTC; 5min ago)\n"
              "    Used by: billing, reports\n"
              "       Path: /var/spool/billing\n"
              "     Reinit: /bin/mkdir -p /var/spool/billing\n"
              "Check every: 10s\n"
              "    Timeout: 5s\n");
}

TEST_F(ResourceView, StatusOfAResourceNeverChecked)
{
    const std::string out = renderResourceStatus(scratchResource(), kFiveMinutesLater, settings);
    EXPECT_NE(out.find("State: unknown\n"), std::string::npos) << out;
    EXPECT_NE(out.find("Last check: never\n"), std::string::npos) << out;
    EXPECT_NE(out.find("Min free: 1073741824 bytes\n"), std::string::npos) << out;
    EXPECT_NE(out.find("Reinit: -\n"), std::string::npos) << out;
    EXPECT_EQ(out.find("Last error"), std::string::npos) << out;
}

TEST_F(ResourceView, Json)
{
    const Json json = resourceJson(spoolResource());
    EXPECT_EQ(json["name"], "spool");
    EXPECT_EQ(json["kind"], "path");
    EXPECT_EQ(json["state"], "failing");
    EXPECT_EQ(json["last_error"], "/var/spool/billing: No such file or directory");
    EXPECT_EQ(json["reinit_count"], 2);
    EXPECT_EQ(json["last_check_timestamp"], kFiveMinutesLater - 3'000'000);
    EXPECT_EQ(json["used_by"], Json::array({"billing", "reports"}));
}

TEST_F(ResourceView, OnlyOkIsHealthy)
{
    ResourceStatus r = spoolResource();
    EXPECT_FALSE(isHealthy(r));
    r.state = "unknown";
    EXPECT_FALSE(isHealthy(r));
    r.state = "ok";
    EXPECT_TRUE(isHealthy(r));
}

} // namespace
} // namespace pgmctl
