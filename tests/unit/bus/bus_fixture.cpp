#include "bus_fixture.hpp"

#include "child_process.hpp"

#include "bus/bus_names.hpp"

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
    server = std::make_unique<BusServer>(*serverConnection, source);
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

ChildResult BusFixture::dbusSendAs(uid_t uid, gid_t gid, const std::string& path, const std::string& method,
                                   const std::vector<std::string>& args)
{
    std::vector<std::string> argv{DBUS_SEND_PATH,          "--bus=" + bus.address(),
                                  "--print-reply",         "--reply-timeout=10000",
                                  "--type=method_call",    std::string("--dest=") + busnames::kService,
                                  path,                    method};
    argv.insert(argv.end(), args.begin(), args.end());
    return runAs(uid, gid, argv);
}

} // namespace pgmd::test
