"""The README is the front door: it must document every command, option, column and issue code."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from catalog_migrate.cli import cli
from catalog_migrate.codes import all_codes
from catalog_migrate.sources import SOURCES
from catalog_migrate.targets import TARGETS

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


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_every_output_column_of_every_target_is_in_the_readme(name: str) -> None:
    # A numbered run is documented by its first and last column: `Main Image 1` … `Main Image 6`.
    for sheet, headers in TARGETS[name].columns.items():
        assert f"`{sheet}`" in README, (name, sheet)
        for header in headers:
            assert f"`{header}`" in README or f"{header}`" in README, (name, header)


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_every_target_is_in_the_readme_with_its_codes(name: str) -> None:
    target = TARGETS[name]
    assert f"`--to {name}`" in README or f"--to {name}" in README, name
    for code in target.codes:
        assert re.search(rf"^\| `{re.escape(code)}` \| {name} \|", README, re.MULTILINE), code


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_source_code_is_in_the_readme_as_read(name: str) -> None:
    for code in SOURCES[name].codes:
        assert re.search(rf"^\| `{re.escape(code)}` \| read \|", README, re.MULTILINE), code


def test_every_issue_code_is_raised_in_one_place() -> None:
    # Two channels may share a rule's code (each says it of its own listings), but a code the
    # reading, mapping or review stages raise is never raised again by a target's rules.
    for code, entries in all_codes().items():
        stages = [stage for stage, _ in entries]
        pipeline = [stage for stage in stages if stage not in TARGETS]
        assert len(pipeline) <= 1 and (not pipeline or len(stages) == 1), (code, stages)
