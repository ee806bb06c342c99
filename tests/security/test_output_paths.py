"""`-o` and `--report` never overwrite a file the run reads, and a path that cannot be written
fails with one line naming the real cause and folder (exit code 2), before anything is read."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from catalog_migrate import profile as profiles
from catalog_migrate.cli import cli
from catalog_migrate.spreadsheet import atomic
from tests.tiktok_builder import write_tiktok_xlsx

ROWS: list[dict[str, object]] = [
    {
        "product_id": "1729384756100000001",
        "sku_id": "1729384757100000001",
        "category": "Pakaian Wanita/Atasan/Kaos",
        "product_name": "Kaos Polos Wanita Oversize Katun Combed",
        "product_description": "<p>Bahan: Katun Combed 30s</p>",
        "main_image": "https://example.com/kaos.jpg",
        "price": "Rp 89.000",
        "quantity": 10,
        "seller_sku": "KP-1",
        "parcel_weight": 220,
    }
]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An export, a seller profile with its category map, and a decisions file; cwd is there."""
    write_tiktok_xlsx(tmp_path / "export.xlsx", ROWS)
    profiles.copy_shipped("default", tmp_path / "shop.toml")
    (tmp_path / "export.decisions.json").write_text("{}", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def convert(*args: str) -> Result:
    return CliRunner().invoke(
        cli,
        ["convert", "export.xlsx", "--currency", "IDR", "--profile", "shop.toml", *args],
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def link(folder: Path, kind: str, target: str) -> str:
    name = f"{kind}-link.xlsx"
    if kind == "symlink":
        (folder / name).symlink_to(folder / target)
    else:
        os.link(folder / target, folder / name)
    return name


@pytest.mark.parametrize("option", ["-o", "--report"])
@pytest.mark.parametrize(
    ("spelling", "role", "read"),
    [
        ("shop.toml", "the profile", "shop.toml"),
        ("./shop.categories.csv", "the category map", "shop.categories.csv"),
        ("sub/../export.decisions.json", "the decisions file", "export.decisions.json"),
        (None, "the category map", "shop.categories.csv"),  # a symlink to it
        ("hard", "the profile", "shop.toml"),  # a hard link to it
        (None, "the input", "export.xlsx"),
    ],
    ids=["profile", "map-dot", "decisions-dotdot", "map-symlink", "profile-hardlink", "input"],
)
def test_no_output_overwrites_a_file_the_run_reads(
    folder: Path, option: str, spelling: str | None, role: str, read: str
) -> None:
    (folder / "sub").mkdir()
    decisions = ["--decisions", "export.decisions.json"] if "decisions" in read else []
    if spelling is None:
        spelling = link(folder, "symlink", read)
    elif spelling == "hard":
        spelling = link(folder, "hard", read)
    before = snapshot(folder)
    result = convert(option, spelling, *decisions)
    assert result.exit_code == 2
    source = read if role != "the input" else "export.xlsx"
    assert result.stderr == (
        f"Error: refusing to write {Path(spelling)}: it is {role} {source}; "
        f"choose another path for {option}\n"
    )
    assert snapshot(folder) == before


@pytest.mark.parametrize("report", ["out.xlsx", "./out.xlsx", "sub/../out.xlsx", "link"])
def test_the_report_cannot_be_the_output(folder: Path, report: str) -> None:
    (folder / "sub").mkdir()
    if report == "link":
        report = "report-link.xlsx"
        (folder / report).symlink_to(folder / "out.xlsx")  # dangling: the output is new
    before = snapshot(folder)
    result = convert("-o", "out.xlsx", "--report", report)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: refusing to write {Path(report)}: it is the output out.xlsx; "
        "choose another path for --report\n"
    )
    assert snapshot(folder) == before


# --- paths that cannot be written -----------------------------------------------------------


def test_a_folder_as_the_output(folder: Path) -> None:
    (folder / "out").mkdir()
    result = convert("-o", "out")
    assert result.exit_code == 2
    assert result.stderr == "Error: cannot write out: it is a folder; give -o a file name\n"


def test_a_folder_as_the_report(folder: Path) -> None:
    (folder / "report.xlsx").mkdir()
    result = convert("--report", "report.xlsx")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: cannot write report.xlsx: it is a folder; give --report a file name\n"
    )


def test_a_file_name_too_long_for_the_file_system(folder: Path) -> None:
    name = "a" * 295 + ".xlsx"
    result = convert("-o", name)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: cannot write {name}: the file name is 300 bytes long; the file system allows 255\n"
    )


def test_a_long_name_that_fits_is_written(folder: Path) -> None:
    """Its temporary file would not fit beside it, so it is named by a hash instead."""
    name = "a" * 235 + ".xlsx"  # its report's name, 12 bytes longer, fits too
    result = convert("-o", name)
    assert result.exit_code == 0, result.stderr
    assert (folder / name).is_file()
    assert not [path for path in folder.iterdir() if path.name.startswith(".")]


def test_a_path_under_a_file(folder: Path) -> None:
    before = snapshot(folder)
    result = convert("-o", "export.xlsx/out.xlsx")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: cannot write export.xlsx/out.xlsx: export.xlsx is a file, not a folder\n"
    )
    assert snapshot(folder) == before


def test_a_missing_folder(folder: Path) -> None:
    result = convert("--report", "nowhere/report.xlsx")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: cannot write nowhere/report.xlsx: the folder nowhere does not exist\n"
    )


# Tests run as root, whom file modes do not stop, and a full disk cannot be made here: these
# errors are injected where the operating system would report them.


def test_a_read_only_folder(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    convert()  # an earlier pair
    before = snapshot(folder)
    real = tempfile.mkstemp

    def read_only(*args: object, **kwargs: object) -> tuple[int, str]:
        if Path(str(kwargs.get("dir"))).resolve() == folder.resolve():
            raise OSError(errno.EROFS, "Read-only file system", str(folder / ".x.tmp.xlsx"))
        return real(*args, **kwargs)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    result = convert()
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: cannot write export.alibaba.xlsx: the folder "
        f"{folder} is on a read-only file system\n"
    )
    assert snapshot(folder) == before


def test_a_full_disk(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    convert()
    before = snapshot(folder)

    def full(path: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "_fsync_file", full)
    result = convert()
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: cannot write export.alibaba.xlsx: the disk holding {folder} is full\n"
    )
    assert snapshot(folder) == before
    assert not [path for path in folder.iterdir() if path.name.startswith(".")]


def test_a_full_disk_while_the_report_is_written(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from catalog_migrate.spreadsheet import fast_xlsx

    convert()
    before = snapshot(folder)

    def full(self: object, name: str, text: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fast_xlsx.StreamingWorkbook, "_write", full)
    result = convert()
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: cannot write export.alibaba.xlsx or export.alibaba.report.xlsx: "
        f"the disk holding {folder} is full\n"
    )
    assert snapshot(folder) == before


@pytest.mark.parametrize(
    ("spelling", "role", "read"),
    [
        ("./export.xlsx", "the input", "export.xlsx"),
        ("shop.toml", "the profile", "shop.toml"),
        ("symlink", "the category map", "shop.categories.csv"),
    ],
)
def test_review_never_saves_its_decisions_over_a_file_it_reads(
    folder: Path, spelling: str, role: str, read: str
) -> None:
    if spelling == "symlink":
        spelling = link(folder, "symlink", read)
    before = snapshot(folder)
    result = CliRunner().invoke(
        cli,
        [
            "review",
            "export.xlsx",
            "--currency",
            "IDR",
            "--profile",
            "shop.toml",
            "--decisions",
            spelling,
        ],
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: refusing to write {Path(spelling)}: it is {role} {read}; "
        "choose another path for --decisions\n"
    )
    assert snapshot(folder) == before
