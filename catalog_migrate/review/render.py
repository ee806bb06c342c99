"""Text for the screens: status marks, the list's cells and the two sides of the detail view.

Marks are characters, not only colours, so the app reads the same with NO_COLOR set. Everything
drawn is a rich Text, never a markup string, and every value from the export goes through
`printable`: a title with `[bold]` or an ESC sequence is shown as written, and run by nothing.
"""

from __future__ import annotations

import re
from html import unescape

from rich.text import Text

from catalog_migrate.mapping.text import format_number
from catalog_migrate.model import Issue, RetailProduct, WholesaleListing
from catalog_migrate.pipeline import MappedProduct
from catalog_migrate.review.fields import FIELDS, field_text
from catalog_migrate.review.session import State, state_of
from catalog_migrate.terminal_text import printable

MARKS: dict[State, tuple[str, str]] = {
    State.ACCEPTED: ("✓", "bold green"),
    State.REJECTED: ("✗", "dim"),
    State.ERRORS: ("!", "bold red"),
    State.WARNINGS: ("?", "yellow"),
    State.PENDING: ("·", ""),
}

LEGEND = "✓ accepted  ✗ rejected  ! has errors  ? has warnings  · pending"

_TAG = re.compile(r"<[^<>]+>")  # `[^<>]`: a run of `<` without `>` is read once, not once per `<`


def mark(row: MappedProduct) -> Text:
    symbol, style = MARKS[state_of(row)]
    return Text(symbol, style=style)


def list_cells(row: MappedProduct) -> tuple[Text, Text, str, str, str]:
    """Mark, title, MOQ, tier count and issue count of one listing."""
    listing = row.listing
    title = listing.title if listing is not None else row.product.title
    moq = str(listing.moq) if listing is not None else "-"
    tiers = str(len(listing.tiers)) if listing is not None else "-"
    issues = str(len(row.issues)) if row.issues else ""
    # Text, not str: a DataTable reads a str cell as markup, and titles have brackets. A title
    # wider than its column ends in an ellipsis, so a cut one is seen to be cut.
    shown = Text(printable(title), no_wrap=True, overflow="ellipsis")
    return mark(row), shown, moq, tiers, issues


def retail_text(product: RetailProduct, width: int = 200) -> Text:
    text = Text()
    text.append(printable(product.title) + "\n", style="bold")
    prices = sorted({variant.price.amount for variant in product.variants})
    if prices:
        currency = product.variants[0].price.currency
        shown = format_number(prices[0])
        if len(prices) > 1:
            shown += f" - {format_number(prices[-1])}"
        text.append(f"Price     {shown} {currency}\n")
    text.append(f"Category  {printable(product.category or '-')}\n")
    if product.variants:
        labels = ", ".join(
            " / ".join(variant.options.values()) or variant.label for variant in product.variants
        )
        text.append(f"Variants  {len(product.variants)}: {printable(labels)}\n")
    if product.attributes:
        pairs = "; ".join(f"{item.name}: {item.value}" for item in product.attributes)
        text.append(f"Attrs     {printable(pairs)}\n")
    excerpt = " ".join(unescape(_TAG.sub(" ", product.description)).split())
    if excerpt:
        text.append(printable(excerpt[:width]), style="dim")
    return text


def field_line(listing: WholesaleListing | None, name: str, label: str) -> Text:
    value = field_text(listing, name)
    if name == "tiers" and listing is not None:
        value = "; ".join(f"{tier.min_quantity}+ {tier.price.amount}" for tier in listing.tiers)
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"{label:<10}", style="bold")
    line.append(printable(value) or "-")
    return line


def field_lines(listing: WholesaleListing | None) -> list[Text]:
    return [field_line(listing, field.name, field.label) for field in FIELDS]


def provenance_text(listing: WholesaleListing | None, name: str) -> Text:
    """The rule behind the focused field; for a translated field, each source text beside its
    translation."""
    label = next((field.label for field in FIELDS if field.name == name), name)
    translated = [
        entry
        for entry in (listing.provenance if listing is not None else [])
        if entry.field == name and entry.engine
    ]
    if translated:
        engines = ", ".join(dict.fromkeys(entry.engine for entry in translated))
        text = Text(f"{label} translated ({engines}) from: ", style="bold")
        text.append("; ".join(f"{entry.source_text} → {entry.value}" for entry in translated))
        return text
    found = listing.provenance_of(name) if listing is not None else None
    text = Text(f"{label} from: ", style="bold")
    text.append(printable(found.rule) if found is not None else "no rule recorded")
    return text


def issues_text(issues: list[Issue]) -> Text:
    """One line per issue, so a small terminal shows as many as it can (the box scrolls)."""
    text = Text(no_wrap=True, overflow="ellipsis")
    if not issues:
        text.append("No issues.", style="dim")
    for number, issue in enumerate(issues):
        if number:
            text.append("\n")
        symbol, style = ("!", "bold red") if issue.is_error else ("?", "yellow")
        text.append(f"{symbol} ", style=style)
        text.append(f"{issue.code}", style="bold")
        where = f" [{issue.sku}]" if issue.sku else ""
        text.append(printable(f"{where}: {issue.message}"))
    return text


def wholesale_title(row: MappedProduct) -> str:
    if row.listing is None:
        return "Wholesale: not written (see the errors)"
    return f"Wholesale ({row.status})" + (" - earlier decision is stale" if row.stale else "")
