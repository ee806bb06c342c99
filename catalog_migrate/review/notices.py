"""Notices that must not be missed on one line of news: a save that failed."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

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
