#pragma once
// One peer's end of the proxy: a pseudo-terminal pair, both sides raw, with
// a symlink to the slave device for the peer to open. The proxy keeps a
// descriptor of its own on the slave, so a peer that closes and reopens its
// end never leaves the master hung up (reads failing with EIO, poll
// reporting POLLHUP at once, over and over).

#include <string>

namespace icd::test {

class PtyLink {
public:
    // Throws std::system_error naming `name` and the step that failed.
    explicit PtyLink(std::string name);
    // Removes the symlink, if it still points at this slave.
    ~PtyLink();
    PtyLink(const PtyLink&) = delete;
    PtyLink& operator=(const PtyLink&) = delete;

    // Makes `path` a symlink to the slave device, replacing a symlink already
    // there in one step; refuses (std::runtime_error) any other kind of file.
    void linkAt(const std::string& path);

    // Non-blocking.
    int master() const { return master_; }
    const std::string& slavePath() const { return slavePath_; }
    const std::string& name() const { return name_; }

private:
    std::string name_;
    int master_ = -1;
    int slave_ = -1;
    std::string slavePath_;
    std::string linkPath_;
};

} // namespace icd::test
