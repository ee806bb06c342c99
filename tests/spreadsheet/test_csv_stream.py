import csv
from decimal import Decimal
from pathlib import Path

from catalog_migrate.spreadsheet.csv_stream import csv_stream


def test_rows_are_streamed_with_the_formula_rule_and_numbers_as_they_are(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    with csv_stream(path, encoding="utf-8-sig", delimiter=";") as stream:
        stream.header(["SKU", "Price"])
        stream.append(["+KPS-1", Decimal("-1.50")])
        stream.append(["=HYPERLINK(1)", None])
        stream.append(["Kaos; polos", 3])
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows == [
        ["SKU", "Price"],
        ["'+KPS-1", "-1.50"],
        ["'=HYPERLINK(1)", ""],
        ["Kaos; polos", "3"],
    ]
    assert stream.rows == 3
