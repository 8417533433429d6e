#pragma once
// The notices the board owes each host: per host, the latest notice about
// each peer that the host has not acknowledged. A newer notice about the
// same peer replaces the older one (the host needs the current state, not
// the history), so what is kept stays bounded by the number of peers.

#include "board_actions.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace icd::board {

class PeerNotices {
public:
    // Ids count up from `firstId` (0 is skipped) for this run of the board.
    explicit PeerNotices(std::uint32_t firstId);

    // Keeps the notice for `to` and returns it, with its id.
    Notice issue(const std::string& to, const std::string& peer, NoticeEvent event, ActionCause cause,
                 const std::string& by);
    // Forgets what `to` was owed about `peer`.
    void withdraw(const std::string& to, const std::string& peer);
    // False when `id` is not outstanding for `host` (a repeat, or replaced).
    bool acknowledge(const std::string& host, std::uint32_t id);
    // In the order of the peers' names.
    std::vector<Notice> outstanding(const std::string& host) const;

private:
    std::uint32_t nextId_;
    std::map<std::string, std::map<std::string, Notice>> byHost_;
};

} // namespace icd::board
