"""The one line of news, and notices that must not be missed on it: a save that failed, and a
message too long for the line (a notification shows it whole)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.screen import Screen
from textual.widgets import Static

from catalog_migrate.terminal_text import printable

NOTICE_SECONDS = 12


def warn(screen: Screen[Any], warning: str) -> None:
    """Show a failed save as an error notification (plain text, never markup); nothing if empty."""
    if warning:
        screen.app.notify(
            printable(warning), severity="error", timeout=NOTICE_SECONDS, markup=False
        )


def plural(count: int, noun: str) -> str:
    """`1 listing`, `2 listings`: the noun's last word gets an s."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def say(screen: Screen[Any], line: Static, message: str) -> None:
    """Show `message` on the news line; one wider than the screen is also a notification."""
    text = printable(message)
    line.update(Text(text, no_wrap=True, overflow="ellipsis"))
    if len(text) > screen.size.width - 1:
        screen.app.notify(text, timeout=NOTICE_SECONDS, markup=False)
