"""`convert --to alibaba,faire --images fetch`: each address is downloaded once for both
targets and judged by each target's rules; Alibaba.com gets its folder of normalised files, Faire
(whose cells keep the source address) only the issues its own rules raise, tagged with its name."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import Result

from catalog_migrate.report import ImagesSummary, TargetImages
from tests.images import pictures
from tests.images.image_server import ImageServer
from tests.images.test_convert_images import (
    FILE_NAME,
    IMAGE_COLUMNS,
    _convert,
    _manifest,
    _products,
    _profile,
    _row,
    server,
)
from tests.tiktok_builder import write_tiktok_xlsx

__all__ = ["server"]  # the fixture, shared with the single-target tests

RED = "1729000000000000011"
GREEN = "1729000000000000022"


def _catalog(tmp_path: Path, server: ImageServer) -> tuple[Path, dict[str, str]]:
    urls = {
        "good": server.add("/good.jpg", pictures.jpeg(800, 800, (250, 0, 0))),
        # Below Alibaba.com's 640 px a side; Faire publishes no minimum.
        "tiny": server.add("/tiny.jpg", pictures.jpeg(100, 100)),
        "missing": server.url + "/missing.jpg",
    }
    rows = [
        _row(RED, "Kaos Polos Merah", [urls["good"], urls["tiny"]], urls["good"]),
        _row(GREEN, "Kaos Polos Hijau", [urls["missing"]]),
    ]
    return write_tiktok_xlsx(tmp_path / "shop.xlsx", rows), urls


def _run(tmp_path: Path, source: Path, *args: str, to: str = "alibaba,faire") -> Result:
    out = tmp_path / "out"
    profile = tmp_path / "shop.toml"
    if not profile.exists():
        _profile(tmp_path)
    return _convert(
        source, profile, tmp_path / "cache", "--to", to, "-o", str(out),
        "--images", "fetch", *args,
    )  # fmt: skip


def _cells(path: Path) -> list[str]:
    book = openpyxl.load_workbook(path)
    return [str(value) for sheet in book for row in sheet.iter_rows(values_only=True)
            for value in row if value is not None]  # fmt: skip


def _image_issues(data: dict[str, Any]) -> list[tuple[str, str | None, str | None]]:
    return sorted(
        (issue["code"], issue["product_id"], issue["target"])
        for issue in data["issues"]
        if issue["code"].startswith("image.")
    )


def test_each_image_is_downloaded_once_and_judged_by_each_target(
    tmp_path: Path, server: ImageServer
) -> None:
    source, urls = _catalog(tmp_path, server)
    result = _run(tmp_path, source, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)

    # One request per address for both targets (a 404 is not retried).
    assert dict(server.requests) == {"/good.jpg": 1, "/tiny.jpg": 1, "/missing.jpg": 1}

    # Alibaba.com: its folder, its manifest, file names in its cells; the tiny image left out.
    out = tmp_path / "out"
    folder = out / "shop.alibaba.images"
    manifest = _manifest(folder)
    assert {name: row["issue"] for name, row in manifest.items()} == {
        "good.jpg": "",
        "tiny.jpg": "image.too_small",
        "missing.jpg": "image.unreachable",
    }
    red = _products(out / "shop.alibaba.xlsx")[RED]
    assert [red[column] for column in IMAGE_COLUMNS] == [manifest["good.jpg"]["file"]] + [None] * 5
    assert FILE_NAME.fullmatch(manifest["good.jpg"]["file"])

    # Faire downloads from the URLs: no folder, the cells keep the addresses its rules take.
    assert not (out / "shop.faire.images").exists()
    faire = " ".join(_cells(out / "shop.faire.xlsx"))
    assert urls["good"] in faire and urls["tiny"] in faire
    assert urls["missing"] not in faire and not FILE_NAME.search(faire)

    # Each target says what its own rules found, tagged with its name.
    assert _image_issues(data) == [
        ("image.count_low", RED, "alibaba"),
        ("image.count_low", GREEN, "alibaba"),
        ("image.count_low", GREEN, "faire"),
        ("image.too_small", RED, "alibaba"),
        ("image.unreachable", GREEN, "alibaba"),
        ("image.unreachable", GREEN, "faire"),
    ]

    # The summary counts each address once, and says per target what differs.
    images = ImagesSummary.model_validate(data["images"])
    assert images == ImagesSummary(
        checked=True,
        images=3,
        ok=1,
        with_issues=2,
        downloaded=2,
        from_cache=0,
        bytes_downloaded=images.bytes_downloaded,
        files=2,
        targets=[
            TargetImages(name="alibaba", ok=1, with_issues=2, files=2, folder=str(folder)),
            TargetImages(name="faire", ok=2, with_issues=1),
        ],
    )
    assert images.bytes_downloaded > 0
    assert images.line() == (
        f"3 checked: 2 downloaded ({images.bytes_downloaded:,} bytes), 0 from the cache; "
        f"alibaba: 1 ok, 2 with issues, 2 files; folder {folder}; "
        "faire: 2 ok, 1 with issues, URLs kept"
    )


def test_a_second_run_downloads_nothing_it_has(tmp_path: Path, server: ImageServer) -> None:
    source, _ = _catalog(tmp_path, server)
    assert _run(tmp_path, source).exit_code == 0
    result = _run(tmp_path, source, "--json")
    assert result.exit_code == 0, result.output
    assert server.requests["/good.jpg"] == 1 and server.requests["/tiny.jpg"] == 1
    images = json.loads(result.stdout)["images"]
    assert (images["downloaded"], images["from_cache"]) == (0, 2)


def test_a_dry_run_checks_every_target_and_writes_nothing(
    tmp_path: Path, server: ImageServer
) -> None:
    source, _ = _catalog(tmp_path, server)
    result = _run(tmp_path, source, "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "out").exists()
    data = json.loads(result.stdout)
    assert ("image.too_small", RED, "alibaba") in _image_issues(data)
    assert [each["folder"] for each in data["images"]["targets"]] == [None, None]
    assert server.total_requests == 3


def test_a_file_where_the_alibaba_folder_goes_is_refused(
    tmp_path: Path, server: ImageServer
) -> None:
    source, _ = _catalog(tmp_path, server)
    out = tmp_path / "out"
    out.mkdir()
    (out / "shop.alibaba.images").write_text("notes", encoding="utf-8")
    result = _run(tmp_path, source)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {out / 'shop.alibaba.images'} is in the way: --images fetch writes a folder "
        "there; move or rename it\n"
    )
    assert server.total_requests == 0
    assert sorted(path.name for path in out.iterdir()) == ["shop.alibaba.images"]


def test_a_url_target_needs_no_folder_of_its_own(tmp_path: Path, server: ImageServer) -> None:
    source, _ = _catalog(tmp_path, server)
    out = tmp_path / "out"
    out.mkdir()
    (out / "shop.faire.images").write_text("notes", encoding="utf-8")
    result = _run(tmp_path, source)
    assert result.exit_code == 0, result.output
    assert (out / "shop.faire.images").read_text(encoding="utf-8") == "notes"
    assert (out / "shop.alibaba.images" / "manifest.csv").is_file()


def test_the_order_of_the_targets_changes_nothing_but_the_order(
    tmp_path: Path, server: ImageServer
) -> None:
    source, _ = _catalog(tmp_path, server)
    result = _run(tmp_path, source, "--json", to="faire,alibaba")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert dict(server.requests) == {"/good.jpg": 1, "/tiny.jpg": 1, "/missing.jpg": 1}
    assert [each["name"] for each in data["images"]["targets"]] == ["faire", "alibaba"]
    assert ("image.too_small", RED, "alibaba") in _image_issues(data)
    assert ("image.too_small", RED, "faire") not in _image_issues(data)
    assert sorted(path.name for path in (tmp_path / "out").iterdir() if path.is_dir()) == [
        "shop.alibaba.images"
    ]
