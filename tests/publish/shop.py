"""A small shop for the publish tests: a TikTok export whose images a local server serves, a
profile whose category map gives Alibaba.com ids to two of its three categories, and the way to
run `catalog-migrate publish` on it against the fake platform."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from catalog_migrate.cli import cli
from catalog_migrate.profile import copy_shipped
from tests.images import pictures
from tests.images.image_server import ImageServer
from tests.publish.fake_platform import ACCESS_TOKEN, APP_KEY, APP_SECRET, FakePlatform
from tests.tiktok_builder import write_tiktok_xlsx

KAOS = "Pakaian Wanita/Atasan/Kaos"
HIJAB = "Fashion Muslim/Hijab"
ROK = "Pakaian Wanita/Bawahan/Rok"
CATEGORY_MAP = (
    "source_category,target_category,target_category_id\n"
    f"{KAOS},Apparel > Women's Clothing > Women's T-Shirts,100001\n"
    f"{HIJAB},Apparel > Ethnic Clothing > Islamic Clothing > Hijabs,100002\n"
    f"{ROK},Apparel > Women's Clothing > Skirts\n"
)
CLI = (
    "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "from catalog_migrate.cli import main; main()"
)


@dataclass
class Shop:
    folder: Path
    export: Path
    profile: Path
    platform: FakePlatform

    @property
    def state_file(self) -> Path:
        return self.folder / "shop.alibaba.publish.json"

    @property
    def report_file(self) -> Path:
        return self.folder / "shop.alibaba.publish.report.xlsx"

    @property
    def xml_folder(self) -> Path:
        return self.folder / "shop.alibaba.publish.xml"

    def env(self, **extra: str) -> dict[str, str]:
        return {
            "XDG_CACHE_HOME": str(self.folder / "cache"),
            "XDG_CONFIG_HOME": str(self.folder / "config"),
            "ALIBABA_API_URL": self.platform.url,
            "ALIBABA_APP_KEY": APP_KEY,
            "ALIBABA_APP_SECRET": APP_SECRET,
            "ALIBABA_ACCESS_TOKEN": ACCESS_TOKEN,
            **extra,
        }

    def args(self, *extra: str) -> list[str]:
        return [
            "publish",
            str(self.export),
            "--profile",
            str(self.profile),
            "--origin",
            "ID",
            "--timeout",
            "0.5",
            *extra,
        ]

    def publish(self, *extra: str, env: dict[str, str] | None = None) -> Run:
        result = CliRunner().invoke(cli, self.args(*extra), env=env or self.env())
        return Run(result.exit_code, result.stdout, result.stderr, result.exception)

    def start(self, *extra: str) -> subprocess.Popen[str]:
        """The same run in a child process (to interrupt or kill it)."""
        env = {**os.environ, **self.env(), "PYTHONPATH": str(Path.cwd())}
        return subprocess.Popen(
            [sys.executable, "-c", CLI, *self.args(*extra)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def state(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.state_file.read_text(encoding="utf-8"))
        return data["listings"]


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    exception: BaseException | None = None

    @property
    def json(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.stdout)
        return data

    def codes(self) -> list[str]:
        return [issue["code"] for issue in self.json["issues"]]

    def issues(self, code: str) -> list[dict[str, Any]]:
        return [issue for issue in self.json["issues"] if issue["code"] == code]


def _row(
    product_id: str,
    sku: str,
    name: str,
    category: str,
    images: list[str],
    price: str = "Rp 89.000",
    colour: str = "Hitam",
) -> dict[str, object]:
    row: dict[str, object] = {
        "product_id": product_id,
        "sku_id": product_id + sku,
        "product_name": name,
        "category": category,
        "brand": "No brand",
        "product_description": "<p>Bahan katun, nyaman dipakai</p>",
        "parcel_weight": 200,
        "parcel_length": 30,
        "parcel_width": 20,
        "parcel_height": 5,
        "price": price,
        "quantity": 500,
        "seller_sku": f"SKU-{product_id[-2:]}-{sku}",
        "property_name_1": "Warna",
        "property_value_1": colour,
        "main_image": images[0] if images else "",
    }
    for number, url in enumerate(images[1:], 2):
        row[f"image_{number}"] = url
    return row


# Product ids: A and B are T-shirts, C a hijab (with one SKU whose price cannot be read), D a
# skirt, whose category has no Alibaba.com id.
A, B, C, D = (
    "1729000000000000011",
    "1729000000000000022",
    "1729000000000000033",
    "1729000000000000044",
)


def make_shop(folder: Path, images: ImageServer, platform: FakePlatform) -> Shop:
    same = pictures.jpeg(800, 800, (1, 2, 3))
    red = images.add("/red.jpg", pictures.jpeg(800, 800, (250, 0, 0)))
    green = images.add("/green.jpg", pictures.jpeg(900, 700, (0, 250, 0)))
    same_a = images.add("/same-a.jpg", same)
    same_b = images.add("/same-b.jpg", same)  # the same picture at another address
    blue = images.add("/blue.jpg", pictures.jpeg(700, 900, (0, 0, 250)))
    yellow = images.add("/yellow.jpg", pictures.jpeg(800, 800, (250, 250, 0)))
    rows = [
        _row(A, "1", "Kaos Polos Merah Katun", KAOS, [red, green, same_a]),
        _row(A, "2", "Kaos Polos Merah Katun", KAOS, [red, green, same_a], colour="Putih"),
        _row(B, "1", "Kaos Polos Biru Katun", KAOS, [red, blue]),
        _row(C, "1", "Hijab Segi Empat Voal", HIJAB, [same_b, yellow]),
        _row(C, "2", "Hijab Segi Empat Voal", HIJAB, [same_b, yellow], "harga?", "Putih"),
        _row(D, "1", "Rok Plisket Panjang", ROK, [yellow]),
    ]
    export = write_tiktok_xlsx(folder / "shop.xlsx", rows)
    profile = folder / "shop.toml"
    copy_shipped("default", profile)
    text = profile.read_text(encoding="utf-8")
    text = text.replace('timeout_s = "20"', 'timeout_s = "2"')
    text = text.replace('backoff_s = "0.5"', 'backoff_s = "0.01"')
    profile.write_text(text, encoding="utf-8")
    (folder / "shop.categories.csv").write_text(CATEGORY_MAP, encoding="utf-8")
    return Shop(folder, export, profile, platform)


def rename_product(shop: Shop, old: str, new: str) -> None:
    """Edit the export as a seller would: one product's title changes."""
    import openpyxl

    workbook = openpyxl.load_workbook(shop.export)
    sheet = workbook["Template"]
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == old:
                cell.value = new
    workbook.save(shop.export)
