#pragma once
// A power switch for tests: it keeps every request until the test answers
// it, as a real asynchronous relay or fence command would, and remembers
// where its contacts are.

#include "board/relay_driver.hpp"

#include <deque>
#include <string>
#include <vector>

namespace icd::board::test {

enum class RelayRequest { PowerOff, PowerOn, Status };

class FakeRelayDriver : public RelayDriver {
public:
    void powerOff(Done done) override { request(RelayRequest::PowerOff, std::move(done)); }
    void powerOn(Done done) override { request(RelayRequest::PowerOn, std::move(done)); }
    void status(Done done) override { request(RelayRequest::Status, std::move(done)); }

    // Answers the oldest request as a working relay does: the contacts move
    // and the readback says so. False when nothing is pending.
    bool completeOldest();
    // Answers the oldest request with a failure; the contacts stay put.
    bool failOldest(const std::string& detail);
    // Answers the oldest request with a readback that disagrees (a welded contact).
    bool answerOldest(RelayResult result);

    // pgm-icd went away: its requests will never be answered to anyone.
    void abandonPending() { pending_.clear(); }

    std::size_t pendingCount() const { return pending_.size(); }
    const std::vector<RelayRequest>& history() const { return history_; }
    RelayReading contacts() const { return contacts_; }

private:
    struct Pending {
        RelayRequest what;
        Done done;
    };
    void request(RelayRequest what, Done done);
    bool answer(RelayResult result);

    std::deque<Pending> pending_;
    std::vector<RelayRequest> history_;
    RelayReading contacts_ = RelayReading::On;
};

} // namespace icd::board::test
