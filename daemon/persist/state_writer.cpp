#include "state_writer.hpp"

#include "state_store.hpp"

#include <exception>

namespace pgmd {

StateWriter::StateWriter(std::string stateDir, std::function<void(const std::string&)> onError)
    : dir_(std::move(stateDir)), onError_(std::move(onError)), thread_([this] { run(); })
{
}

StateWriter::~StateWriter()
{
    {
        std::lock_guard lock(queueMutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

void StateWriter::submit(PersistedState state)
{
    {
        std::lock_guard lock(queueMutex_);
        pending_ = std::move(state);
        pendingGeneration_ = nextGeneration_++;
    }
    wake_.notify_one();
}

void StateWriter::saveNow(const PersistedState& state)
{
    std::uint64_t generation;
    {
        std::lock_guard lock(queueMutex_);
        pending_.reset();
        generation = nextGeneration_++;
    }
    std::lock_guard file(fileMutex_);
    saveState(dir_, state);
    writtenGeneration_ = generation;
}

// A snapshot the thread took before saveNow() ran must not overwrite it.
void StateWriter::write(const PersistedState& state, std::uint64_t generation)
{
    std::lock_guard file(fileMutex_);
    if (generation < writtenGeneration_)
        return;
    saveState(dir_, state);
    writtenGeneration_ = generation;
}

void StateWriter::run()
{
    std::unique_lock lock(queueMutex_);
    for (;;) {
        wake_.wait(lock, [this] { return pending_ || stopping_; });
        if (!pending_)
            return;  // stopping, and nothing left to write
        PersistedState state = std::move(*pending_);
        const std::uint64_t generation = pendingGeneration_;
        pending_.reset();
        lock.unlock();
        try {
            write(state, generation);
        } catch (const std::exception& e) {
            if (onError_)
                onError_(std::string("cannot save state: ") + e.what());
        }
        lock.lock();
    }
}

} // namespace pgmd
