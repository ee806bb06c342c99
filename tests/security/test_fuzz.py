"""Mutated sample exports through `catalog-migrate convert`: no traceback, and every SKU accounted.

The sample workbook and CSV are read back into rows keyed by their row-1 machine keys, mutated
(cells replaced by other types, huge or odd Unicode text, columns dropped, rows shuffled or
duplicated), written again with the test builder and converted in process.
"""

from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path
from typing import Any

import python_calamine
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog_migrate.cli import cli
from tests.tiktok_builder import write_tiktok_csv, write_tiktok_xlsx

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
HEADER_ROWS = 5  # keys, token, labels, mandatory/optional, instructions: data from row 6
CELL_LIMIT = 32_767

FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class Export:
    def __init__(
        self,
        keys: list[str],
        labels: dict[str, str],
        rows: list[dict[str, object]],
        changes: tuple[str, ...] = (),
    ) -> None:
        self.keys = keys
        self.labels = labels
        self.rows = rows
        self.changes = changes  # what was done to the sample, shown when an example fails

    def __repr__(self) -> str:
        return f"Export({len(self.rows)} rows, changes={list(self.changes)})"


def shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:40]}... ({len(text)} chars)"


def from_grid(grid: list[list[Any]]) -> Export:
    keys = [str(key) for key in grid[0]]
    labels = {key: str(label) for key, label in zip(keys, grid[2], strict=False) if label}
    rows = [
        {key: (None if value == "" else value) for key, value in zip(keys, row, strict=False)}
        for row in grid[HEADER_ROWS:]
    ]
    return Export(keys, labels, rows)


def load_workbook_sample() -> Export:
    book = python_calamine.CalamineWorkbook.from_path(SAMPLES / "tiktok_id_fashion.xlsx")
    return from_grid(book.get_sheet_by_name("Template").to_python())


def load_csv_sample() -> Export:
    with (SAMPLES / "tiktok_my_home.csv").open(encoding="utf-8-sig", newline="") as handle:
        return from_grid(list(csv.reader(handle, delimiter=";")))


WORKBOOK = load_workbook_sample()
CSV_EXPORT = load_csv_sample()

odd_text = st.sampled_from(
    [
        "\u200fمرحبا\u200f",  # right-to-left marks around Arabic
        "Kaos\u200dPolos",  # zero-width joiner
        "👩🏽‍💻🧕🏽 Hijab",  # astral emoji and a ZWJ sequence
        "\u202eesrever",  # right-to-left override
        "\x01\x07\x1b\x7f control",
        '=HYPERLINK("http://x","y")',
        "=cmd|' /C calc'!A0",
        "@SUM(1)",
        "+62 812",
        "-5",
        "\t=1+1",
        "Rp 1,5jt",
        "1.234.567,89",
        "7.23457E+18",
        "<script>alert(1)</script><p onclick=x>hi</p>",
        " ",
        # XML fragments a spreadsheet library could take for markup
        '<r><f>HYPERLINK("http://evil.example","x")</f></r>',
        "<r><t>rich</t></r>",
        "_x000D__x0041_",
        "]]><!ENTITY x SYSTEM 'file:///etc/passwd'>",
        # terminal escapes: clipboard write, screen clear, C1 CSI, bidi isolate
        "\x1b]52;c;ZXZpbA==\x07 clip",
        "\x1b[2J\x1b[H cleared",
        "\x9b31m red",
        "\u2066isolate\u2069",
        # compatibility digits, which must not become digits
        "Rp ²⁰.000",
        "①②③",
        "½",
        "Rp 89.000 per pcs",
        "1tr5",
    ]
)
any_text = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"),
    max_size=40,
)
huge_text = st.builds(
    lambda char, length: char * length,
    st.sampled_from(["x", "é", "&", "<", "🧕", "ab "]),
    st.integers(1_000, CELL_LIMIT),
).map(lambda text: text[:CELL_LIMIT])
cell_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    odd_text,
    any_text,
    huge_text,
)


@st.composite
def mutated(draw: st.DrawFn, export: Export) -> Export:
    rows = [dict(row) for row in export.rows]
    changes: list[str] = []
    for _ in range(draw(st.integers(0, 8))):
        row = draw(st.integers(0, len(rows) - 1))
        key = draw(st.sampled_from(export.keys))
        rows[row][key] = value = draw(cell_values)
        changes.append(f"row {row + HEADER_ROWS + 1} {key} = {shown(value)}")
    dropped = draw(st.sets(st.sampled_from(export.keys), max_size=3))
    if dropped:
        rows = [{key: value for key, value in row.items() if key not in dropped} for row in rows]
        changes.append(f"dropped {sorted(dropped)}")
    for _ in range(draw(st.integers(0, 3))):
        source, target = draw(st.integers(0, len(rows) - 1)), draw(st.integers(0, len(rows)))
        rows.insert(target, dict(rows[source]))
        changes.append(f"row {source + HEADER_ROWS + 1} copied to {target + HEADER_ROWS + 1}")
    if draw(st.booleans()):
        order = draw(st.permutations(range(len(rows))))
        rows = [rows[index] for index in order]
        changes.append(f"shuffled {list(order)}")
    keys = [key for key in export.keys if key not in dropped]
    return Export(keys, export.labels, rows, tuple(changes))


def convert(path: Path, currency: str) -> tuple[Any, dict[str, Any] | None]:
    result = CliRunner().invoke(cli, ["convert", str(path), "--json", "--currency", currency])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1, 2), result.stderr
    if result.exit_code == 2:
        assert result.stderr.startswith("Error: ")
        assert result.stderr.count("\n") == 1, result.stderr
        return result, None
    return result, json.loads(result.stdout)


def assert_accounted(report: dict[str, Any], rows_in_file: int) -> None:
    products = ("products_converted", "products_rejected", "products_skipped_by_review")
    skus = ("skus_converted", "skus_rejected", "skus_skipped_by_review")
    assert report["products_read"] == sum(report[key] for key in products)
    assert report["skus_read"] == sum(report[key] for key in skus)
    for issue in report["issues"]:
        if issue["severity"] == "error" and issue["source_row"] is not None:
            assert 1 <= issue["source_row"] <= rows_in_file, issue


@FUZZ
@given(export=mutated(WORKBOOK))
def test_mutated_workbooks_convert_or_are_refused_cleanly(export: Export) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write_tiktok_xlsx(
            Path(folder) / "export.xlsx", export.rows, columns=export.keys, labels=export.labels
        )
        _, report = convert(path, "IDR")
        if report is not None:
            assert_accounted(report, HEADER_ROWS + len(export.rows))


@FUZZ
@given(export=mutated(CSV_EXPORT))
def test_mutated_csv_files_convert_or_are_refused_cleanly(export: Export) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write_tiktok_csv(
            Path(folder) / "export.csv",
            export.rows,
            delimiter=";",
            columns=export.keys,
            labels=export.labels,
        )
        _, report = convert(path, "MYR")
        if report is not None:
            assert_accounted(report, HEADER_ROWS + len(export.rows))
