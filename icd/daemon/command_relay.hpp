#pragma once
// A relay switched by an external command in the style of power-switch fence
// agents: argv with "on", "off" or "status" appended. A switch is confirmed
// by running "status" after it (exit 0 = on, 2 = off), never assumed.

#include "board/relay_driver.hpp"
#include "common/time/time.hpp"
#include "common/process/command_runner.hpp"

#include <string>
#include <vector>

namespace icd::daemon {

class CommandRelay : public icd::board::RelayDriver {
public:
    CommandRelay(pgm::CommandRunner& runner, std::vector<std::string> argv, pgm::Duration timeout);

    void powerOff(Done done) override;
    void powerOn(Done done) override;
    void status(Done done) override;

private:
    void switchThenRead(const char* action, Done done);
    std::vector<std::string> with(const char* action) const;

    pgm::CommandRunner& runner_;
    std::vector<std::string> argv_;
    pgm::Duration timeout_;
};

} // namespace icd::daemon
