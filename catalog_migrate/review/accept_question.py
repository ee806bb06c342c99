"""`A`: what accepting everything would do, asked on the main screen before anything changes.

The question is a box drawn over the detail pane, not a screen of its own: opening and closing a
screen redraws the whole terminal, which on a whole shop made `A` and its answer slower than a key
may be. While it is asked, only its answers act.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from catalog_migrate.review.notices import plural

YES = frozenset({"y", "enter"})
WITH_HELD = "w"
NO = frozenset({"n", "escape"})


@dataclass(frozen=True)
class AcceptPlan:
    """The pending listings `A` would accept (ready) and those it leaves unless told (held)."""

    ready: list[int]
    held: list[int]


def question_text(plan: AcceptPlan) -> Text:
    held = plural(len(plan.held), "listing")
    if not plan.ready:  # only held listings are pending: `y` would accept none
        lines = [
            f"No listing is ready to accept: the {held} pending have an unmapped category or an "
            "error.",
            "w: accept them anyway   n / Escape: cancel   u afterwards: undo",
        ]
        return Text("\n".join(lines))
    lines = [f"Accept {plural(len(plan.ready), 'ready listing')}?"]
    if plan.held:
        lines.append(
            f"{held} with an unmapped category or an error are left pending to check (w: accept "
            "them too)."
        )
    lines.append("y / Enter: accept   n / Escape: cancel   u afterwards: undo")
    return Text("\n".join(lines))
