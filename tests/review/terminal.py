"""Run the review app in a pseudo-terminal: read what it draws, press keys, kill it."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

_ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\x1b\][^\x07]*\x07")


class Terminal:
    def __init__(self, args: list[str], cwd: Path, size: tuple[int, int] = (80, 24)) -> None:
        self._master, slave = pty.openpty()
        columns, lines = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(lines)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "catalog_migrate.review", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=cwd,
            env=env,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.output = ""

    def read(self, seconds: float = 0.1) -> str:
        """Read what the app drew in the next `seconds`, without escape sequences."""
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self._master], [], [], left)
            if not ready:
                break
            try:
                chunk = os.read(self._master, 65536)
            except OSError:
                break
            if not chunk:
                break
            self.output += _ANSI.sub("", chunk.decode("utf-8", "replace"))
        return self.output

    def wait_for(self, condition: Callable[[], bool], timeout: float = 30.0) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.read(0.1)
            if condition():
                return
            if self.process.poll() is not None:
                raise AssertionError(f"the app exited early:\n{self.read(0.2)[-2000:]}")
        raise AssertionError(f"timed out; the screen showed:\n{self.output[-2000:]}")

    def press(self, keys: str) -> None:
        os.write(self._master, keys.encode("utf-8"))

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        os.close(self._master)
