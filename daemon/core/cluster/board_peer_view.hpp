#pragma once
// What the independent computer says of a peer's host: the board's own
// evidence (heartbeats and power), next to corosync's. The arbiter acts only
// on a confirmed off (onBoardFenced); the rest is kept for what pgmd shows
// and for the diagnosis of a lost peer.

namespace pgmd::cluster {

enum class BoardPeerView {
    Unknown,  // no board, or it was never asked
    Alive,    // the board hears its heartbeats
    Silent,   // its heartbeats are overdue
    Fencing,  // the board is switching its power off now
    Off,      // its power is off, confirmed by the relay's readback
};

const char* toString(BoardPeerView);

} // namespace pgmd::cluster
