"""The README is the front door: it must document every command, option, column and issue code."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from catalog_migrate.cli import cli
from catalog_migrate.codes import all_codes
from catalog_migrate.targets.alibaba import PRODUCT_COLUMNS, SKU_COLUMNS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands() -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    assert isinstance(cli, click.Group)
    for name, command in cli.commands.items():
        found.append((name, command))
        if isinstance(command, click.Group):
            found.extend(
                (f"{name} {sub}", subcommand) for sub, subcommand in command.commands.items()
            )
    return found


@pytest.mark.parametrize(("name", "command"), _commands())
def test_every_command_is_in_the_readme_and_has_help(name: str, command: click.Command) -> None:
    assert f"catalog-migrate {name}" in README
    assert command.help, f"{name} has no help text"
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{name} {param.opts} has no help text"


def test_every_convert_option_is_documented() -> None:
    convert = cli.commands["convert"]  # type: ignore[attr-defined]
    for param in convert.params:
        if isinstance(param, click.Option):
            assert any(f"`{opt}" in README or f"{opt} " in README for opt in param.opts), param.opts


def test_every_issue_code_is_in_the_readme_table() -> None:
    documented = set(re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \|", README, flags=re.MULTILINE))
    assert set(all_codes()) <= documented
    assert documented <= set(all_codes()), "the README lists codes the tool no longer raises"


def test_every_output_column_is_in_the_readme() -> None:
    # A numbered run is documented by its first and last column: `Main Image 1` … `Main Image 6`.
    for column in [*PRODUCT_COLUMNS, *SKU_COLUMNS]:
        assert f"`{column.header}`" in README or f"{column.header}`" in README, column.header
