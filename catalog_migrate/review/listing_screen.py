"""Enter on a listing: every wholesale field in full, wrapped to the screen, and every issue.

The detail pane below the list gives each field one line, which an 80-column terminal cuts; here
nothing is cut: the title, each price tier, specification and lead-time row on lines of their own.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from catalog_migrate.model import WholesaleListing
from catalog_migrate.pipeline import MappedProduct
from catalog_migrate.review.render import issues_text, wholesale_title
from catalog_migrate.terminal_text import printable


def listing_text(row: MappedProduct) -> Text:
    text = Text()
    text.append(wholesale_title(row) + "\n", style="bold")
    listing = row.listing
    if listing is None:
        text.append(f"Source: {printable(row.product.title)}\n")
    else:
        _listing_lines(text, listing)
    text.append("\nIssues\n", style="bold")
    issues = issues_text(row.issues)
    issues.no_wrap = False  # wrapped here: every message read whole
    text.append_text(issues)
    return text


def _listing_lines(text: Text, listing: WholesaleListing) -> None:
    def line(label: str, value: str) -> None:
        text.append(f"{label:<10}", style="bold")
        text.append(printable(value) + "\n")

    line("Title", listing.title)
    line("Keywords", ", ".join(listing.keywords) or "-")
    line("Category", listing.category or "-")
    line("Unit", listing.unit)
    line("MOQ", str(listing.moq))
    text.append("Tiers\n", style="bold")
    for tier in listing.tiers:
        line("", f"{tier.min_quantity}+ {tier.price.amount} {tier.price.currency}")
    text.append("Specs\n", style="bold")
    for name, value in listing.specifications.items():
        line("", f"{name}: {value}")
    text.append("Lead time\n", style="bold")
    for row in listing.lead_times:
        line("", f"up to {row.max_quantity}: {row.days} days")
    text.append(f"SKUs      {len(listing.skus)}\n", style="bold")


class ListingScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q", "close", "Back"),
        Binding("j", "scroll(1)", "Down", show=False),
        Binding("k", "scroll(-1)", "Up", show=False),
    ]

    def __init__(self, row: MappedProduct) -> None:
        super().__init__()
        self._row = row

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="full"):
            yield Static(listing_text(self._row), id="full-text")
        yield Static("Escape / Enter: back   arrows, j / k: scroll", id="full-keys")

    def on_mount(self) -> None:
        self.query_one("#full", VerticalScroll).focus()

    def action_scroll(self, step: int) -> None:
        self.query_one("#full", VerticalScroll).scroll_relative(y=step, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
