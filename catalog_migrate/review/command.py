"""`catalog-migrate review INPUT`: resolve and read the export as `convert` does, then open the app.

Everything that can fail on a bad input (profile, format, currency, decisions file) fails here,
before the screen is taken over, with the same one-line error and exit code as `convert`.
"""

from __future__ import annotations

import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

import click

from catalog_migrate import pipeline
from catalog_migrate.decisions import load_decisions
from catalog_migrate.errors import UserError
from catalog_migrate.model import Decision, Issue, RetailProduct
from catalog_migrate.profile import Profile
from catalog_migrate.profile_writer import seller_profile_path
from catalog_migrate.review.session import ReviewSession
from catalog_migrate.targets import TARGETS


class FxRate(click.ParamType):  # type: ignore[type-arg]
    """`CUR=RATE`: units of CUR per US dollar."""

    name = "CUR=RATE"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[str, Decimal]:
        if isinstance(value, tuple):
            return value
        code, sep, number = str(value).partition("=")
        code = code.strip().upper()
        if not sep or len(code) != 3 or not code.isalpha():
            self.fail(f"give CUR=RATE, e.g. IDR=16250, not {value!r}", param, ctx)
        try:
            rate = Decimal(number.strip())
        except InvalidOperation:
            self.fail(f"{number.strip()!r} is not a number", param, ctx)
        if not rate.is_finite() or rate <= 0:
            self.fail(f"the rate must be a positive number of {code} per US dollar", param, ctx)
        return code, rate


def open_session(input_path: Path, options: pipeline.ConvertOptions) -> ReviewSession:
    """Plan and read the export, load its decisions, and make a session (not yet mapped)."""
    if options.profile is None and seller_profile_path(input_path).is_file():
        # The seller's own profile, saved by an earlier review of this export, takes over.
        options = pipeline.ConvertOptions(
            **{**options.__dict__, "profile": str(seller_profile_path(input_path))}
        )
    run = pipeline.plan(input_path, options)
    decisions = load_decisions(run.decisions_path, run.target.name, input_name=input_path.name)
    products: list[RetailProduct] = []
    issues: list[Issue] = []
    for item in pipeline.read_products(run):
        (issues if isinstance(item, Issue) else products).append(item)  # type: ignore[arg-type]
    if not products:
        raise UserError(f"{input_path.name} has no products to review")
    target = run.target

    def mapper(
        product: RetailProduct, profile: Profile, decision: Decision | None
    ) -> pipeline.MappedProduct:
        return pipeline.map_one(product, profile, target, decision)

    return ReviewSession(
        products, run.profile, decisions, mapper, input_path=input_path, source_issues=issues
    )


@click.command("review")
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option(
    "--to",
    "target",
    type=click.Choice(sorted(TARGETS)),
    default="alibaba",
    show_default=True,
    help="Target platform.",
)
@click.option(
    "--profile",
    "profile_name",
    metavar="NAME|FILE",
    help="Mapping profile: a shipped name or a TOML file. Default: <INPUT stem>.profile.toml "
    "beside INPUT when it exists, else the shipped default.",
)
@click.option("--currency", metavar="CODE", help="Currency of the export's prices (ISO 4217).")
@click.option(
    "--region", metavar="CC", help="Shop region (ID, VN, TH, MY, PH, SG, US); sets the currency."
)
@click.option("--fx", multiple=True, type=FxRate(), help="Override an exchange rate. Repeatable.")
@click.option("--encoding", metavar="NAME", help="Encoding of a CSV input without a BOM.")
@click.option(
    "--decisions",
    type=click.Path(path_type=Path),
    help="Decisions file. Default: <INPUT stem>.decisions.json beside INPUT.",
)
@click.option("--debug", is_flag=True, help="Show a traceback on errors.")
def review_command(
    input_path: Path,
    target: str,
    profile_name: str | None,
    currency: str | None,
    region: str | None,
    fx: tuple[tuple[str, Decimal], ...],
    encoding: str | None,
    decisions: Path | None,
    debug: bool,
) -> None:
    """Review the mapped listings of INPUT in the terminal before converting.

    Accept, reject or edit each listing, and fix category, attribute and unit mappings for many
    listings at once. Decisions are saved after every change to the decisions file, which
    `convert --decisions FILE` applies; mapping edits are saved to <INPUT stem>.profile.toml.
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
    )
    try:
        session = open_session(input_path, options)
    except UserError as exc:
        if debug:
            raise
        click.echo(f"Error: {exc}", err=True)
        sys.exit(exc.exit_code)
    from catalog_migrate.review.app import ReviewApp  # the screen is only loaded once input is good

    ReviewApp(session).run()
