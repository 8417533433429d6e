#include "boot_identity.hpp"

#include "systemd/systemd_client.hpp"

#include <systemd/sd-id128.h>

namespace pgmd {

std::string systemBootIdentity(SystemdClient& systemd)
{
    sd_id128_t boot;
    char text[SD_ID128_STRING_MAX];
    const int r = sd_id128_get_boot(&boot);
    return std::string(r < 0 ? "unknown" : sd_id128_to_string(boot, text)) + "@" +
           std::to_string(systemd.managerStartTime());
}

} // namespace pgmd
