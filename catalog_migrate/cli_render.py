"""How the command line shows a run: a progress bar on stderr and the closing summary table."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console, Group, RenderableType
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from catalog_migrate.report import RunReport


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


def summary_table(report: RunReport) -> RenderableType:
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
    lines: list[RenderableType] = [table]
    lines.append(Text(f"warnings: {report.warnings}   errors: {report.errors}"))
    codes = report.top_codes(5)
    if codes:
        lines.append(
            Text("most frequent issues: " + ", ".join(f"{code} ({count})" for code, count in codes))
        )
    if report.dry_run:
        lines.append(Text("dry run: no output and no report written"))
    else:
        lines.append(Text(f"output: {report.output}"))
        lines.append(Text(f"report: {report.report}"))
    return Group(*lines)
