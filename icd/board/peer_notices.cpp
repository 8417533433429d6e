#include "peer_notices.hpp"

namespace icd::board {

PeerNotices::PeerNotices(std::uint32_t firstId) : nextId_(firstId == 0 ? 1 : firstId) {}

Notice PeerNotices::issue(const std::string& to, const std::string& peer, NoticeEvent event, ActionCause cause,
                          const std::string& by)
{
    Notice notice{to, nextId_, peer, event, cause, by};
    if (++nextId_ == 0)
        nextId_ = 1;
    byHost_[to][peer] = notice;
    return notice;
}

void PeerNotices::withdraw(const std::string& to, const std::string& peer)
{
    if (auto it = byHost_.find(to); it != byHost_.end())
        it->second.erase(peer);
}

bool PeerNotices::acknowledge(const std::string& host, std::uint32_t id)
{
    auto hostIt = byHost_.find(host);
    if (hostIt == byHost_.end())
        return false;
    for (auto it = hostIt->second.begin(); it != hostIt->second.end(); ++it) {
        if (it->second.id == id) {
            hostIt->second.erase(it);
            return true;
        }
    }
    return false;
}

std::vector<Notice> PeerNotices::outstanding(const std::string& host) const
{
    std::vector<Notice> out;
    if (auto it = byHost_.find(host); it != byHost_.end())
        for (const auto& [peer, notice] : it->second)
            out.push_back(notice);
    return out;
}

} // namespace icd::board
