"""Peak memory of `catalog-migrate convert` per 100,000 rows, for each input format.

The row limit (`limits.max_rows`) is what keeps a long but otherwise honest file from filling
memory: this measures how much each row costs, so the default limit can be set from it.

For every format the tool reads, the same generated catalog (generate_export.py: Indonesian
fashion products, 4 SKUs each, HTML descriptions repeated on every SKU row) is written at two
sizes; each file is converted in its own process and the peak memory of its process tree is
sampled (memory.py). The cost per row is the difference between the two peaks over the
difference in rows, so start-up and fixed costs cancel out. Usage (from the repository root):

    python benchmarks/memory_per_row.py                  # 2,000 and 20,000 SKU rows
    python benchmarks/memory_per_row.py --rows 40000     # a larger second size
"""

from __future__ import annotations

import argparse
import csv
import html
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import xlsxwriter
from generate_export import KEYS, export_rows, header_rows, write_export
from run import ChildRun, find_cli, run_child

SKUS_PER_PRODUCT = 4
SEED = 1
BUDGET_MIB = 4096  # what the default row limit keeps one conversion within
Row = dict[str, object]


def tiktok_rows(skus: int) -> Iterator[Row]:
    for cells in export_rows(skus // SKUS_PER_PRODUCT, SKUS_PER_PRODUCT, SEED):
        yield dict(zip(KEYS, cells, strict=True))


def write_tiktok_xlsx(path: Path, skus: int) -> None:
    write_export(path, skus // SKUS_PER_PRODUCT, SKUS_PER_PRODUCT, SEED)


def write_tiktok_csv(path: Path, skus: int) -> None:
    # As Excel saves the sheet: UTF-8 with a BOM, the five header rows first.
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerows(header_rows(SEED))
        for row in tiktok_rows(skus):
            writer.writerow([row[key] for key in KEYS])


DIANXIAOMI_IMPORT = {  # header -> TikTok key (source-formats §7)
    "*分类id\n（必填）": "category",
    "*产品标题\n（必填）": "product_name",
    "*产品描述\n（必填）": "product_description",
    "品牌": "brand",
    "SKU": "seller_sku",
    "变种属性名称一": "property_name_1",
    "变种属性值一": "property_value_1",
    "变种属性名称二": "property_name_2",
    "变种属性值二": "property_value_2",
    "*本地展示价(站点币种)\n（必填）": "price",
    "*库存\n（必填）": "warehouse_quantity/7301234567890123457",
    "*产品主图(URL)地址\n（必填）": "main_image",
    "附图一": "image_2",
    "*重量(kg)\n（必填）": "parcel_weight",
    "*长(cm)\n（必填）": "parcel_length",
    "*宽(cm)\n（必填）": "parcel_width",
    "*高(cm)\n（必填）": "parcel_height",
}


def number(value: object) -> object:
    """A price as the ERP writes it: a plain number (`Rp 89.000` -> 89000)."""
    if isinstance(value, str) and value.startswith("Rp"):
        return int(value.removeprefix("Rp").strip().replace(".", ""))
    return value


def dianxiaomi_import_cells(row: Row) -> list[object]:
    cells = []
    for key in DIANXIAOMI_IMPORT.values():
        value = row.get(key, "")
        if key == "category":
            value = 600000 + sum(map(ord, str(value))) % 1000  # the ERP's numeric category id
        elif key == "price":
            value = number(value)
        elif key == "parcel_weight" and isinstance(value, int | float):
            value = value / 1000  # grams -> kg
        cells.append(value)
    return cells


def write_dianxiaomi_import(path: Path, skus: int) -> None:
    options = {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    workbook = xlsxwriter.Workbook(str(path), {**options, "strings_to_urls": False})
    sheet = workbook.add_worksheet("Sheet1")
    sheet.write_row(0, 0, list(DIANXIAOMI_IMPORT))
    for index, row in enumerate(tiktok_rows(skus), start=1):
        for column, value in enumerate(dianxiaomi_import_cells(row)):
            if isinstance(value, str):
                if value:
                    sheet.write_string(index, column, value)
            else:
                sheet.write_number(index, column, float(str(value)))
    workbook.close()


DIANXIAOMI_EXPORT = {  # header -> TikTok key
    "ERP ID": "product_id",
    "类目": "category",
    "商品名称": "product_name",
    "商品描述": "product_description",
    "商品重量(g)": "parcel_weight",
    "规格1（颜色）": "property_value_1",
    "规格2（尺寸）": "property_value_2",
    "全球商品价格": "price",
    "全球商品库存": "warehouse_quantity/7301234567890123457",
    "Seller SKU": "seller_sku",
    "商品主图": "main_image",
    "商品图片2": "image_2",
}


def write_dianxiaomi_export(path: Path, skus: int) -> None:
    # An HTML table saved as .xls, as the ERP writes it (one <tr> per SKU, text escaped once).
    with path.open("w", encoding="utf-8") as handle:
        handle.write(
            '<html><head><meta http-equiv="Content-Type" content="text/html;charset=UTF-8">'
            '</head><body><table border="1"><tr>'
            + "".join(f"<th>{html.escape(name)}</th>" for name in DIANXIAOMI_EXPORT)
            + "</tr>"
        )
        for row in tiktok_rows(skus):
            cells = (
                html.escape(str(number(row.get(key, "")))) for key in DIANXIAOMI_EXPORT.values()
            )
            handle.write("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
        handle.write("</table></body></html>")


FORMATS: dict[str, tuple[str, Callable[[Path, int], None]]] = {
    "TikTok export (.xlsx)": ("tiktok.xlsx", write_tiktok_xlsx),
    "TikTok export (.csv)": ("tiktok.csv", write_tiktok_csv),
    "Dianxiaomi import template (.xlsx)": ("dianxiaomi_import.xlsx", write_dianxiaomi_import),
    "Dianxiaomi export (HTML .xls)": ("dianxiaomi_export.xls", write_dianxiaomi_export),
}


def convert(cli: str, path: Path, folder: Path) -> ChildRun:
    command = [cli, "convert", str(path), "--to", "alibaba", "--currency", "IDR", "--json"]
    command += ["-o", str(folder / "out.xlsx"), "--report", str(folder / "report.xlsx")]
    run = run_child(command)
    if run.returncode not in (0, 1):
        raise SystemExit(f"{path.name}: convert exited {run.returncode}: {run.stderr.strip()}")
    return run


def measure(cli: str, small: int, large: int) -> list[tuple[str, float, float, float]]:
    """(format, peak MiB at `small` rows, at `large` rows, MiB per 100,000 rows)."""
    results = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for label, (name, write) in FORMATS.items():
            peaks = []
            for rows in (small, large):
                path = folder / f"{rows}-{name}"
                write(path, rows)
                peaks.append(convert(cli, path, folder).peak_mib)
                path.unlink()
            per_100k = (peaks[1] - peaks[0]) / (large - small) * 100_000
            results.append((label, peaks[0], peaks[1], per_100k))
            print(f"{label}: {peaks[0]:.0f} / {peaks[1]:.0f} MiB", file=sys.stderr)
    return results


def table(results: Sequence[tuple[str, float, float, float]], small: int, large: int) -> str:
    lines = [
        f"| format | peak at {small:,} rows | peak at {large:,} rows | MiB per 100,000 rows "
        f"| rows within {BUDGET_MIB:,} MiB |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, low, high, per_100k in results:
        within = (BUDGET_MIB - low) / per_100k * 100_000 if per_100k > 0 else float("inf")
        lines.append(
            f"| {label} | {low:,.0f} MiB | {high:,.0f} MiB | {per_100k:,.0f} | {within:,.0f} |"
        )
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=2_000, help="SKU rows of the small file")
    parser.add_argument("--rows", type=int, default=20_000, help="SKU rows of the large file")
    parser.add_argument("--cli", help="the catalog-migrate command (default: beside python)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    results = measure(find_cli(args.cli), args.small, args.rows)
    print(table(results, args.small, args.rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
