"""Exceptions raised by the sandbox harness."""

import subprocess


class SandboxError(RuntimeError):
    """The sandbox could not be booted, reached or cleaned up."""


class SandboxTimeout(SandboxError, TimeoutError):
    """A condition polled with a deadline did not come true in time."""


class SandboxCommandError(subprocess.CalledProcessError):
    """A command run inside the sandbox exited with a non-zero status.

    Unlike CalledProcessError, the message carries the command's output:
    test logs then show why it failed, not only that it did.
    """

    def __str__(self) -> str:
        text = super().__str__()
        for label, stream in (("stdout", self.stdout), ("stderr", self.stderr)):
            if stream and stream.strip():
                text += f"\n--- {label} ---\n{stream.rstrip()}"
        return text
