"""`convert --images fetch`: a run over listings pointing at a local server finishes in bounded
time, every good image normalised to Alibaba.com's rules, every bad one reported by code, and a
second run downloads nothing it already has."""

from __future__ import annotations

import csv
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result
from PIL import Image

from catalog_migrate.cli import cli
from catalog_migrate.profile import copy_shipped
from tests.images import pictures
from tests.images.image_server import ImageServer, image_server
from tests.tiktok_builder import write_tiktok_xlsx

FILE_NAME = re.compile(r"img[0-9a-f]{32}\.jpg")
IMAGE_COLUMNS = [f"Main Image {n}" for n in range(1, 7)]


@pytest.fixture
def server() -> Iterator[ImageServer]:
    with image_server() as running:
        yield running


def _profile(tmp_path: Path) -> Path:
    path = tmp_path / "shop.toml"
    copy_shipped("default", path)
    text = path.read_text(encoding="utf-8")
    text = text.replace('timeout_s = "20"', 'timeout_s = "0.5"')
    text = text.replace('backoff_s = "0.5"', 'backoff_s = "0.01"')
    assert 'timeout_s = "0.5"' in text and 'backoff_s = "0.01"' in text
    path.write_text(text, encoding="utf-8")
    return path


def _row(product_id: str, name: str, images: list[str], sku_image: str = "") -> dict[str, object]:
    row: dict[str, object] = {
        "product_id": product_id,
        "sku_id": product_id + "1",
        "product_name": name,
        "category": "Pakaian Wanita/Atasan/Kaos",
        "brand": "No brand",
        "product_description": "<p>Kaos polos</p>",
        "parcel_weight": 200,
        "parcel_length": 30,
        "parcel_width": 20,
        "parcel_height": 5,
        "price": "Rp 89.000",
        "quantity": 500,
        "seller_sku": "SKU-" + product_id[-2:],
        "property_name_1": "Warna",
        "property_value_1": "Hitam",
        "property_1_image": sku_image,
        "main_image": images[0] if images else "",
    }
    for number, url in enumerate(images[1:], 2):
        row[f"image_{number}"] = url
    return row


def _catalog(tmp_path: Path, server: ImageServer) -> Path:
    same = pictures.jpeg(800, 800, (1, 2, 3))
    good = [
        server.add("/good-1.jpg", pictures.jpeg(800, 800, (250, 0, 0))),
        server.add("/good-2.jpg", pictures.jpeg(900, 700, (0, 250, 0))),
        server.add("/same-a.jpg", same),
        server.add("/same-b.jpg", same),  # the same bytes at another address
        server.add("/good-3.jpg", pictures.jpeg(700, 900, (0, 0, 250))),
        # A photo of 13 MB; as a JPEG at the usual quality still above Alibaba.com's 5 MB.
        server.add("/large.jpg", pictures.noisy_jpeg(2800, 2800)),
    ]
    sku_image = server.add("/sku.jpg", pictures.jpeg(700, 700, (9, 9, 9)))
    shapes = [
        server.add("/banner.jpg", pictures.jpeg(2000, 500)),
        server.add("/alpha.png", pictures.png_with_alpha(800, 800), content_type="image/png"),
        server.add("/photo.webp", pictures.webp(800, 800), content_type="image/webp"),
        server.add("/cmyk.jpg", pictures.cmyk_jpeg(800, 800)),
        server.add("/progressive.jpg", pictures.jpeg(800, 800, (5, 5, 5), progressive=True)),
        server.add("/flaky.jpg", pictures.jpeg(640, 640, (7, 7, 7)), fail_first=1),
    ]
    bad = [
        server.add("/tiny.jpg", pictures.jpeg(100, 100)),
        server.add("/bomb.png", pictures.bomb_png(), content_type="image/png"),
        server.add(
            "/page.png", b"<html><body>Access Denied</body></html>", content_type="image/png"
        ),
        server.url + "/missing.jpg",
        server.add("/slow.jpg", pictures.jpeg(800, 800), delay_s=1.5),
    ]
    rows = [
        _row("1729000000000000011", "Kaos Polos Merah", good, sku_image),
        _row("1729000000000000022", "Kaos Polos Hijau", shapes),
        _row("1729000000000000033", "Kaos Polos Biru", bad),
    ]
    return write_tiktok_xlsx(tmp_path / "shop.xlsx", rows)


def _convert(source: Path, profile: Path, cache: Path, *args: str) -> Result:
    return CliRunner().invoke(
        cli,
        ["convert", str(source), "--profile", str(profile), "--origin", "ID", *args],
        env={"XDG_CACHE_HOME": str(cache)},
    )


def _products(output: Path) -> dict[str, dict[str, object]]:
    sheet = openpyxl.load_workbook(output)["Products"]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    return {str(row[0]): dict(zip(header, row, strict=True)) for row in rows[1:]}


def _manifest(folder: Path) -> dict[str, dict[str, str]]:
    with (folder / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        return {row["source_url"].rsplit("/", 1)[1]: row for row in csv.DictReader(handle)}


def test_fetch_normalises_good_images_reports_bad_ones_and_caches(
    tmp_path: Path, server: ImageServer
) -> None:
    source = _catalog(tmp_path, server)
    profile = _profile(tmp_path)
    cache = tmp_path / "cache"

    started = time.monotonic()
    result = _convert(source, profile, cache, "--images", "fetch", "--json")
    assert time.monotonic() - started < 15
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    output = source.with_name("shop.alibaba.xlsx")
    folder = source.with_name("shop.alibaba.images")

    # The manifest: one row per address, `ok` for every image a listing can use.
    manifest = _manifest(folder)
    assert list(next(iter(manifest.values()))) == [
        "source_url", "file", "sha256", "width", "height", "bytes", "status", "issue", "note",
    ]  # fmt: skip
    statuses = {name: (row["status"], row["issue"]) for name, row in manifest.items()}
    assert statuses == {
        **{name: ("ok", "") for name in ("good-1.jpg", "good-2.jpg", "same-a.jpg", "same-b.jpg")},
        **{name: ("ok", "") for name in ("good-3.jpg", "large.jpg", "sku.jpg", "banner.jpg")},
        "alpha.png": ("ok", ""),
        **{name: ("ok", "") for name in ("photo.webp", "cmyk.jpg", "progressive.jpg")},
        "flaky.jpg": ("ok", ""),
        "tiny.jpg": ("too_small", "image.too_small"),
        "bomb.png": ("too_large", "image.too_large"),
        "page.png": ("not_image", "image.not_image"),
        "missing.jpg": ("unreachable", "image.unreachable"),
        "slow.jpg": ("unreachable", "image.unreachable"),
    }
    banner = manifest["banner.jpg"]
    assert (banner["width"], banner["height"]) == ("2000", "1500")
    assert banner["note"] == "padded from 2000x500 to 2000x1500"
    assert manifest["same-a.jpg"]["file"] == manifest["same-b.jpg"]["file"]

    # Every file is a JPEG inside the rules, named with letters and digits only.
    files = sorted(path.name for path in folder.iterdir() if path.name != "manifest.csv")
    ok_files = {row["file"] for row in manifest.values() if row["status"] == "ok"}
    assert ok_files <= set(files)
    assert len(ok_files) == 12  # 13 good addresses, two of them the same picture
    for name in ok_files:
        assert FILE_NAME.fullmatch(name)
        with Image.open(folder / name) as picture:
            width, height = picture.size
            assert picture.format == "JPEG" and min(width, height) >= 640
            assert 3 / 4 <= width / height <= 4 / 3
        assert (folder / name).stat().st_size <= 5 * 1024 * 1024

    # The workbook names the files to upload (alibaba-open-platform.md §4.1: photobank).
    products = _products(output)
    first = [products["1729000000000000011"][column] for column in IMAGE_COLUMNS]
    assert first == [
        manifest["good-1.jpg"]["file"],
        manifest["good-2.jpg"]["file"],
        manifest["same-a.jpg"]["file"],
        manifest["good-3.jpg"]["file"],
        manifest["large.jpg"]["file"],
        None,
    ]
    large = manifest["large.jpg"]
    assert large["note"].startswith("re-encoded to ")
    assert (large["width"], large["height"]) == ("2800", "2800")
    assert int(large["bytes"]) <= 5 * 1024 * 1024
    assert all(products["1729000000000000022"][column] for column in IMAGE_COLUMNS)
    assert [products["1729000000000000033"][column] for column in IMAGE_COLUMNS] == [None] * 6
    skus = list(openpyxl.load_workbook(output)["SKUs"].iter_rows(values_only=True))
    assert skus[1][-1] == manifest["sku.jpg"]["file"]

    # Every bad image is an issue naming its product and address; they keep listings back.
    image_issues = sorted(
        (issue["product_id"], issue["code"], issue["message"])
        for issue in data["issues"]
        if issue["code"].startswith("image.")
    )
    base = server.url
    assert image_issues == [
        ("1729000000000000033", "image.count_low", "0 usable main images; the channel wants 4-6"),
        ("1729000000000000033", "image.not_image",
         f"image {base}/page.png is a web page, not an image; left out of the listing"),
        ("1729000000000000033", "image.too_large",
         f"image {base}/bomb.png claims so many pixels, more than [images] max_pixels 50,000,000;"
         " refused unread (a decompression bomb?); left out of the listing"),
        ("1729000000000000033", "image.too_small",
         f"image {base}/tiny.jpg is 100x100; the channel wants at least 640 a side; left out of "
         "the listing"),
        ("1729000000000000033", "image.unreachable",
         f"image {base}/missing.jpg answered HTTP 404; left out of the listing"),
        ("1729000000000000033", "image.unreachable",
         f"image {base}/slow.jpg did not answer within 0.5 s ([images] timeout_s); left out of "
         "the listing"),
    ]  # fmt: skip
    not_ready = {reason["code"]: reason["listings"] for reason in data["not_ready"]}
    assert not_ready["image.unreachable"] == 1 and not_ready["image.count_low"] == 1
    assert data["images"] == {
        "checked": True,
        "folder": str(folder),
        "images": 18,
        "ok": 13,
        "with_issues": 5,
        "downloaded": 16,
        "from_cache": 0,
        "bytes_downloaded": data["images"]["bytes_downloaded"],
        "files": 13,
    }
    assert server.requests["/flaky.jpg"] == 2  # the 500 was retried

    # A second run asks the server only for what it could not get the first time.
    server.requests.clear()
    again = _convert(source, profile, cache, "--images", "fetch", "--json")
    assert again.exit_code == 0, again.output
    assert dict(server.requests) == {"/missing.jpg": 1, "/slow.jpg": 1}
    assert json.loads(again.stdout)["images"]["from_cache"] == 16
    assert _manifest(folder) == manifest
    assert _products(output) == products
    blobs = [path for path in (cache / "catalog-migrate" / "images" / "blobs").rglob("*")]
    assert len([path for path in blobs if path.is_file()]) == 15  # 16 bodies, two the same


def test_without_the_option_nothing_is_downloaded_and_the_report_says_so(
    tmp_path: Path, server: ImageServer
) -> None:
    source = _catalog(tmp_path, server)
    result = _convert(source, _profile(tmp_path), tmp_path / "cache")
    assert result.exit_code == 0, result.output
    assert server.total_requests == 0
    assert not source.with_name("shop.alibaba.images").exists()
    assert (
        "images: not checked: the image cells hold the source URLs (--images fetch checks them)"
        in result.stderr
    )
    products = _products(source.with_name("shop.alibaba.xlsx"))
    assert products["1729000000000000011"]["Main Image 1"] == server.url + "/good-1.jpg"


def test_progress_and_the_summary_show_on_stderr(tmp_path: Path, server: ImageServer) -> None:
    url = server.add("/one.jpg", pictures.jpeg(800, 800))
    source = write_tiktok_xlsx(tmp_path / "shop.xlsx", [_row("1729000000000000011", "Kaos", [url])])
    result = _convert(source, _profile(tmp_path), tmp_path / "cache", "--images", "fetch")
    assert result.exit_code == 0, result.output
    assert "images: 1 of 1 checked, 1 downloaded (" in result.stderr
    folder = source.with_name("shop.alibaba.images")
    assert "images: 1 checked: 1 ok, 0 with issues; 1 downloaded (" in result.stderr
    assert f"from the cache; 1 files; folder {folder}" in result.stderr


def test_a_dry_run_checks_images_but_writes_no_folder(tmp_path: Path, server: ImageServer) -> None:
    url = server.add("/one.jpg", pictures.jpeg(100, 100))
    source = write_tiktok_xlsx(tmp_path / "shop.xlsx", [_row("1729000000000000011", "Kaos", [url])])
    result = _convert(
        source, _profile(tmp_path), tmp_path / "cache", "--images", "fetch", "--dry-run", "--json"
    )
    assert result.exit_code == 0, result.output
    codes = {issue["code"] for issue in json.loads(result.stdout)["issues"]}
    assert {"image.too_small", "image.count_low"} <= codes
    written = sorted(path.name for path in tmp_path.iterdir())
    assert written == ["cache", "shop.categories.csv", "shop.toml", "shop.xlsx"]


def test_a_file_in_the_way_of_the_images_folder_stops_the_run(tmp_path: Path) -> None:
    source = write_tiktok_xlsx(tmp_path / "shop.xlsx", [_row("1729000000000000011", "Kaos", [])])
    (tmp_path / "shop.alibaba.images").write_text("mine", encoding="utf-8")
    result = _convert(source, _profile(tmp_path), tmp_path / "cache", "--images", "fetch")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"Error: {tmp_path / 'shop.alibaba.images'} is in the way: --images fetch writes a folder "
        "there; move or rename it"
    )
    assert (tmp_path / "shop.alibaba.images").read_text(encoding="utf-8") == "mine"


def test_an_input_inside_the_images_folder_is_never_replaced(tmp_path: Path) -> None:
    folder = tmp_path / "out.images"
    folder.mkdir()
    source = write_tiktok_xlsx(folder / "shop.xlsx", [_row("1729000000000000011", "Kaos", [])])
    output = tmp_path / "out.xlsx"
    result = _convert(
        source, _profile(tmp_path), tmp_path / "cache", "--images", "fetch", "-o", str(output)
    )
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"Error: the input {source} is inside {folder}, which --images fetch replaces; move it "
        "or choose another -o"
    )
    assert source.is_file() and not output.exists()


def test_the_report_summary_says_what_the_images_stage_found(
    tmp_path: Path, server: ImageServer
) -> None:
    url = server.add("/one.jpg", pictures.jpeg(800, 800))
    source = write_tiktok_xlsx(tmp_path / "shop.xlsx", [_row("1729000000000000011", "Kaos", [url])])
    result = _convert(source, _profile(tmp_path), tmp_path / "cache", "--images", "fetch")
    assert result.exit_code == 0, result.output
    report = openpyxl.load_workbook(source.with_name("shop.alibaba.report.xlsx"))
    items = dict(report["Summary"].iter_rows(min_row=2, values_only=True))
    assert str(items["images"]).startswith("1 checked: 1 ok, 0 with issues; 1 downloaded (")
    codes = {row[4] for row in report["Issues"].iter_rows(min_row=2, values_only=True)}
    assert "image.count_low" in codes
