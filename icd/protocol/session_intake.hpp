#pragma once
// What both ends of the link do with every received body around their own
// session logic: the checks that need no key, the check that it is meant for
// this host's link, and counting what it came to. Internal to the sessions.

#include "body.hpp"
#include "counters.hpp"
#include "outcome.hpp"
#include "sealing.hpp"

#include <variant>

namespace icd {

// openForHost(view) decides on a body that parses and names `host`. Every
// outcome is counted, so the counters explain every frame not acted on.
template <typename OpenForHost>
Outcome openCounted(ByteView body, HostId host, Counters& counters, OpenForHost&& openForHost)
{
    auto decide = [&]() -> Outcome {
        auto parsed = parseBody(body);
        if (const auto* reason = std::get_if<DropReason>(&parsed))
            return dropped(*reason);
        const BodyView& view = std::get<BodyView>(parsed);
        if (view.header.host != host)
            return dropped(DropReason::WrongHost);
        return openForHost(view);
    };
    Outcome outcome = decide();
    if (outcome.accepted())
        counters.countAccepted();
    else
        counters.countDrop(*outcome.reason);
    return outcome;
}

} // namespace icd
