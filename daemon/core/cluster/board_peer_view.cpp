#include "board_peer_view.hpp"

namespace pgmd::cluster {

const char* toString(BoardPeerView v)
{
    switch (v) {
    case BoardPeerView::Unknown: return "unknown";
    case BoardPeerView::Alive: return "alive";
    case BoardPeerView::Silent: return "silent";
    case BoardPeerView::Fencing: return "fencing";
    case BoardPeerView::Off: return "off";
    }
    return "unknown";
}

std::optional<BoardPeerView> boardPeerViewFrom(const std::string& name)
{
    for (BoardPeerView v : {BoardPeerView::Unknown, BoardPeerView::Alive, BoardPeerView::Silent,
                            BoardPeerView::Fencing, BoardPeerView::Off})
        if (name == toString(v))
            return v;
    return std::nullopt;
}

} // namespace pgmd::cluster
