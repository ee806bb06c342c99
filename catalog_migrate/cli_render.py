"""How the command line shows a run: a progress bar on stderr and the closing summary table."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from catalog_migrate.images import ImageProgress
from catalog_migrate.report import RunReport
from catalog_migrate.terminal_text import printable


def terminal_console(*, stderr: bool = False) -> Console:
    """A console that styles only a terminal: piped or redirected, it writes no escape byte at all.

    `force_terminal=False` also outranks FORCE_COLOR and TTY_COMPATIBLE in the environment, which
    would otherwise put colour codes into a log file or another program's input.
    """
    stream = sys.stderr if stderr else sys.stdout
    is_tty = getattr(stream, "isatty", lambda: False)()
    return Console(stderr=stderr, highlight=False, force_terminal=None if is_tty else False)


@contextmanager
def progress_bar(console: Console, *, enabled: bool) -> Iterator[Callable[[int, int], None]]:
    """Yield a callback `(products done, SKUs done)`; draws only on a terminal and when enabled."""
    if not enabled or not console.is_terminal:
        yield lambda products, skus: None
        return
    columns = (
        SpinnerColumn(),
        TextColumn("converting"),
        BarColumn(),
        TextColumn("{task.fields[products]} products, {task.fields[skus]} SKUs"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("convert", total=None, products=0, skus=0)

        def update(products: int, skus: int) -> None:
            if products % 50 == 0:
                progress.update(task, products=products, skus=skus)

        yield update


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
    table = Table(title="dry run: nothing written" if report.dry_run else None, show_header=True)
    table.add_column("")
    table.add_column("products", justify="right")
    table.add_column("SKUs", justify="right")
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


SHOWN_REASONS = 3


def _ready_lines(report: RunReport) -> list[str]:
    """How many listings are ready to upload as written, and what keeps the others back."""
    considered = report.products_read - report.products_skipped_by_review
    verb = "would be" if report.dry_run else "are"
    lines = [
        f"ready to upload: {report.listings_ready} of {considered} listings "
        f"({report.ready_rate:.1%}) {verb} written with no warning and no error"
    ]
    for reason in report.not_ready[:SHOWN_REASONS]:
        listings = "listing" if reason.listings == 1 else "listings"
        lines.append(f"  not ready: {reason.code} ({reason.listings} {listings}): {reason.remedy}")
    if len(report.not_ready) > SHOWN_REASONS:
        lines.append("  ... more reasons in the report's Summary sheet")
    return lines


def _summary_lines(report: RunReport) -> list[str]:
    lines = [f"warnings: {report.warnings}   errors: {report.errors}", *_ready_lines(report)]
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
    lines.append(f"images: {report.images.line()}")
    if report.dry_run:
        lines.append("dry run: no output and no report written")
    else:
        lines.append(f"output: {report.output}")
        lines.append(f"report: {report.report}")
    return lines
