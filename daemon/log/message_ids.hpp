#pragma once
// The journal MESSAGE_IDs pgmd logs under, one per kind of event, so that
// `journalctl MESSAGE_ID=...` finds every occurrence and the catalog
// (pgmd.catalog, installed for `journalctl -x`) can explain each one.
//
// These ids are part of pgmd's interface: once released they never change,
// and a new kind of event gets a new id (generated with `systemd-id128 new`).

#include <string_view>

namespace pgmd::log::ids {

// A group moved from one state to another.
inline constexpr std::string_view kStateChanged = "58015f139dd543cd92ec88051ddc63e9";

// Escalation steps, one id each (step names as the core spells them).
inline constexpr std::string_view kRestartProcess = "096858fa6d02498caed972c43698e8c6";
inline constexpr std::string_view kRestartGroup = "0420937cf68b4ba7a381183ea5b5de48";
inline constexpr std::string_view kOutOfService = "74a0a0de3fba43c7977b1ddefe68fe80";
inline constexpr std::string_view kReinitHost = "e2dbdc1b99af4decb0cf5f329ae62927";
inline constexpr std::string_view kReboot = "a70de402a89c4ee5b35e8bdd1c2233e5";
inline constexpr std::string_view kExhausted = "ab36c34e747b4be0b232c286bc61313d";
inline constexpr std::string_view kReinitResource = "1e0da8db4adb48bfa5a0fbb1c2b8a518";

// A step this build does not know by name: still findable, never unlabelled.
inline constexpr std::string_view kOtherEscalation = "708ff572827d4069be088757a4610d70";

// An operator's or application's request over the bus, carried out or
// refused (the audit trail: one entry per request).
inline constexpr std::string_view kRequestAccepted = "d9250ff4389b4ed6ac6c2a194bc0c190";
inline constexpr std::string_view kRequestRefused = "3984f2f2d785462886dff4901785b64c";

// The cluster moved the active half of a pair to another node.
inline constexpr std::string_view kFailover = "5dccfc4e14a94bd2a4dc0aba47e63266";
// The nodes disagree about a pair's definition: its owners are frozen (or
// agree again).
inline constexpr std::string_view kPairFrozen = "9ada41d89e3b45748885cd3a7beef1d7";
// How a switch-over ended: completed, refused or abandoned (OUTCOME=).
inline constexpr std::string_view kSwitchoverEnded = "86587e8116014cbdbdf7a693d844cc04";
// A lost node's half cannot be taken over, as no node can fence it
// (NEEDS_FENCING=yes), or no longer needs fencing (NEEDS_FENCING=no).
inline constexpr std::string_view kNeedsFencing = "1bc79a94a52d498e94bcb6343d18e3b4";

// Diagnosed peer loss (core/cluster/peer_diagnosis.hpp): one id per verdict,
// so that `journalctl MESSAGE_ID=` finds every switch failure, say.
inline constexpr std::string_view kPeerHealthy = "30dabd2299ae426a95658787ba15a141";
inline constexpr std::string_view kPeerPgmdDown = "249438446f8044d18b3dd5890fa21876";
inline constexpr std::string_view kPeerHostDown = "b19cc0c91538422fa3c6af7460a31088";
inline constexpr std::string_view kPeerNic = "07be83f863664ee9a7eb7f72369df11b";
inline constexpr std::string_view kLocalNic = "2ca1658b83b343499f70111395efb35b";
inline constexpr std::string_view kSwitch = "a476d8631e6e441ca3c89c1fc2ab1537";
inline constexpr std::string_view kPartition = "43a133a4e4af4f6f867d694f0698fcac";
inline constexpr std::string_view kLinkDownUnknown = "d589562470604e4193502301f911cfd4";
inline constexpr std::string_view kPeerUnreachable = "658aded7f068419382832092d49b6b16";
// One knet link to one peer went down (with its cause) or came back.
inline constexpr std::string_view kLinkDown = "881072c612804a5d9d0063ed07cd76a5";
inline constexpr std::string_view kLinkUp = "ddb1e810fb044cd69589ca972e77879f";

} // namespace pgmd::log::ids
