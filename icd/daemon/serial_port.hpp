#pragma once
// The serial line to one host, opened raw: 8 data bits, no parity, no echo,
// no flow control, modem lines ignored (a board's UART rarely wires them).

#include <string>

namespace icd::daemon {

// A non-blocking, close-on-exec descriptor. Throws std::system_error naming
// the device and the step that failed.
int openSerialPort(const std::string& device, unsigned baud);

} // namespace icd::daemon
