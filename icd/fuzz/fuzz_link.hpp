#pragma once
// A host and a board session with a fixed key and fixed nonces, brought to
// the same established state every time. The fuzz harness starts each input
// from it, and the seed corpus is made from frames of it, so seeds stay
// valid frames for the harness.

#include "protocol/board_session.hpp"
#include "protocol/host_session.hpp"

#include <vector>

namespace icd::fuzz {

inline constexpr HostId kFuzzHost = 3;

// Which key the pair shares: the one the seed corpus was made with, or one
// no input can know, for the "never accepted without the key" check.
enum class FuzzKey { Corpus, Unknown };

Key fuzzKey(FuzzKey key);

struct FuzzLink {
    HostSession host;
    BoardSession board;
};

// The state after HELLO, HELLO_ACK, HEARTBEAT (seq 1) and ACK (seq 1); those
// four frames go to `setUpFrames` if given.
FuzzLink establishedLink(FuzzKey key, std::vector<Bytes>* setUpFrames = nullptr);

// The session key of that state, to craft frames only the host could send.
Key corpusSessionKey();

// The nonce the harness passes to the board for every frame it opens.
Nonce boardNonceForFuzzing();

} // namespace icd::fuzz
