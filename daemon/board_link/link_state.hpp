#pragma once
// How far pgmd's link to the independent computer is, as D-Bus and the
// journal name it.

namespace pgmd::boardlink {

enum class LinkState {
    Down,       // no line, or nothing sent yet
    Connecting, // HELLO sent, or a session the board has not answered in yet
    Up,         // the board answers requests of the current session
};

const char* toString(LinkState);

} // namespace pgmd::boardlink
