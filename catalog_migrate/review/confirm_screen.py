"""`A`: say what accepting everything would do, and wait for the seller's yes."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from catalog_migrate.review.notices import plural

# What the dialog returns: accept the ready listings, or the held ones too.
READY = "ready"
WITH_HELD = "with_held"


class AcceptAllScreen(ModalScreen[str | None]):
    """y or Enter accepts the ready listings; w also those held back; n or Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "choose('ready')", "Accept", priority=True),
        Binding("w", "choose('with_held')", "Also the held", show=False),
        Binding("n,escape", "choose('')", "Cancel", priority=True),
    ]

    def __init__(self, ready: int, held: int) -> None:
        super().__init__()
        self._ready = ready
        self._held = held

    def compose(self) -> ComposeResult:
        lines = [f"Accept {plural(self._ready, 'ready listing')}?"]
        if self._held:
            lines.append(
                f"{plural(self._held, 'listing')} with an unmapped category or an error are "
                "left pending to check (w: accept them too)."
            )
        lines.append("")
        lines.append("y / Enter: accept   n / Escape: cancel   u afterwards: undo")
        with Vertical(id="confirm"):
            yield Static(Text("\n".join(lines)), id="confirm-text")

    def action_choose(self, choice: str) -> None:
        if choice == WITH_HELD and not self._held:
            choice = READY
        self.dismiss(choice or None)
