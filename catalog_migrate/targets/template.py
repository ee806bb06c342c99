"""A target whose output is the seller's own template, filled (`convert --template FILE`).

`with_template(target, path)` wraps a registered target: its rules, limits and currency stay the
target's (`check`, `prepare` and the rest delegate to it); only the file written changes, to the
template with one row per SKU under its header (see `template_fill`).

The run writes its files in a second process (`output_process`), which is sent the wrapped
target itself; the filled template is written from the file's bytes only if they are still the
ones the layout was read from (`TemplateFill.save`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from catalog_migrate.errors import UserError
from catalog_migrate.model import Issue, Money, WholesaleListing, warning
from catalog_migrate.profile import ReadLimits
from catalog_migrate.spreadsheet.sheet_survey import column_letters
from catalog_migrate.targets.base import (
    ImageRules,
    ListingLimits,
    Target,
    WriteContext,
    same_money,
)
from catalog_migrate.template_fill import CODES, DUPLICATE, UNFILLED
from catalog_migrate.template_fill.fields import listing_rows
from catalog_migrate.template_fill.fill import TemplateFill
from catalog_migrate.template_fill.labels import LabelTable, build_table
from catalog_migrate.template_fill.layout import TemplateLayout, analyse


class TemplateWriter:
    def __init__(self, fill: TemplateFill, context: WriteContext, table: LabelTable) -> None:
        self._fill = fill
        self._context = context
        self._variation_field = table.variation_field

    def write(self, listing: WholesaleListing) -> None:
        context = self._context
        for row in listing_rows(listing, context.convert, context.currency, self._variation_field):
            self._fill.add(row)


class TemplateTarget:
    """`target`'s rules, writing `layout`'s template."""

    def __init__(
        self,
        target: Target,
        layout: TemplateLayout,
        table: LabelTable,
        limits: ReadLimits,
    ) -> None:
        self.wrapped = target
        self.layout = layout
        self.table = table
        self._limits = limits
        self.name: str = target.name
        self.description = f"{target.description}, written into the template {layout.path.name}"
        self.suffix: str = layout.path.suffix.lower()
        self.currency: str = target.currency
        self.store_currency: bool = target.store_currency
        self.buyer_language: str = target.buyer_language
        self.images: ImageRules = target.images
        self.limits: ListingLimits = target.limits
        self.codes: Mapping[str, str] = {**target.codes, **CODES}
        # The template's own header labels, as the seller's file has them.
        self.columns: Mapping[str, tuple[str, ...]] = {
            layout.path.name: tuple(column.label for column in layout.columns)
        }

    @property
    def notes(self) -> tuple[Issue, ...]:
        """What the run should say once about the template: the columns it will not fill."""
        return template_notes(self.layout)

    def check(self, listing: WholesaleListing) -> list[Issue]:
        return self.wrapped.check(listing)

    def prepare(
        self, listing: WholesaleListing, convert: Callable[[Money], Money] = same_money
    ) -> tuple[WholesaleListing, list[Issue]]:
        return self.wrapped.prepare(listing, convert)

    def outputs(self, path: Path) -> tuple[Path, ...]:
        return (path,)

    @contextmanager
    def open_writer(
        self, paths: Sequence[Path], context: WriteContext | None = None
    ) -> Iterator[TemplateWriter]:
        (path,) = paths
        fill = TemplateFill(self.layout, self._limits)
        yield TemplateWriter(fill, context or WriteContext(self.currency), self.table)
        fill.save(path)


def template_notes(layout: TemplateLayout) -> tuple[Issue, ...]:
    where = f"{layout.path.name}" + (f" (sheet {layout.sheet})" if layout.sheet else "")
    notes = []
    by_index = {column.index: column for column in layout.columns}
    for column in layout.columns:
        cell = f"column {column_letters(column.index)} {column.label!r}"
        if column.other_currency is not None:
            notes.append(
                warning(
                    UNFILLED,
                    f"{where} {cell} holds prices in {column.other_currency}, and the run "
                    f"writes {layout.currency} prices; it is left as the template has it: fill "
                    "it by hand, or use a column for the target's currency",
                    field=column.label,
                )
            )
        elif column.field is None:
            notes.append(
                warning(
                    UNFILLED,
                    f"{where} {cell} matches no field the tool fills; it is left as the "
                    "template has it: fill it by hand, or name its field under "
                    "[template.columns] in the profile",
                    field=column.label,
                )
            )
        elif column.duplicate_of is not None:
            first = by_index[column.duplicate_of]
            notes.append(
                warning(
                    DUPLICATE,
                    f"{where} {cell} is also {column.field}, which column "
                    f"{column_letters(first.index)} {first.label!r} is filled with; it is left as "
                    "the template has it",
                    field=column.label,
                )
            )
    return tuple(notes)


def with_template(
    target: Target,
    template_path: Path,
    *,
    columns: Mapping[str, str] | None = None,
    limits: ReadLimits | None = None,
    output: Path | None = None,
) -> TemplateTarget:
    """`target` writing the seller's template at `template_path`; UserError when it is unusable.

    `columns` are the seller's own labels (`[template.columns]`: label -> field), matched first.
    `output`, when the seller named one (`-o`), must be a file of the template's kind.
    """
    limits = limits or ReadLimits()
    columns = dict(columns or {})
    table = build_table(target.name, columns)
    layout = analyse(Path(template_path), table, limits, target.currency)
    suffix = layout.path.suffix.lower()
    if output is not None and output.suffix.lower() != suffix:
        raise UserError(
            f"-o {output.name}: the filled template is a {suffix} file like "
            f"{layout.path.name}; give -o a {suffix} name"
        )
    return TemplateTarget(target, layout, table, limits)
