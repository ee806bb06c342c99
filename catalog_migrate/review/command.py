"""`catalog-migrate review INPUT`: resolve and read the export as `convert` does, then open the app.

Everything that can fail on a bad input (profile, format, currency, decisions file) fails with the
same one-line error and exit code as `convert`. On a terminal the screen opens at once and says
that the export is being checked and read (seconds, for a whole shop); a refusal then ends the
screen and is printed as that one line. Elsewhere (output to a file or pipe) the export is read
before the app starts.
"""

from __future__ import annotations

import gc
import itertools
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import click

from catalog_migrate import pipeline
from catalog_migrate.cli_options import check_encoding, input_options, user_errors
from catalog_migrate.decisions import DecisionsFile, check_can_save, load_decisions
from catalog_migrate.errors import UserError
from catalog_migrate.model import Decision, Issue, RetailProduct
from catalog_migrate.profile import Profile
from catalog_migrate.review.head_first import Item, head_then_whole
from catalog_migrate.review.session import ReviewSession
from catalog_migrate.spreadsheet.archive import check_input_file


def open_session(
    input_path: Path,
    options: pipeline.ConvertOptions,
    *,
    announce: bool = True,
    head_first: bool = False,
) -> ReviewSession:
    """Plan the run, load its decisions and read the export up to its first product; the session
    reads the rest as it maps (the screen shows the first listings while the export is read).
    With `announce`, say `Reading shop.xlsx...` on a terminal meanwhile. With `head_first`, the
    first listings come from the export's first rows, before the whole export is checked and
    read (see head_first.py); when it has no such head, as without."""
    if head_first:
        session = _open_head_first(input_path, options)
        if session is not None:
            return session
    # With no --profile, plan() takes the one an earlier review of this export saved.
    if announce and sys.stderr.isatty():
        click.echo(f"Reading {input_path.name}...", err=True)
    with _collector_paused():
        run = pipeline.plan(input_path, options)
        decisions = load_decisions(run.decisions_path, run.target.name, input_name=input_path.name)
        check_can_save(run.decisions_path)  # before the listings show, not on the first key
        items = pipeline.read_products(run)
        # Up to the first product, the source checks the sheet as a whole (its columns,
        # currency): a refusal there is one line, as for `convert`.
        issues: list[Issue] = []
        first = next(items, None)
        while isinstance(first, Issue):
            issues.append(first)
            first = next(items, None)
    if first is None:
        raise UserError(f"{input_path.name} has no products to review")
    products = itertools.chain([first], items)
    return _session(run, decisions, products, issues)


def _open_head_first(input_path: Path, options: pipeline.ConvertOptions) -> ReviewSession | None:
    """The session over the products of the export's head, then of the whole export; None when
    the head cannot be read apart (the whole read then says why, if it is the file's fault)."""
    try:
        with _collector_paused():
            run = pipeline.plan_head(input_path, options)
            items = list(pipeline.read_products(run)) if run is not None else []
    except UserError:
        return None  # said again, of the whole file, by the read that does not start at its head
    # The last product of the head may go on in the rows after it.
    head = [item for item in items if isinstance(item, RetailProduct)][:-1]
    if run is None or not head:
        return None
    decisions = load_decisions(run.decisions_path, run.target.name, input_name=input_path.name)
    check_can_save(run.decisions_path)
    return _session(run, decisions, head_then_whole(head, lambda: pipeline.read_whole(run)))


def _session(
    run: pipeline.Plan,
    decisions: DecisionsFile,
    products: Iterator[Item],
    issues: Sequence[Issue] = (),
) -> ReviewSession:
    # The closures keep the target and translator, not the plan: the plan holds the sheet as
    # read, which is freed once every product is built from it.
    target, translator = run.target, run.translator

    def mapper(
        product: RetailProduct, profile: Profile, decision: Decision | None
    ) -> pipeline.MappedProduct:
        return pipeline.map_one(product, profile, target, decision, translator)

    def retranslator(
        product: RetailProduct, profile: Profile, decision: Decision | None
    ) -> pipeline.MappedProduct | None:
        if translator is None:
            return None
        with translator.afresh():
            return mapper(product, profile, decision)

    return ReviewSession(
        products,
        run.profile,
        decisions,
        mapper,
        input_path=run.input,
        source_issues=issues,
        retranslator=retranslator,
        notices=[note.message for note in run.profile_notes],
        sheet_rows=0 if run.source_options.head_only else run.data_rows,
    )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cycle collection while the sheet is read: it makes millions of objects that all live on,
    and each full collection would walk them again (about 7 % of the read on 5,000 products).
    The main screen freezes them out of collection once it opens."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@click.command("review")
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@input_options(
    "Mapping profile: a shipped name or a TOML file. Default: <INPUT stem>.profile.toml "
    "beside INPUT when it exists, else the shipped default."
)
@click.option(
    "--decisions",
    type=click.Path(path_type=Path),
    help="Decisions file. Default: <INPUT stem>.decisions.json beside INPUT.",
)
def review_command(
    input_path: Path,
    target: str,
    profile_name: str | None,
    currency: str | None,
    region: str | None,
    fx: tuple[tuple[str, Decimal], ...],
    encoding: str | None,
    translate_to: str | None,
    translator: str | None,
    translator_url: str | None,
    no_translate: bool,
    decisions: Path | None,
    debug: bool,
) -> None:
    """Review the mapped listings of INPUT in the terminal before converting.

    Accept, reject or edit each listing, and fix category, attribute and unit mappings for many
    listings at once. Decisions are saved after every change to the decisions file, which
    `convert --decisions FILE` applies. Mapping edits are saved into the --profile file when it
    is the seller's own, else to <INPUT stem>.profile.toml, which `convert` then uses.
    """
    options = pipeline.ConvertOptions(
        target=target,
        currency=currency,
        region=region,
        fx=dict(fx),
        profile=profile_name,
        encoding=encoding,
        dry_run=True,  # review writes no output workbook
        decisions=decisions,
        translate_to=translate_to,
        translator=translator,
        translator_url=translator_url,
        no_translate=no_translate,
    )
    with user_errors(debug):
        check_encoding(encoding)
        if not (sys.stdout.isatty() and sys.stdin.isatty()):
            session = open_session(input_path, options)
            from catalog_migrate.review.app import ReviewApp  # loaded once the input is good

            ReviewApp(session).run()
            _finish_saving(session)
            return
        check_before_screen(input_path, options)
        from catalog_migrate.review.app import ReviewApp

        app = ReviewApp(
            opener=lambda: open_session(input_path, options, announce=False, head_first=True),
            reading=f"{input_path.name} ({_size(input_path)})",
        )
        app.run()
        if app.opened is not None:
            _finish_saving(app.opened)
        if app.failure is not None:
            raise app.failure


def _finish_saving(session: ReviewSession) -> None:
    """However the app ended, the decisions saved behind the screen are written before the
    process ends (`q` waits for them already)."""
    warning = session.finish_saving()
    if warning:
        click.echo(f"Warning: {warning}", err=True)


def check_before_screen(input_path: Path, options: pipeline.ConvertOptions) -> None:
    """What the run checks first, before reading anything (a missing file, a mistyped currency or
    target), refused before the screen opens; `plan` checks them again, in the same order."""
    check_input_file(input_path)
    pipeline.resolve_currency(options.currency, options.region)
    pipeline.resolve_targets(options.target)


def _size(path: Path) -> str:
    megabytes = path.stat().st_size / 1024 / 1024
    return f"{megabytes:,.1f} MB" if megabytes < 10 else f"{megabytes:,.0f} MB"
