// The shared library as an application sees it: the declared functions are
// exported, and its exceptions are caught by type outside the library.

#include <pgmd/client.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sdbus-c++/IConnection.h>

#include <cstdlib>
#include <optional>
#include <string>

namespace pgmd::client {
namespace {

// A connection the code under test must not touch: any call fails the test.
class UntouchableConnection : public sdbus::IConnection {
public:
    MOCK_METHOD(void, requestName, (const std::string&), (override));
    MOCK_METHOD(void, releaseName, (const std::string&), (override));
    MOCK_METHOD(std::string, getUniqueName, (), (const, override));
    MOCK_METHOD(void, enterEventLoop, (), (override));
    MOCK_METHOD(void, enterEventLoopAsync, (), (override));
    MOCK_METHOD(void, leaveEventLoop, (), (override));
    MOCK_METHOD(void, addObjectManager, (const std::string&), (override));
    MOCK_METHOD(PollData, getEventLoopPollData, (), (const, override));
    MOCK_METHOD(bool, processPendingRequest, (), (override));
    MOCK_METHOD(void, setMethodCallTimeout, (uint64_t), (override));
    MOCK_METHOD(uint64_t, getMethodCallTimeout, (), (const, override));
    MOCK_METHOD(void, addObjectManager, (const std::string&, sdbus::floating_slot_t), (override));
    MOCK_METHOD(sdbus::Slot, addMatch, (const std::string&, sdbus::message_handler), (override));
    MOCK_METHOD(void, addMatch, (const std::string&, sdbus::message_handler, sdbus::floating_slot_t), (override));
};

// Sets or unsets PGMD_GROUP for one test and puts back what was there.
class GroupEnvironment {
public:
    explicit GroupEnvironment(const char* value)
    {
        if (const char* old = std::getenv(kName))
            saved_ = old;
        value ? setenv(kName, value, 1) : unsetenv(kName);
    }
    ~GroupEnvironment() { saved_ ? setenv(kName, saved_->c_str(), 1) : unsetenv(kName); }

private:
    static constexpr const char* kName = "PGMD_GROUP";
    std::optional<std::string> saved_;
};

TEST(SharedLibrary, ExportsTheNameConversions)
{
    EXPECT_EQ(busName(RunState::Active), "active");
    EXPECT_EQ(parseRecovery("out-of-service"), Recovery::OutOfService);
    EXPECT_EQ(classifyError("org.pgmd1.Error.NotAvailable"), ErrorKind::NotAvailable);
}

// Constructs an Application for the group in the environment, on a
// connection it must not touch, and expects NoGroupName.
void expectNoGroupName()
{
    ::testing::StrictMock<UntouchableConnection> connection;
    try {
        Application application(connection);
        ADD_FAILURE() << "constructed for group '" << application.group() << "'";
    } catch (const Error& error) {
        EXPECT_EQ(error.kind(), ErrorKind::NoGroupName) << error.what();
    }
}

TEST(SharedLibrary, ApplicationWithoutAGroupFailsBeforeTouchingTheBus)
{
    GroupEnvironment unset(nullptr);
    expectNoGroupName();
}

TEST(SharedLibrary, ApplicationWithAnEmptyEnvironmentFailsToo)
{
    GroupEnvironment empty("");
    expectNoGroupName();
}

} // namespace
} // namespace pgmd::client
