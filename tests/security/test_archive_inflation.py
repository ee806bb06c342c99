"""The archive check inflates every part in counted chunks: headers that lie are caught too."""

from __future__ import annotations

import random
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from catalog_migrate.errors import InputError
from catalog_migrate.profile import ReadLimits
from catalog_migrate.spreadsheet.archive import WorkbookKind, check_workbook
from tests.security.hostile_files import (
    MIB,
    SHEET,
    Part,
    parts_of,
    repeated,
    sheet_bomb,
    write_zip,
)

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "tiktok_id_fashion.xlsx"
LIMITS = ReadLimits()


def refusal(path: Path, limits: ReadLimits = LIMITS) -> str:
    with pytest.raises(InputError) as caught:
        check_workbook(path, limits)
    return str(caught.value)


def with_sheet(path: Path, sheet: Part) -> Path:
    return write_zip(path, [sheet if part.name == SHEET else part for part in parts_of(SAMPLE)])


def padded_sheet(unit: bytes, copies: int) -> Part:
    with zipfile.ZipFile(SAMPLE) as archive:
        prefix, suffix = archive.read(SHEET).split(b"</sheetData>", 1)
    return repeated(SHEET, prefix, unit, copies, b"</sheetData>" + suffix)


def test_a_part_larger_than_its_header_says_is_refused_at_once(tmp_path: Path) -> None:
    path = sheet_bomb(SAMPLE, tmp_path / "liar.xlsx", 1024, lie=True)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        message = refusal(path)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert message == (
        "liar.xlsx is refused as a possible zip bomb: xl/worksheets/sheet2.xml expands to more "
        "than the 140,203 bytes its zip header declares; open the file in Excel and save it again"
    )
    assert elapsed < 0.5
    assert peak < 2 * MIB


def test_a_made_up_compressed_size_does_not_hide_the_ratio(tmp_path: Path) -> None:
    bomb = padded_sheet(b"\0" * MIB, 64)
    # Declared 2:1, so the headers alone pass; the bytes the part occupies say otherwise.
    path = with_sheet(tmp_path / "ratio.xlsx", bomb.lying(compress_size=bomb.size // 2))
    assert refusal(path) == (
        "ratio.xlsx is refused as a possible zip bomb: xl/worksheets/sheet2.xml expands more than "
        "100:1, the limit, though its zip header says less; if the file is genuine, raise "
        "limits.max_compression_ratio in the profile"
    )


def test_a_ratio_within_the_limit_passes_both_checks(tmp_path: Path) -> None:
    path = with_sheet(tmp_path / "dense.xlsx", padded_sheet(b"\0" * MIB, 4))
    with zipfile.ZipFile(path) as archive:
        sheet = archive.getinfo(SHEET)
    ratio = sheet.file_size // sheet.compress_size
    assert check_workbook(path, ReadLimits(max_compression_ratio=ratio)) is WorkbookKind.XLSX
    assert "expands" in refusal(path, ReadLimits(max_compression_ratio=ratio - 1))


def test_a_large_genuine_part_is_inflated_without_being_held(tmp_path: Path) -> None:
    noise = random.Random(3)
    cells = b"".join(
        b'<row r="50"><c r="A50"><v>%d</v></c></row>' % noise.randrange(10**12)
        for _ in range(25_000)
    )
    path = with_sheet(tmp_path / "big.xlsx", padded_sheet(cells, 32))
    tracemalloc.start()
    try:
        assert check_workbook(path, LIMITS) is WorkbookKind.XLSX
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2 * MIB  # the sheet inflates to about 30 MiB


def test_a_part_whose_bytes_fail_the_crc_is_damaged(tmp_path: Path) -> None:
    parts = parts_of(SAMPLE)
    path = write_zip(
        tmp_path / "flipped.xlsx",
        [Part(p.name, p.data, p.crc ^ 1, p.size) if p.name == SHEET else p for p in parts],
    )
    assert refusal(path) == (
        "flipped.xlsx is damaged: it is not a complete zip archive (an interrupted download?); "
        "download the export again"
    )


@pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_a_compression_method_no_reader_supports_is_refused(method: int, tmp_path: Path) -> None:
    path = tmp_path / "packed.xlsx"
    with zipfile.ZipFile(SAMPLE) as old, zipfile.ZipFile(path, "w", method) as new:
        for info in old.infolist():
            new.writestr(info.filename, old.read(info))
    assert refusal(path) == (
        "packed.xlsx uses a zip compression method that cannot be read: open it in Excel and "
        "save it as .xlsx"
    )


def test_an_uncompressed_workbook_passes(tmp_path: Path) -> None:
    path = tmp_path / "stored.xlsx"
    with zipfile.ZipFile(SAMPLE) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as new:
        for info in old.infolist():
            new.writestr(info.filename, old.read(info))
    assert check_workbook(path, LIMITS) is WorkbookKind.XLSX
