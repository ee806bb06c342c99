"""What the commands share: the input options, the `--fx` type and how failures are shown."""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from typing import Any, NoReturn, TypeVar

import click
from rich.console import Console

from catalog_migrate.errors import AccountingError, UserError, one_line
from catalog_migrate.spreadsheet.writing import Terminated
from catalog_migrate.targets import TARGETS

F = TypeVar("F", bound=Callable[..., Any])

EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 128 + signal.SIGTERM


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
            type=click.Choice(sorted(TARGETS)),
            default="alibaba",
            show_default=True,
            help="Target platform.",
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
        click.option("--debug", is_flag=True, help="Show a traceback on errors."),
    ]

    def decorate(func: F) -> F:
        for decorator in reversed(decorators):
            func = decorator(func)
        return func

    return decorate


def fail(message: str, code: int) -> NoReturn:
    Console(stderr=True, highlight=False).print(
        f"Error: {one_line(message)}",
        soft_wrap=True,
        markup=False,
        style="bold red" if code else None,
    )
    sys.exit(code)


@contextmanager
def user_errors(debug: bool) -> Iterator[None]:
    """One clear line and an exit code for every failure; a traceback only with --debug."""
    try:
        yield
    except (UserError, AccountingError) as exc:
        if debug:
            raise
        fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        if debug:
            raise
        fail("interrupted; nothing was written", EXIT_INTERRUPTED)
    except Terminated:
        if debug:
            raise
        fail("terminated; nothing was written", EXIT_TERMINATED)
    except Exception as exc:
        if debug:
            raise
        fail(
            f"unexpected {type(exc).__name__}: {exc} (run again with --debug for details)",
            EXIT_INTERNAL,
        )
