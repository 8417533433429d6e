#include "fake_relay_driver.hpp"

namespace icd::board::test {

void FakeRelayDriver::request(RelayRequest what, Done done)
{
    history_.push_back(what);
    pending_.push_back({what, std::move(done)});
}

bool FakeRelayDriver::answer(RelayResult result)
{
    if (pending_.empty())
        return false;
    Pending p = std::move(pending_.front());
    pending_.pop_front();
    p.done(result);
    return true;
}

bool FakeRelayDriver::completeOldest()
{
    if (pending_.empty())
        return false;
    switch (pending_.front().what) {
    case RelayRequest::PowerOff: contacts_ = RelayReading::Off; break;
    case RelayRequest::PowerOn: contacts_ = RelayReading::On; break;
    case RelayRequest::Status: break;
    }
    return answer({true, contacts_, ""});
}

bool FakeRelayDriver::failOldest(const std::string& detail)
{
    return answer({false, contacts_, detail});
}

bool FakeRelayDriver::answerOldest(RelayResult result)
{
    return answer(std::move(result));
}

} // namespace icd::board::test
