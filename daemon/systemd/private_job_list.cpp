#include "private_job_list.hpp"

#include "systemd_names.hpp"

#include <memory>
#include <system_error>

#include <systemd/sd-bus.h>

namespace pgmd {

namespace {

void check(int r, const std::string& what)
{
    if (r < 0)
        throw std::system_error(-r, std::generic_category(), what);
}

struct BusUnref {
    void operator()(sd_bus* bus) const { sd_bus_flush_close_unref(bus); }
};
struct MessageUnref {
    void operator()(sd_bus_message* m) const { sd_bus_message_unref(m); }
};

} // namespace

std::vector<QueuedJob> listJobsOnPrivateSocket(std::chrono::microseconds timeout, const std::string& address)
{
    sd_bus* raw = nullptr;
    check(sd_bus_new(&raw), "sd_bus_new");
    std::unique_ptr<sd_bus, BusUnref> bus(raw);
    check(sd_bus_set_address(raw, address.c_str()), "systemd's private socket " + address);
    check(sd_bus_set_method_call_timeout(raw, static_cast<std::uint64_t>(timeout.count())),
          "systemd's private socket: call timeout");
    check(sd_bus_start(raw), "cannot connect to systemd's private socket " + address);

    sd_bus_error error = SD_BUS_ERROR_NULL;
    sd_bus_message* rawReply = nullptr;
    const int r = sd_bus_call_method(raw, systemd::service, systemd::managerPath, systemd::managerInterface,
                                     "ListJobs", &error, &rawReply, "");
    const std::string failure = r < 0 ? std::string(error.message ? error.message : "") : "";
    sd_bus_error_free(&error);
    check(r, "ListJobs on systemd's private socket" + (failure.empty() ? "" : " (" + failure + ")"));
    std::unique_ptr<sd_bus_message, MessageUnref> reply(rawReply);

    std::vector<QueuedJob> jobs;
    check(sd_bus_message_enter_container(rawReply, SD_BUS_TYPE_ARRAY, "(usssoo)"), "ListJobs reply");
    for (;;) {
        std::uint32_t id = 0;
        const char* unit = nullptr;
        const char* type = nullptr;
        const char* state = nullptr;
        const char* jobPath = nullptr;
        const char* unitPath = nullptr;
        const int read = sd_bus_message_read(rawReply, "(usssoo)", &id, &unit, &type, &state, &jobPath, &unitPath);
        check(read, "ListJobs reply");
        if (read == 0)
            break;
        jobs.push_back({unit, type});
    }
    check(sd_bus_message_exit_container(rawReply), "ListJobs reply");
    return jobs;
}

} // namespace pgmd
