"""The `catalog-migrate` command line: parse options, call the library, render what it returns."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import click

from catalog_migrate import __version__, pipeline
from catalog_migrate import profile as profiles
from catalog_migrate.cli_options import (
    JsonErrorsCommand,
    check_encoding,
    input_options,
    user_errors,
)
from catalog_migrate.cli_render import (
    images_progress,
    print_summary,
    progress_bar,
    terminal_console,
)
from catalog_migrate.errors import UserError
from catalog_migrate.inspection import inspect_file
from catalog_migrate.publish.command import auth_group, publish_command
from catalog_migrate.review.command import review_command
from catalog_migrate.terminal_text import printable, printable_json


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="catalog-migrate")
def cli() -> None:
    """Move a retail catalog (TikTok Shop exports) to B2B wholesale bulk-upload files."""


@cli.command(cls=JsonErrorsCommand)
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@input_options("Mapping profile: a shipped name (see `profiles`) or a TOML file.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Output file. Default: <input stem>.<target><suffix> beside the input. With several "
    "targets, the folder for their files (made if missing).",
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(path_type=Path),
    help="Report workbook. Default: <output stem>.report.xlsx beside the output; with several "
    "targets <input stem>.report.xlsx beside their files.",
)
@click.option(
    "--store-currency",
    metavar="CODE",
    help="Currency of the targets that price in the seller's store currency (ISO 4217). "
    "Default: the profile's [targets] store_currency.",
)
@click.option(
    "--decisions",
    type=click.Path(path_type=Path),
    help="Apply the review decisions in this file (written by `catalog-migrate review`).",
)
@click.option(
    "--only-accepted",
    is_flag=True,
    help="With --decisions: write only listings accepted in review.",
)
@click.option(
    "--origin",
    metavar="CC|COUNTRY",
    help="Place of origin of listings whose product does not say: a country code or English "
    "name (ID, CN, Vietnam, ...). Replaces the profile's [defaults] place_of_origin.",
)
@click.option(
    "--images",
    "images_mode",
    type=click.Choice(["fetch"]),
    help="fetch: download every image, check and normalise it to the target's rules and write "
    "<output stem>.images/ with manifest.csv. Without it nothing is downloaded.",
)
@click.option(
    "--template",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Fill this template downloaded from the channel (.xlsx or .csv) instead of writing the "
    "target's own file: its header labels are matched to the listing fields.",
)
@click.option("--dry-run", is_flag=True, help="Read, map and check everything, but write nothing.")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the run report as one JSON object on stdout; a run that stops prints "
    '{"error": {"code": ..., "message": ...}} instead.',
)
def convert(
    input_path: Path,
    target: str,
    currency: str | None,
    region: str | None,
    fx: tuple[tuple[str, Decimal], ...],
    profile_name: str | None,
    encoding: str | None,
    translate_to: str | None,
    translator: str | None,
    translator_url: str | None,
    no_translate: bool,
    debug: bool,
    output: Path | None,
    report_path: Path | None,
    store_currency: str | None,
    decisions: Path | None,
    only_accepted: bool,
    origin: str | None,
    images_mode: str | None,
    template: Path | None,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Convert a retail product export INPUT into each target's bulk-upload files and a report.

    Exit codes: 0 every product converted; 1 some SKUs or products rejected by any target (the
    written listings stand); 2 nothing done (usage error, unreadable or unrecognised input, output
    that cannot be written); 3 internal error; 129, 130, 143 hung up, interrupted, terminated
    (nothing written).
    """
    with user_errors(debug, as_json=as_json):
        if only_accepted and decisions is None:
            raise UserError("--only-accepted needs --decisions FILE")
        check_encoding(encoding)
        options = pipeline.ConvertOptions(
            target=target,
            output=output,
            report=report_path,
            currency=currency,
            region=region,
            fx=dict(fx),
            profile=profile_name,
            encoding=encoding,
            dry_run=dry_run,
            decisions=decisions,
            only_accepted=only_accepted,
            origin=origin,
            translate_to=translate_to,
            translator=translator,
            translator_url=translator_url,
            no_translate=no_translate,
            fetch_images=images_mode == "fetch",
            store_currency=store_currency,
            template=template,
        )
        console = terminal_console(stderr=True)
        with progress_bar(console, enabled=not as_json) as shown:
            images = images_progress(console, enabled=not as_json)
            if shown is None:
                report = pipeline.convert(input_path, options, images_progress=images)
            else:
                report = pipeline.convert(
                    input_path,
                    options,
                    shown.advance,
                    on_stage=shown.stage,
                    images_progress=images,
                )
        if as_json:
            click.echo(printable_json(report.to_json()))
        else:
            print_summary(console, report)
    sys.exit(report.exit_code)


@cli.command(cls=JsonErrorsCommand)
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("--currency", metavar="CODE", help="Currency of the export's prices, if known.")
@click.option("--encoding", metavar="NAME", help="Encoding of a CSV input without a BOM.")
@click.option(
    "--rows", "row_count", default=3, show_default=True, help="How many data rows to show."
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print the findings as one JSON object on stdout."
)
@click.option("--debug", is_flag=True, help="Show a traceback on errors.")
def inspect(
    input_path: Path,
    currency: str | None,
    encoding: str | None,
    row_count: int,
    as_json: bool,
    debug: bool,
) -> None:
    """Show how INPUT is read: format, sheet, data start row, column map, counts, currency guess."""
    with user_errors(debug, as_json=as_json):
        check_encoding(encoding)
        found = inspect_file(input_path, currency=currency, encoding=encoding, row_count=row_count)
        if as_json:
            click.echo(printable_json(found.to_json()))
        else:
            terminal_console().print(found.render())


@cli.command(name="profiles")
def list_profiles() -> None:
    """List the shipped mapping profiles."""
    for path in profiles.shipped_profiles():
        loaded = profiles.load(str(path))
        click.echo(f"{path.stem}\t{loaded.description}")


@cli.group(name="profile")
def profile_group() -> None:
    """Work with mapping profiles."""


@profile_group.command(name="init")
@click.argument(
    "path", required=False, type=click.Path(path_type=Path), default=Path("catalog-migrate.toml")
)
@click.option(
    "--from", "source_name", default="default", show_default=True, help="Shipped profile to copy."
)
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def profile_init(path: Path, source_name: str, force: bool) -> None:
    """Write a copy of a shipped profile (and its category map) to PATH, to edit.

    PATH defaults to catalog-migrate.toml in the current folder; the category map is written beside
    it as <PATH stem>.categories.csv and the copy points to it.
    """
    with user_errors(False):
        try:
            map_path = profiles.copy_shipped(source_name, path, force=force)
        except profiles.ProfileError as exc:
            raise UserError(str(exc)) from None
        click.echo(printable(f"wrote {path} and {map_path}; use it with --profile {path}"))


cli.add_command(review_command)
cli.add_command(publish_command)
cli.add_command(auth_group)


def main() -> None:
    cli()
