#pragma once
// Saves state off the event loop. The loop hands over snapshots; a writer
// thread makes them durable (fsync can take hundreds of milliseconds, and
// the loop must meanwhile react to faults). While a write is in progress,
// newer snapshots replace older ones: only the latest is ever written.

#include "common/files/atomic_file.hpp"
#include "core/persisted_state.hpp"

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace pgmd {

class StateWriter {
public:
    // `onError` is called on the writer thread with a message naming the path.
    StateWriter(std::string stateDir, std::function<void(const std::string&)> onError);
    // Writes what is still pending, then stops the thread.
    ~StateWriter();
    StateWriter(const StateWriter&) = delete;
    StateWriter& operator=(const StateWriter&) = delete;

    void submit(PersistedState state);
    // Writes `state` before returning (e.g. before a reboot), superseding
    // anything submitted earlier. Throws std::system_error.
    void saveNow(const PersistedState& state);
    // Before acting on a decision: in place, without waiting for fsync, by
    // the time this returns, so that a pgmd that dies next finds it. Made
    // durable by the next submit() or saveNow(): the daemon's batched save
    // follows shortly, and an fsync now would compete with the restart it
    // precedes. Throws std::system_error.
    void saveBeforeActing(const PersistedState& state);

private:
    void run();
    void write(const PersistedState& state, std::uint64_t generation);
    std::uint64_t takeGeneration();
    // Writes a temporary file, then renames it over state.json unless a newer
    // generation is already there (writers finish out of order).
    void replace(const PersistedState& state, std::uint64_t generation, pgm::Durability durability);

    const std::string dir_;
    const std::function<void(const std::string&)> onError_;
    std::mutex queueMutex_;
    std::condition_variable wake_;
    std::optional<PersistedState> pending_;
    std::uint64_t pendingGeneration_ = 0;
    std::uint64_t nextGeneration_ = 1;
    bool stopping_ = false;
    std::mutex durableMutex_;              // one synced write (one .tmp file) at a time
    std::mutex renameMutex_;
    std::uint64_t writtenGeneration_ = 0;  // guarded by renameMutex_
    std::thread thread_;
};

} // namespace pgmd
