"""Give memory freed in bulk back to the system.

Reading a whole shop's sheet frees hundreds of MB at once (python-calamine's grid of every cell),
which the C allocator keeps for later rather than returning: the process would go on holding it
while the listings are mapped. glibc's `malloc_trim` returns it; elsewhere this does nothing.
"""

from __future__ import annotations

import ctypes
import functools
from collections.abc import Callable


@functools.cache
def _trim() -> Callable[[int], int] | None:
    try:
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim  # the C library linked in
    except (OSError, AttributeError):  # not glibc (musl, macOS)
        return None
    return trim


def release_freed_memory() -> None:
    """Return the memory the process freed to the system, where the C library can."""
    trim = _trim()
    if trim is not None:
        trim(0)
