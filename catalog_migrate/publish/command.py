"""`catalog-migrate publish` and `catalog-migrate auth alibaba`: parse, call the library, render."""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import click

from catalog_migrate import pipeline
from catalog_migrate.cli_options import (
    EXIT_HUNG_UP,
    EXIT_INTERRUPTED,
    EXIT_TERMINATED,
    JsonErrorsCommand,
    check_encoding,
    fail,
    input_options,
    user_errors,
)
from catalog_migrate.cli_render import terminal_console
from catalog_migrate.errors import UserError
from catalog_migrate.model import Issue
from catalog_migrate.publish.auth import (
    DEFAULT_REDIRECT,
    authorize_url,
    exchange_code,
    refreshed_if_due,
)
from catalog_migrate.publish.client import CallFailed, PlatformError
from catalog_migrate.publish.credentials import (
    KEY_ENV,
    SECRET_ENV,
    Credentials,
    CredentialsError,
    load_credentials,
    save,
)
from catalog_migrate.publish.results import PublishOptions, PublishReport
from catalog_migrate.publish.run import Interrupted, publish
from catalog_migrate.spreadsheet.atomic import Terminated
from catalog_migrate.terminal_text import printable, printable_json

_SHOWN_ISSUES = 20


def _credentials() -> Credentials:
    try:
        return refreshed_if_due(load_credentials())
    except PlatformError as exc:
        raise CredentialsError(
            f"the saved Alibaba.com token could not be refreshed ({exc.code}): run "
            "`catalog-migrate auth alibaba` again"
        ) from None


@click.command(name="publish", cls=JsonErrorsCommand)
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@input_options("Mapping profile: a shipped name (see `profiles`) or a TOML file.")
@click.option(
    "--decisions",
    type=click.Path(path_type=Path),
    help="Apply the review decisions in this file (written by `catalog-migrate review`).",
)
@click.option(
    "--only-accepted", is_flag=True, help="With --decisions: publish only accepted listings."
)
@click.option(
    "--origin",
    metavar="CC|COUNTRY",
    help="Place of origin of listings whose product does not say (replaces the profile's).",
)
@click.option(
    "--live",
    is_flag=True,
    help="Publish for real (schema.add). Without it every listing becomes a draft.",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Send no write at all: write each listing's filled document to "
    "<input stem>.alibaba.publish.xml/ for inspection.",
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, 16),
    default=4,
    show_default=True,
    help="Calls in flight at once.",
)
@click.option(
    "--timeout",
    "timeout_s",
    type=click.FloatRange(0.1, 600),
    default=60.0,
    show_default=True,
    help="Seconds to wait for one answer.",
)
@click.option(
    "--retries",
    type=click.IntRange(0, 10),
    default=4,
    show_default=True,
    help="Retries of a call on HTTP 429, 5xx, timeouts and network errors.",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the run's counts and issues as one JSON object on stdout.",
)
def publish_command(
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
    decisions: Path | None,
    only_accepted: bool,
    origin: str | None,
    live: bool,
    dry_run: bool,
    concurrency: int,
    timeout_s: float,
    retries: int,
    as_json: bool,
) -> None:
    """Publish the listings of INPUT to Alibaba.com through its Open Platform.

    Every listing `convert` would write and whose category has an Alibaba.com category id becomes
    a draft (with --live: a published product); images go to the photobank once each. The state
    file <input stem>.alibaba.publish.json records what was created, so a re-run skips what is
    unchanged and resumes an interrupted run. Credentials: ALIBABA_APP_KEY, ALIBABA_APP_SECRET
    and ALIBABA_ACCESS_TOKEN, or `catalog-migrate auth alibaba`.

    Exit codes: 0 every listing done; 1 some listings failed or were not published; 2 nothing
    done (bad input or credentials); 130 interrupted (the state file keeps what was done).
    """
    with user_errors(debug, as_json=as_json):
        if target != "alibaba":
            raise UserError(f"publish supports --to alibaba only, not {target}")
        if live and dry_run:
            raise UserError("give --live or --dry-run, not both")
        if only_accepted and decisions is None:
            raise UserError("--only-accepted needs --decisions FILE")
        check_encoding(encoding)
        options = PublishOptions(
            convert=pipeline.ConvertOptions(
                currency=currency,
                region=region,
                fx=dict(fx),
                profile=profile_name,
                encoding=encoding,
                decisions=decisions,
                only_accepted=only_accepted,
                origin=origin,
                translate_to=translate_to,
                translator=translator,
                translator_url=translator_url,
                no_translate=no_translate,
            ),
            live=live,
            dry_run=dry_run,
            concurrency=concurrency,
            timeout_s=timeout_s,
            attempts=retries + 1,
        )
        try:
            report = publish(input_path, options, _credentials, _progress(enabled=not as_json))
        except Interrupted as stopped:
            _interrupted(stopped, as_json)
    if as_json:
        click.echo(printable_json(report.to_json()))
    else:
        _print_summary(report)
    sys.exit(report.exit_code)


def _progress(*, enabled: bool) -> Callable[[PublishReport], None] | None:
    """On a terminal, a line on stderr about once a second as listings are done."""
    console = terminal_console(stderr=True)
    if not enabled or not console.is_terminal:
        return None
    last = [0.0]

    def show(report: PublishReport) -> None:
        now = time.monotonic()
        if now - last[0] < 1.0:
            return
        last[0] = now
        console.print(
            f"publish: {report.done + report.failed + report.not_published} of "
            f"{report.listings} listings read so far done; {report.failed} failed",
            markup=False,
            highlight=False,
        )

    return show


def _interrupted(stopped: Interrupted, as_json: bool) -> None:
    report = stopped.report
    done = report.drafts_created + report.published + report.updated
    where = (
        f"; {done} written this run are recorded in {Path(report.state_file).name}: run the "
        "same command again to resume"
        if report.state_file
        else "; nothing was written"
    )
    cause = stopped.cause
    if isinstance(cause, Terminated):
        hung_up = cause.signum == getattr(signal, "SIGHUP", None)
        what, said, code = (
            ("hung_up", "hung up (SIGHUP)", EXIT_HUNG_UP)
            if hung_up
            else ("terminated", "terminated", EXIT_TERMINATED)
        )
    else:
        what, said, code = "interrupted", "interrupted", EXIT_INTERRUPTED
    fail(f"{said}{where}", code, error_code=what, as_json=as_json)


def _print_summary(report: PublishReport) -> None:
    mode = {"draft": "as drafts", "live": "live", "dry-run": "dry run, nothing sent"}[report.mode]
    lines = [
        f"publish to Alibaba.com ({mode}): {report.listings} listings of "
        f"{report.products_read} products"
    ]
    if report.products_rejected or report.skus_rejected:
        lines.append(
            f"  rejected on reading: {report.products_rejected} of {report.products_read} "
            f"products, {report.skus_rejected} of {report.skus_read} SKU rows"
        )
    if report.mode == "dry-run":
        lines += [
            f"  not published {report.not_published}, failed {report.failed}",
            f"  images already in the photobank {report.images_reused} (the others show "
            'fileId="0": a real run uploads them)',
        ]
    else:
        lines += [
            f"  drafts created {report.drafts_created}, published {report.published}, updated "
            f"{report.updated}, unchanged (skipped) {report.skipped_unchanged}, failed "
            f"{report.failed}, not published {report.not_published}",
            f"  images uploaded {report.images_uploaded}, already in the photobank "
            f"{report.images_reused}",
        ]
    if report.xml_folder:
        lines.append(f"  {report.xml_written} documents written to {report.xml_folder}")
    if report.state_file:
        lines.append(f"  state file {report.state_file}; report {report.report}")
    lines += _issue_lines(report)
    for line in lines:
        click.echo(printable(line))


def _issue_line(issue: Issue) -> str:
    """One issue, with the product (and row) it is about unless its message names it."""
    about = ""
    if issue.product_key and issue.product_key not in issue.message:
        row = f" row {issue.source_row}" if issue.source_row is not None else ""
        about = f"product {issue.product_key}{row}: "
    return f"  {issue.severity.value}: {issue.code}: {about}{issue.message}"


def _issue_lines(report: PublishReport) -> list[str]:
    """The run's publish issues, at most _SHOWN_ISSUES; listings without a category id are said
    once (the first in full, then how many per category), not once per product."""
    lines: list[str] = []
    missing = [i for i in report.issues if i.code == "publish.category_id_missing"]
    if missing:
        lines.append(_issue_line(missing[0]))
    if len(missing) > 1:
        counts = report.missing_ids.most_common()
        named = ", ".join(f"{category!r} ({count})" for category, count in counts[:5])
        more = f" and {len(counts) - 5} more" if len(counts) > 5 else ""
        lines.append(
            f"  error: publish.category_id_missing: {len(missing)} listings in {len(counts)} "
            f"categories have no Alibaba.com category id: {named}{more}"
        )
    # Every error (a SKU row rejected on reading is left out of what is published) and the
    # publish warnings; the report has the rest.
    others = [
        issue
        for issue in report.issues
        if (issue.is_error or issue.code.startswith("publish."))
        and issue.code != "publish.category_id_missing"
    ]
    room = max(_SHOWN_ISSUES - len(lines), 0)
    lines += [_issue_line(issue) for issue in others[:room]]
    if len(others) > room:
        where = "the report" if report.report else "--json"
        lines.append(f"  ... and {len(others) - room} more in {where}")
    return lines


@click.group(name="auth")
def auth_group() -> None:
    """Sign in to a channel's API and keep its token."""


@auth_group.command(name="alibaba")
@click.option("--app-key", metavar="KEY", help="The app key (default: ALIBABA_APP_KEY).")
@click.option(
    "--redirect-uri",
    metavar="URI",
    default=DEFAULT_REDIRECT,
    show_default=True,
    help="The callback address registered for the app.",
)
@click.option(
    "--code", metavar="CODE", help="The authorization code (default: asked for after the URL)."
)
@click.option("--debug", is_flag=True, help="Show a traceback on errors.")
def auth_alibaba(app_key: str | None, redirect_uri: str, code: str | None, debug: bool) -> None:
    """Authorize this tool on an Alibaba.com seller account and keep the token.

    Prints the authorize address, takes the code the platform shows after sign-in, exchanges it
    for a token and saves it in the user config folder (mode 0600); `publish` refreshes it when
    it nears its end. The app secret is read from ALIBABA_APP_SECRET or asked for, never taken as
    an option.
    """
    with user_errors(debug):
        key = app_key or os.environ.get(KEY_ENV, "").strip()
        if not key:
            raise UserError(f"give --app-key or set {KEY_ENV}")
        secret = os.environ.get(SECRET_ENV, "").strip() or click.prompt(
            "App secret", hide_input=True, err=True
        )
        address = authorize_url(key, redirect_uri)
        click.echo(f"Open this address, sign in and allow access:\n{address}")
        given = code or click.prompt("Code", err=True)
        try:
            fresh = exchange_code(key, secret, given.strip())
        except CallFailed as exc:
            raise UserError(f"Alibaba.com could not be reached: {exc.message}") from None
        except PlatformError as exc:
            raise CredentialsError(
                f"the code was not accepted ({exc.code}): authorize again"
            ) from None
        path = save(fresh)
        until = datetime.fromtimestamp(fresh.expires_at, UTC).strftime("%Y-%m-%d")
        account = f" for account {fresh.account}" if fresh.account else ""
        saved = f"saved the token{account} to {path} (mode 0600); valid until {until}"
        click.echo(printable(saved))
