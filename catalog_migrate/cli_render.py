"""How the command line shows a run: a progress bar on stderr and the closing summary table."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from catalog_migrate.images import ImageProgress
from catalog_migrate.pipeline import DECISIONS_OTHER_EXPORT, REVIEW_PROFILE_IGNORED
from catalog_migrate.profile_writer import seller_profile_path
from catalog_migrate.report import RunReport, TargetReport
from catalog_migrate.template_fill import template_lines
from catalog_migrate.terminal_text import printable


def terminal_console(*, stderr: bool = False) -> Console:
    """A console that styles only a terminal: piped or redirected, it writes no escape byte at all.

    `force_terminal=False` also outranks FORCE_COLOR and TTY_COMPATIBLE in the environment, which
    would otherwise put colour codes into a log file or another program's input.
    """
    stream = sys.stderr if stderr else sys.stdout
    is_tty = getattr(stream, "isatty", lambda: False)()
    return Console(stderr=stderr, highlight=False, force_terminal=None if is_tty else False)


class RunProgress:
    """The stages of a run on one transient line: checking, reading, then mapping with the rows
    done of the rows read, a percentage and the time left, then writing. Counts are shown from
    the mapping stage on, so no stage sits at `0 products` while the file is still being read."""

    UPDATE_SECONDS = 0.1  # between updates: the line moves, and costs nothing per row

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._task = progress.add_task("checking", total=None, counts="")
        self._rows = ""
        self._updated = 0.0

    def stage(self, name: str, total: int | None) -> None:
        if name == "mapping":
            self._rows = f" of {total:,} rows" if total else ""
            counts = f"0 products, 0 SKUs{self._rows}"
            self._progress.update(self._task, description=name, total=total, counts=counts)
        else:
            self._progress.update(self._task, description=name)

    def advance(self, products: int, skus: int) -> None:
        now = time.monotonic()
        if now - self._updated >= self.UPDATE_SECONDS:
            self._updated = now
            noun = "product" if products == 1 else "products"
            counts = f"{products:,} {noun}, {skus:,} SKUs{self._rows}"
            self._progress.update(self._task, completed=skus, counts=counts)


@contextmanager
def progress_bar(console: Console, *, enabled: bool) -> Iterator[RunProgress | None]:
    """Yield the run's progress line, or None when the console is not a terminal or not enabled."""
    if not enabled or not console.is_terminal:
        yield None
        return
    with Progress(*progress_columns(), console=console, transient=True) as progress:
        yield RunProgress(progress)


def progress_columns() -> tuple[ProgressColumn, ...]:
    """Stage, bar, percentage, counts and time left (shown once the rows to map are known)."""
    return (
        SpinnerColumn(),
        TextColumn("{task.description:<9}"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[counts]}"),
        TimeRemainingColumn(),
    )


# Warnings about the run as a whole that the seller must see without opening the report.
RUN_WARNINGS = frozenset({DECISIONS_OTHER_EXPORT, REVIEW_PROFILE_IGNORED})
IMAGE_PROGRESS_EVERY_S = 1.0


def images_progress(console: Console, *, enabled: bool) -> Callable[[ImageProgress], None] | None:
    """A line on stderr about once a second while images are fetched, and when a batch is done."""
    if not enabled:
        return None
    last = [0.0]

    def show(progress: ImageProgress) -> None:
        now = time.monotonic()
        if progress.done < progress.total and now - last[0] < IMAGE_PROGRESS_EVERY_S:
            return
        last[0] = now
        console.print(
            f"images: {progress.done} of {progress.total} checked, {progress.downloaded} "
            f"downloaded ({progress.bytes:,} bytes), {progress.from_cache} from the cache, "
            f"{progress.with_issues} with issues",
            soft_wrap=True,
            markup=False,
            highlight=False,
        )

    return show


SHOWN_ERRORS = 5  # the rest are in the report; a terminal is not the place for 800 lines


def print_summary(console: Console, report: RunReport) -> None:
    """The closing table and lines; lines are never wrapped, so paths stay whole to copy."""
    console.print(_counts_table(report))
    for line in _summary_lines(report):
        console.print(printable(line), soft_wrap=True, markup=False, highlight=False)


def _counts_table(report: RunReport) -> Table:
    # No title: a piped summary would start with a stray centred line.
    table = Table(show_header=True)
    table.add_column("")
    table.add_column("products", justify="right")
    table.add_column("SKUs", justify="right")
    if len(report.targets) > 1:
        return _targets_table(report, table)
    table.add_row("read", str(report.products_read), str(report.skus_read))
    table.add_row("converted", str(report.products_converted), str(report.skus_converted))
    table.add_row("rejected", str(report.products_rejected), str(report.skus_rejected))
    if report.products_skipped_by_review or report.decisions:
        table.add_row(
            "skipped by review",
            str(report.products_skipped_by_review),
            str(report.skus_skipped_by_review),
        )
    return table


def _targets_table(report: RunReport, table: Table) -> Table:
    """One row per target: what it was written with, what its rules rejected, how many are ready."""
    table.add_column("rejected", justify="right")
    table.add_column("ready", justify="right")
    table.add_row("read", str(report.products_read), str(report.skus_read), "", "")
    if report.products_skipped_by_review or report.decisions:
        table.add_row(
            "skipped by review",
            str(report.products_skipped_by_review),
            str(report.skus_skipped_by_review),
            "",
            "",
        )
    for each in report.targets:
        table.add_row(
            each.name,
            str(each.products_converted),
            str(each.skus_converted),
            _rejected_cell(each.products_rejected, each.skus_rejected),
            f"{each.listings_ready} ({each.ready_rate:.0%})",
        )
    return table


def _rejected_cell(products: int, skus: int) -> str:
    """`-`, `1 SKU`, `2 products, 5 SKUs`: a product rejected whole counts its SKUs too."""
    parts = []
    if products:
        parts.append(f"{products} product" + ("" if products == 1 else "s"))
    if skus:
        parts.append(f"{skus} SKU" + ("" if skus == 1 else "s"))
    return ", ".join(parts) or "-"


SHOWN_REASONS = 3


def _ready_lines(report: RunReport) -> list[str]:
    """How many listings are ready to upload as written, and what keeps the others back; with
    several targets, once for the targets that agree and once more for each that differs."""
    if len(report.targets) <= 1:
        return _ready_lines_of(report, report, "ready to upload")
    groups: dict[tuple[object, ...], list[TargetReport]] = {}
    for each in report.targets:
        reasons = tuple((reason.code, reason.listings) for reason in each.not_ready)
        key = (each.listings_ready, each.products_skipped_by_review, reasons)
        groups.setdefault(key, []).append(each)
    lines = []
    for group in groups.values():
        names = ", ".join(each.name for each in group)
        lines.extend(_ready_lines_of(report, group[0], f"ready to upload to {names}"))
    return lines


def _ready_lines_of(report: RunReport, counts: RunReport | TargetReport, title: str) -> list[str]:
    considered = report.products_read - counts.products_skipped_by_review
    verb = "would be" if report.dry_run else "are"
    lines = [
        f"{title}: {counts.listings_ready} of {considered} listings "
        f"({counts.ready_rate:.1%}) {verb} written with no warning and no error"
    ]
    for reason in counts.not_ready[:SHOWN_REASONS]:
        listings = "listing" if reason.listings == 1 else "listings"
        lines.append(f"  not ready: {reason.code} ({reason.listings} {listings}): {reason.remedy}")
    if len(counts.not_ready) > SHOWN_REASONS:
        lines.append("  ... more reasons in the report's Summary sheet")
    return lines


def _profile_line(report: RunReport) -> str:
    if report.profile_file is None:
        return f"profile: shipped profile {report.profile!r}"
    if Path(report.profile_file) == seller_profile_path(Path(report.input)):
        return f"profile: {report.profile_file} (saved by review for this export)"
    return f"profile: {report.profile_file}"


def _summary_lines(report: RunReport) -> list[str]:
    lines = [f"warnings: {report.warnings}   errors: {report.errors}", *_ready_lines(report)]

    lines.extend(template_lines(report.issues))
    codes = report.top_codes(5)
    if codes:
        tally = ", ".join(f"{code} ({count})" for code, count in codes)
        lines.append(f"most frequent issues: {tally}")
    errors = [issue for issue in report.issues if issue.is_error]
    for issue in errors[:SHOWN_ERRORS]:
        where = f"row {issue.source_row}" if issue.source_row is not None else "file"
        sku = f" ({issue.sku})" if issue.sku else ""
        lines.append(f"  rejected {where}{sku}: {issue.code}: {issue.message}")
    if len(errors) > SHOWN_ERRORS:
        lines.append(
            f"  ... and {len(errors) - SHOWN_ERRORS} more errors: see the report's Issues sheet"
        )
    for issue in report.issues:
        if issue.code in RUN_WARNINGS:
            lines.append(f"warning: {issue.code}: {issue.message}")
    lines.append(_profile_line(report))
    lines.append(f"images: {report.images.line()}")
    for each in report.targets:
        if each.currency_note != each.currency:  # priced in another currency than the listings
            lines.append(f"prices for {each.name}: {each.currency_note}")
    if report.dry_run:
        lines.append("dry run: no output and no report written")
        lines.extend(f"  would have written: {path}" for path in report.would_write)
    elif len(report.targets) > 1:
        for each in report.targets:
            lines.extend(f"output ({each.name}): {path}" for path in each.files)
        lines.append(f"report: {report.report}")
    else:
        lines.extend(f"output: {path}" for path in _files(report))
        lines.append(f"report: {report.report}")
    return lines


def _files(report: RunReport) -> list[str]:
    """The files of a one-target run: its main file, then any companion it writes."""
    if report.targets and report.targets[0].files:
        return report.targets[0].files
    return [str(report.output)]
