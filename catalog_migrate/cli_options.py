"""What the commands share: the input options, the `--fx` type and how failures are shown."""

from __future__ import annotations

import codecs
import json
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from typing import Any, NoReturn, TypeVar

import click

from catalog_migrate.cli_render import terminal_console
from catalog_migrate.errors import AccountingError, UserError
from catalog_migrate.spreadsheet.writing import Terminated
from catalog_migrate.targets import TARGETS
from catalog_migrate.terminal_text import printable

F = TypeVar("F", bound=Callable[..., Any])

EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 128 + signal.SIGTERM
EXIT_HUNG_UP = 129  # 128 + SIGHUP: the terminal or SSH session closed


class FxRate(click.ParamType):  # type: ignore[type-arg]
    """`CUR=RATE`: how many units of CUR one US dollar buys."""

    name = "CUR=RATE"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[str, Decimal]:
        if isinstance(value, tuple):
            return value
        code, sep, number = str(value).partition("=")
        code = code.strip().upper()
        if not sep or len(code) != 3 or not code.isalpha():
            self.fail(f"give CUR=RATE, e.g. --fx IDR=16250, not {value!r}", param, ctx)
        try:
            rate = Decimal(number.strip().replace("_", ""))
        except InvalidOperation:
            self.fail(f"{number.strip()!r} is not a number", param, ctx)
        if not rate.is_finite() or rate <= 0:
            self.fail(f"the rate must be a positive number of {code} per US dollar", param, ctx)
        return code, rate


def input_options(profile_help: str) -> Callable[[F], F]:
    """Options shared by `convert` and `review`: how to read the input and which profile to use."""
    decorators = [
        click.option(
            "--to",
            "target",
            metavar="TARGET[,TARGET...]",
            default="alibaba",
            show_default=True,
            help=f"Target platform, or several separated by commas ({', '.join(sorted(TARGETS))}).",
        ),
        click.option(
            "--currency",
            metavar="CODE",
            help="Currency of the export's prices (ISO 4217, e.g. IDR).",
        ),
        click.option(
            "--region",
            metavar="CC",
            help="Shop region (ID, VN, TH, MY, PH, SG, US); sets the currency.",
        ),
        click.option(
            "--fx",
            multiple=True,
            type=FxRate(),
            help="Override an exchange rate: units of CUR per US dollar. Repeatable.",
        ),
        click.option("--profile", "profile_name", metavar="NAME|FILE", help=profile_help),
        click.option("--encoding", metavar="NAME", help="Encoding of a CSV input without a BOM."),
        click.option(
            "--translate",
            "translate_to",
            metavar="LANG",
            help="Buyer language to translate listings into (default: the target's, en).",
        ),
        click.option(
            "--translator",
            type=click.Choice(["glossary", "libretranslate", "deepl", "openai"]),
            help="Translation engine (default: the profile's [translate] engine, glossary). An "
            "engine's API key is read from CATALOG_MIGRATE_TRANSLATOR_KEY.",
        ),
        click.option(
            "--translator-url",
            metavar="URL",
            help="Base address of the translation engine's server.",
        ),
        click.option(
            "--no-translate",
            is_flag=True,
            help="Write listings in the export's own language, untranslated.",
        ),
        click.option("--debug", is_flag=True, help="Show a traceback on errors."),
    ]

    def decorate(func: F) -> F:
        for decorator in reversed(decorators):
            func = decorator(func)
        return func

    return decorate


def check_encoding(name: str | None) -> None:
    """`--encoding` must name a text encoding: `base64`, `rot13` or `zlib` are codecs, not ones."""
    if name is None:
        return
    try:
        info = codecs.lookup(name)
    except LookupError:
        return  # the reader names an unknown encoding itself
    if not getattr(info, "_is_text_encoding", True):
        raise UserError(
            f"--encoding {name} is not a text encoding: use a name such as utf-8, utf-16, "
            "cp1252 or gbk"
        )


def fail(message: str, code: int, *, error_code: str = "usage", as_json: bool = False) -> NoReturn:
    """Stop with one line on stderr; with `--json` also one `{"error": ...}` object on stdout."""
    if as_json:
        click.echo(json_error(error_code, printable(message)))
    terminal_console(stderr=True).print(
        f"Error: {printable(message)}",
        soft_wrap=True,
        markup=False,
        style="bold red" if code else None,
    )
    sys.exit(code)


def json_error(code: str, message: str) -> str:
    return json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False)


@contextmanager
def user_errors(debug: bool, *, as_json: bool = False) -> Iterator[None]:
    """One clear line and an exit code for every failure; a traceback only with --debug."""
    try:
        yield
    except (UserError, AccountingError) as exc:
        if debug:
            raise
        fail(str(exc), exc.exit_code, error_code=exc.code, as_json=as_json)
    except KeyboardInterrupt:
        if debug:
            raise
        fail(
            "interrupted; nothing was written",
            EXIT_INTERRUPTED,
            error_code="interrupted",
            as_json=as_json,
        )
    except Terminated as exc:
        if debug:
            raise
        if exc.signum == getattr(signal, "SIGHUP", None):
            fail(
                "hung up (SIGHUP); nothing was written",
                EXIT_HUNG_UP,
                error_code="hung_up",
                as_json=as_json,
            )
        fail(
            "terminated; nothing was written",
            EXIT_TERMINATED,
            error_code="terminated",
            as_json=as_json,
        )
    except Exception as exc:
        if debug:
            raise
        fail(
            f"unexpected {type(exc).__name__}: {exc} (run again with --debug for details)",
            EXIT_INTERNAL,
            error_code="internal",
            as_json=as_json,
        )


class JsonErrorsCommand(click.Command):
    """A command with `--json`: a usage error click finds is printed as a JSON error object too."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        as_json = "--json" in args
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            if not as_json:
                raise
            click.echo(json_error("usage", exc.format_message()))
            raise
