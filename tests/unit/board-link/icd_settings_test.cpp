// [IndependentComputer] in pgmd.conf: defaults, the keys each link needs,
// and errors at file:line: key.

#include "config/manager_file.hpp"

#include <gtest/gtest.h>

namespace pgmd {
namespace {

struct Read {
    ManagerSpec manager;
    pgm::ConfigErrors errors;
};

Read readConf(const std::string& text)
{
    Read r;
    r.manager = defaultManagerSpec();
    const pgm::IniDocument doc = pgm::parseIni("pgmd.conf", text, r.errors);
    std::optional<ClusterSpec> cluster;
    readManagerFile(doc, r.manager, cluster, "host", r.errors);
    return r;
}

std::vector<std::string> formatted(const pgm::ConfigErrors& errors)
{
    std::vector<std::string> out;
    for (const pgm::ConfigError& e : errors)
        out.push_back(format(e));
    return out;
}

TEST(IcdSettings, AbsentSectionMeansNoLink)
{
    const Read r = readConf("[Manager]\nNodeName=a\n");
    EXPECT_TRUE(r.errors.empty());
    EXPECT_FALSE(r.manager.independentComputer);
}

TEST(IcdSettings, SerialLinkWithDefaults)
{
    const Read r = readConf("[IndependentComputer]\nLink=serial\nDevice=/dev/ttyS1\nKeyFile=/etc/pgmd/icd.key\n"
                            "HostId=3\n");
    ASSERT_TRUE(r.errors.empty()) << formatted(r.errors)[0];
    ASSERT_TRUE(r.manager.independentComputer);
    const IndependentComputerSpec& s = *r.manager.independentComputer;
    EXPECT_EQ(s.link, IcdLinkKind::Serial);
    EXPECT_EQ(s.device, "/dev/ttyS1");
    EXPECT_EQ(s.keyFile, "/etc/pgmd/icd.key");
    EXPECT_EQ(s.hostId, 3u);
    EXPECT_EQ(s.baud, 115200u);
    EXPECT_EQ(s.heartbeatInterval, std::chrono::seconds(10));
    EXPECT_EQ(s.statusInterval, std::chrono::minutes(1));
}

TEST(IcdSettings, SerialLinkSettings)
{
    const Read r = readConf("[IndependentComputer]\nLink=serial\nDevice=/dev/ttyUSB0\nKeyFile=/k\nHostId=255\n"
                            "Baud=9600\nHeartbeatInterval=2s\nStatusInterval=0\n");
    ASSERT_TRUE(r.errors.empty()) << formatted(r.errors)[0];
    const IndependentComputerSpec& s = *r.manager.independentComputer;
    EXPECT_EQ(s.baud, 9600u);
    EXPECT_EQ(s.hostId, 255u);
    EXPECT_EQ(s.heartbeatInterval, std::chrono::seconds(2));
    EXPECT_EQ(s.statusInterval, Duration{0});
}

TEST(IcdSettings, GpioLinkWithDefaults)
{
    const Read r = readConf("[IndependentComputer]\nLink=gpio\nGpioChip=gpiochip0\nGpioLine=17\n");
    ASSERT_TRUE(r.errors.empty()) << formatted(r.errors)[0];
    const IndependentComputerSpec& s = *r.manager.independentComputer;
    EXPECT_EQ(s.link, IcdLinkKind::Gpio);
    EXPECT_EQ(s.gpioChip, "gpiochip0");
    EXPECT_EQ(s.gpioLine, 17u);
    EXPECT_EQ(s.gpioPeriod, std::chrono::seconds(2));
}

TEST(IcdSettings, MissingKeysAreReportedAtTheSection)
{
    const Read r = readConf("[Manager]\n\n[IndependentComputer]\nLink=serial\n");
    EXPECT_FALSE(r.manager.independentComputer);
    EXPECT_EQ(formatted(r.errors), (std::vector<std::string>{
                                       "pgmd.conf:3: Device: missing; Link=serial needs Device=",
                                       "pgmd.conf:3: KeyFile: missing; Link=serial needs KeyFile=",
                                       "pgmd.conf:3: HostId: missing; Link=serial needs HostId=",
                                   }));
}

TEST(IcdSettings, LinkIsRequired)
{
    const Read r = readConf("[IndependentComputer]\nDevice=/dev/ttyS1\n");
    EXPECT_EQ(formatted(r.errors),
              (std::vector<std::string>{"pgmd.conf:1: Link: missing; set Link= to serial or gpio"}));
}

TEST(IcdSettings, InvalidValuesAreReportedAtTheirLine)
{
    const Read r = readConf("[IndependentComputer]\nLink=serial\nDevice=ttyS1\nKeyFile=/k\nHostId=256\n"
                            "Baud=1234\nHeartbeatInterval=0\n");
    EXPECT_FALSE(r.manager.independentComputer);
    EXPECT_EQ(formatted(r.errors),
              (std::vector<std::string>{
                  "pgmd.conf:3: Device: 'ttyS1' is not an absolute path",
                  "pgmd.conf:5: HostId: host id 256 is out of range (0-255)",
                  "pgmd.conf:6: Baud: unsupported baud rate 1234 (allowed: 1200, 2400, 4800, 9600, 19200, 38400, "
                  "57600, 115200, 230400, 460800, 921600)",
                  "pgmd.conf:7: HeartbeatInterval: must be greater than 0",
              }));
}

TEST(IcdSettings, KeysOfTheOtherLinkAreRefused)
{
    const Read r = readConf("[IndependentComputer]\nLink=gpio\nGpioChip=gpiochip0\nGpioLine=4\nDevice=/dev/ttyS1\n");
    EXPECT_EQ(formatted(r.errors), (std::vector<std::string>{"pgmd.conf:5: Device: applies only to Link=serial"}));
}

TEST(IcdSettings, UnknownKeyAndBadLink)
{
    const Read r = readConf("[IndependentComputer]\nLink=usb\nSpeed=9600\n");
    EXPECT_EQ(formatted(r.errors), (std::vector<std::string>{
                                       "pgmd.conf:2: Link: invalid value 'usb' (allowed: serial, gpio)",
                                       "pgmd.conf:3: Speed: unknown key",
                                   }));
}

} // namespace
} // namespace pgmd
