#include "state_writer.hpp"

#include "state_json.hpp"
#include "state_store.hpp"

#include <unistd.h>

#include <exception>
#include <system_error>

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

std::uint64_t StateWriter::takeGeneration()
{
    std::lock_guard lock(queueMutex_);
    return nextGeneration_++;
}

void StateWriter::saveNow(const PersistedState& state)
{
    std::uint64_t generation;
    {
        std::lock_guard lock(queueMutex_);
        pending_.reset();
        generation = nextGeneration_++;
    }
    std::lock_guard durable(durableMutex_);
    replace(state, generation, pgm::Durability::Synced);
}

void StateWriter::saveBeforeActing(const PersistedState& state)
{
    // Its own temporary file: the thread may be writing .tmp meanwhile, and
    // waiting for its fsync is what this must not do.
    replace(state, takeGeneration(), pgm::Durability::Cached);
}

void StateWriter::replace(const PersistedState& state, std::uint64_t generation, pgm::Durability durability)
{
    const std::string path = stateFilePath(dir_);
    const std::string tmp = path + (durability == pgm::Durability::Synced ? ".tmp" : ".tmp-cached");
    const std::string json = toJson(state);
    try {
        pgm::writeNewFile(tmp, json, durability);
    } catch (const std::system_error& e) {
        // The directory is made when it is missing (the first save, or removed
        // since), not before every save: a save runs before each counted restart.
        if (e.code() != std::errc::no_such_file_or_directory)
            throw;
        pgm::makeDirectories(dir_, 0755);
        pgm::writeNewFile(tmp, json, durability);
    }
    {
        std::lock_guard lock(renameMutex_);
        // A snapshot taken before a newer one already in place must not replace it.
        if (generation < writtenGeneration_) {
            ::unlink(tmp.c_str());
            return;
        }
        pgm::renameOver(tmp, path);
        writtenGeneration_ = generation;
    }
    if (durability == pgm::Durability::Synced)
        pgm::syncParentDirectory(path);
}

void StateWriter::write(const PersistedState& state, std::uint64_t generation)
{
    std::lock_guard durable(durableMutex_);
    replace(state, generation, pgm::Durability::Synced);
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
