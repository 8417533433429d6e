#include "bus_fixture.hpp"

#include "child_process.hpp"

#include "bus/bus_names.hpp"

#include <algorithm>

namespace pgmd::test {

GroupInfo alphaGroup()
{
    GroupInfo g;
    g.name = "alpha";
    g.layer = "platform";
    g.state = "active";
    g.role = "none";
    g.slice = "pgm-platform-alpha.slice";
    g.units = {"alpha-db.service", "alpha-cache.service"};
    g.resources = {"data-disk"};
    g.processRestarts = 1;
    g.processRestartBurst = 3;
    g.groupRestarts = 0;
    g.groupRestartBurst = 2;
    g.incarnation = 4;
    g.description = "Alpha data tier";
    g.handshake = "none";
    g.standby = "hot";
    g.members = {{"alpha-db.service", "active", "running", 321}, {"alpha-cache.service", "active", "running", 322}};
    g.processRestartIntervalUsec = 300'000'000;
    g.groupRestartIntervalUsec = 900'000'000;
    g.activationTimeoutUsec = 30'000'000;
    g.stateChangeTimestampUsec = 1'700'000'000'000'000;
    g.recentSteps = {{1'700'000'000'000'001, "restart-process", "alpha-db.service exited"}};
    return g;
}

GroupInfo webGroup()
{
    GroupInfo g;
    g.name = "web-front.v2";
    g.layer = "application";
    g.state = "standby";
    g.role = "alternate";
    g.slice = "pgm-application-web\\x2dfront.v2.slice";
    g.units = {"web.service"};
    g.dependsOn = {"alpha"};
    g.processRestarts = 2;
    g.processRestartBurst = 5;
    g.groupRestarts = 1;
    g.groupRestartBurst = 4;
    g.lastFault = "web.service exited with status 3";
    g.holdReason = "";
    g.incarnation = 17;
    g.description = "Public web front";
    g.handshake = "bus";
    g.standby = "cold";
    g.requestedState = "active";
    g.requestedIncarnation = 18;
    g.members = {{"web.service", "inactive", "dead", 0}};
    g.processRestartIntervalUsec = 60'000'000;
    g.groupRestartIntervalUsec = 600'000'000;
    g.activationTimeoutUsec = 5'000'000;
    g.stateChangeTimestampUsec = 1'700'000'100'000'000;
    g.lastFaultTimestampUsec = 1'700'000'050'000'000;
    g.recentSteps = {{1'700'000'040'000'000, "restart-process", "web.service exited with status 3"},
                     {1'700'000'050'000'000, "restart-group", "3 process restarts in 1min"}};
    g.waitingFor = {{"acknowledgement", "active", "incarnation 18"}};
    return g;
}

ManagerInfo managerInfo()
{
    ManagerInfo m;
    m.nodeName = "node-a";
    m.rebootCount = 1;
    m.rebootBurst = 2;
    m.totalReboots = 9;
    m.escalationExhausted = false;
    m.rebootIntervalUsec = 3'600'000'000;
    m.hostReinitCount = 1;
    m.hostReinitBurst = 3;
    m.version = "0.3.0";
    m.configDirectory = "/etc/pgmd";
    m.configLoadedTimestampUsec = 1'699'999'000'000'000;
    return m;
}

BusFixture::BusFixture(const std::string& busConfig)
    : bus(busConfig)
{
}

void BusFixture::SetUp()
{
    source.addGroup(alphaGroup());
    source.addGroup(webGroup());
    source.setManager(managerInfo());

    serverConnection = sdbus::createSessionBusConnectionWithAddress(bus.address());
    server = std::make_unique<BusServer>(*serverConnection, source.both(), kAdminGroup);
    serverConnection->requestName(busnames::kService);
    serverConnection->enterEventLoopAsync();

    clientConnection = sdbus::createSessionBusConnectionWithAddress(bus.address());
    manager = std::make_unique<ManagerClient>(*clientConnection, busnames::kService);
}

void BusFixture::TearDown()
{
    // SetUp may have stopped half-way: tear down only what exists.
    manager.reset();
    if (serverConnection)
        serverConnection->leaveEventLoop();
    server.reset();
    clientConnection.reset();
    serverConnection.reset();
}

std::unique_ptr<GroupClient> BusFixture::groupClient(const std::string& name)
{
    return std::make_unique<GroupClient>(*clientConnection, busnames::kService, BusServer::groupPath(name));
}

std::unique_ptr<sdbus::IConnection> BusFixture::connectClient()
{
    return sdbus::createSessionBusConnectionWithAddress(bus.address());
}

void BusFixture::withServerPaused(const std::function<void()>& action)
{
    serverConnection->leaveEventLoop();
    struct Resume {
        sdbus::IConnection& connection;
        ~Resume() { connection.enterEventLoopAsync(); }
    } resume{*serverConnection};
    action();
}

void BusFixture::actAndHearAll(const std::function<void()>& action)
{
    manager->escalations.clear();
    withServerPaused([&] {
        action();
        server->emitEscalationStep("", "marker", "");
    });
    ASSERT_TRUE(pumpUntil(*clientConnection, [&] {
        return std::any_of(manager->escalations.begin(), manager->escalations.end(),
                           [](const EscalationSignal& s) { return s.step == "marker"; });
    }));
}

ChildResult BusFixture::dbusSendAs(uid_t uid, gid_t gid, const std::string& path, const std::string& method,
                                   const std::vector<std::string>& args)
{
    return dbusSendAs(Identity{uid, gid}, path, method, args);
}

ChildResult BusFixture::dbusSendAs(const Identity& who, const std::string& path, const std::string& method,
                                   const std::vector<std::string>& args)
{
    std::vector<std::string> argv{DBUS_SEND_PATH,          "--bus=" + bus.address(),
                                  "--print-reply",         "--reply-timeout=10000",
                                  "--type=method_call",    std::string("--dest=") + busnames::kService,
                                  path,                    method};
    argv.insert(argv.end(), args.begin(), args.end());
    return runAs(who, argv);
}

} // namespace pgmd::test
