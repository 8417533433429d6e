"""Reads icd-fault-proxy's --log and names the message in each frame.

The proxy writes one line per frame as the read that completed it returned:
`<CLOCK_MONOTONIC ns> <to-board|to-host> <frame, hex> <faults applied or ->`.
A frame is `00 | COBS(body) | 00` and the message type is the body's second
byte (icd/protocol/README.md), so heartbeats can be told from HELLOs without
trusting frame sizes."""

from dataclasses import dataclass
from pathlib import Path

TO_BOARD = "to-board"
TO_HOST = "to-host"
MESSAGE_TYPES = {
    1: "HELLO", 2: "HELLO_ACK", 3: "HEARTBEAT", 4: "REQ_CYCLE", 5: "REQ_OFF",
    6: "STATUS_QUERY", 7: "STATUS_REPLY", 8: "DISARM", 9: "CLEAR_LATCH", 10: "ACK",
    11: "NAK", 12: "NAK_NO_SESSION", 13: "EXPECT_REBOOT",
}
UNREADABLE = "unreadable"


@dataclass(frozen=True)
class Frame:
    at: float        # CLOCK_MONOTONIC seconds at the proxy
    direction: str   # TO_BOARD or TO_HOST
    message: str     # a MESSAGE_TYPES name, or UNREADABLE
    size: int        # bytes on the line, delimiters included
    faults: str      # "-" on a clean line


def cobs_decode(encoded: bytes) -> bytes | None:
    """The body, or None when the bytes are not valid COBS."""
    out = bytearray()
    i = 0
    while i < len(encoded):
        code = encoded[i]
        if code == 0 or i + code > len(encoded):
            return None
        out += encoded[i + 1:i + code]
        i += code
        # A block shorter than 254 data bytes stood for a zero, bar the last.
        if code < 0xFF and i < len(encoded):
            out.append(0)
    return bytes(out)


def message_of(frame: bytes) -> str:
    body = cobs_decode(frame.strip(b"\x00"))
    if body is None or len(body) < 2:
        return UNREADABLE
    return MESSAGE_TYPES.get(body[1], UNREADABLE)


def read_frames(path: Path) -> list[Frame]:
    frames = []
    for line in Path(path).read_text().splitlines():
        parts = line.split()
        if len(parts) != 4:
            continue  # the proxy writes whole lines; anything else is not a frame
        raw = bytes.fromhex(parts[2])
        frames.append(Frame(int(parts[0]) / 1e9, parts[1], message_of(raw), len(raw), parts[3]))
    return frames


def arrivals(frames: list[Frame], direction: str, message: str | None = None) -> list[float]:
    """Arrival times of the frames going one way, of one message type if given."""
    return [f.at for f in frames if f.direction == direction and (message is None or f.message == message)]
