"""No regular expression of the package takes more than linear time on a cell.

A cell holds up to 32,767 characters, and a pattern that backtracks over a long run (of digits,
spaces, dots ...) once per starting position takes seconds on one cell. Every pattern is found
without listing it by hand: the compiled patterns of every module, the literal patterns passed to
`re.*` functions in the source, and the patterns compiled from the default profile's rules. Each is
run on long adversarial texts; when a run is not plainly fast, it must scale like a linear one
(4 times the text, at most about 4 times the time; a quadratic pattern takes 16 times).
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import pkgutil
import re
import time
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest

import catalog_migrate
from catalog_migrate.mapping.rules import compile_rules
from catalog_migrate.mapping.text import compile_phrases
from tests.mapping.builders import default_profile

# Each text is tried at growing lengths, so that a pattern worse than quadratic fails on a short
# text instead of running for minutes on a long one.
LENGTHS = (125, 500, 2_000, 8_000, 32_000)
# Linear work on 32,000 characters takes about a millisecond; a pattern this fast needs no scaling
# check. The bounds are generous so that a loaded machine does not fail a linear pattern.
PLAINLY_FAST = 0.03
MAX_SCALING = 9.0  # linear: ~4, quadratic: ~16
MAX_SECONDS = 2.0
_RE_FUNCTIONS = frozenset(
    {"compile", "search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer"}
)


def _module_patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    for info in pkgutil.walk_packages(catalog_migrate.__path__, "catalog_migrate."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for attribute, value in vars(module).items():
            for pattern in _patterns_in(value, depth=2):
                yield f"{info.name}.{attribute}", pattern


def _patterns_in(value: object, depth: int) -> Iterator[re.Pattern[str]]:
    if isinstance(value, re.Pattern):
        if isinstance(value.pattern, str):
            yield value
    elif depth and isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _patterns_in(item, depth - 1)
    elif depth and isinstance(value, dict):
        for item in value.values():
            yield from _patterns_in(item, depth - 1)
    elif depth and dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _patterns_in(getattr(value, field.name), depth - 1)


def _literal_patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    """`re.search(r"...", text)` and friends, written inline in the source."""
    root = Path(catalog_migrate.__path__[0])
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.func.attr in _RE_FUNCTIONS
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                name = f"{path.relative_to(root.parent).as_posix()}:{node.lineno}"
                yield name, re.compile(node.args[0].value)


def _profile_patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    rules = compile_rules(default_profile())
    for field in ("titles", "units", "specs"):
        for pattern in _patterns_in(getattr(rules, field), depth=3):
            yield f"default profile {field}", pattern
    # Profile words may start or end with a number, in scripts with and without spaces.
    for words in (["{n}米", "isi {n}", "{n} pcs", "per {n}", "{n}"], ["套装", "ชุด", "Hot Sale"]):
        phrases = compile_phrases(words)
        assert phrases is not None
        yield f"phrases {words}", phrases


def _all_patterns() -> dict[tuple[str, int], tuple[str, re.Pattern[str]]]:
    found: dict[tuple[str, int], tuple[str, re.Pattern[str]]] = {}
    for source in (_module_patterns, _literal_patterns, _profile_patterns):
        for name, pattern in source():
            found.setdefault((pattern.pattern, pattern.flags), (name, pattern))
    return found


PATTERNS = sorted(_all_patterns().values(), key=lambda item: item[0])

# Runs of one or two characters that patterns repeat over, and almost-matches of the package's
# own patterns (phone numbers, links, `Key: Value` lines, brand ids, units, axes, hashtags).
_UNITS = [
    *"09 \t\n\xa0aA.-/,:@#+<(_*|中ไ",
    *["0 ", "0.", "1,", "a ", "a.", "a@", "a:", "a-", " \n", "wa ", "0812 ", "+62 ", "www."],
    *["<a ", "v1.", "isi ", "规格1(", "a: ", "(1", "(1)", "/1", "1,000", "1e", "_x", "#a", "中 "],
]
# Anchored patterns (`^...`, `fullmatch`) see a run only after what they start with.
_PREFIXES = ["wa", "a", "1.", "0", "x ("]
_TEXTS = [
    *((unit, "") for unit in _UNITS),
    *((unit, prefix) for unit in ("0", " ", ".", "a", "\t") for prefix in _PREFIXES),
]


def _text(unit: str, prefix: str, length: int) -> str:
    body = (unit * (length // len(unit) + 1))[:length]
    return prefix + body + "!"


def _seconds(pattern: re.Pattern[str], text: str) -> float:
    start = time.perf_counter()
    for _ in pattern.finditer(text):
        pass
    pattern.fullmatch(text)
    pattern.match(text)
    return time.perf_counter() - start


def _best_seconds(pattern: re.Pattern[str], text: str) -> float:
    return min(_seconds(pattern, text) for _ in range(3))


def test_every_pattern_is_found() -> None:
    names = {name for name, _ in PATTERNS}
    assert "catalog_migrate.mapping.titles._CONTACT" in names
    assert "catalog_migrate.mapping.specs._SPEC_LINE" in names
    assert "default profile titles" in names
    assert len(PATTERNS) >= 30


@pytest.mark.parametrize(("name", "pattern"), PATTERNS, ids=[name for name, _ in PATTERNS])
def test_pattern_takes_linear_time_on_long_runs(name: str, pattern: re.Pattern[str]) -> None:
    for unit, prefix in _TEXTS:
        for shorter, length in pairwise(LENGTHS):
            text = _text(unit, prefix, length)
            first = _seconds(pattern, text)
            assert first < MAX_SECONDS, f"{name} on {prefix!r} + {unit!r} x {length}: {first:.1f} s"
            if first < PLAINLY_FAST:
                continue
            # Not plainly fast: measured again, best of three, against a quarter of the text;
            # twice, so that a moment of load on the machine is not taken for a slow pattern.
            for _ in range(2):
                seconds = _best_seconds(pattern, text)
                scaling = seconds / max(_best_seconds(pattern, _text(unit, prefix, shorter)), 1e-6)
                if seconds < PLAINLY_FAST or scaling < MAX_SCALING:
                    break
            assert seconds < MAX_SECONDS and (seconds < PLAINLY_FAST or scaling < MAX_SCALING), (
                f"{name} on {prefix!r} + {unit!r} x {length}: {seconds:.3f} s, "
                f"{scaling:.1f} times the time for a quarter of the text"
            )
