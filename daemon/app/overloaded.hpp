#pragma once
// A visitor made of lambdas, one per action kind a sink carries out.

namespace pgmd {

template <class... Fs> struct Overloaded : Fs... {
    using Fs::operator()...;
};

// The kinds a sink leaves to the others.
inline constexpr auto kIgnoreOthers = [](const auto&) {};

} // namespace pgmd
