"""The row-1 machine keys of TikTok Shop sheets and the row-3 labels that stand for them.

Columns are mapped by key (source-formats §1.2, §5). The labels are the fallback for files that
carry only a label row (a stripped copy, the Chinese seller-center template; source-formats §7),
from the variants listed in source-formats §1.3 and §7: English 2022-25, Indonesian, Chinese and
the Thai export.
"""

from __future__ import annotations

import re
import unicodedata

# source-formats §1.2, §1.5, §7: the keys a TikTok sheet may carry.
KNOWN_KEYS = frozenset(
    {
        "category",
        "brand",
        "product_name",
        "product_description",
        "main_image",
        *(f"image_{number}" for number in range(2, 10)),
        "gtin_type",
        "gtin_code",
        "property_name_1",
        "property_value_1",
        "property_1_image",
        "property_name_2",
        "property_value_2",
        "parcel_weight",
        "parcel_length",
        "parcel_width",
        "parcel_height",
        "delivery",
        "price",
        "pre_order_time",
        "quantity",
        "seller_sku",
        "minimum_order_quantity",
        "size_chart",
        "cod",
        "shipping_insurance",
        "product_id",
        "sku_id",
        "variation_value",
        "product_status",
    }
)
PROPERTY_PREFIX = "product_property/"
WAREHOUSE_PREFIX = "warehouse_quantity/"
KEY_PREFIXES = (PROPERTY_PREFIX, WAREHOUSE_PREFIX, "qualification/")

_LABELS: dict[str, tuple[str, ...]] = {
    "category": ("Category", "Kategori", "类目", "หมวดหมู่"),
    "brand": ("Brand", "Merek", "品牌", "แบรนด์"),
    "product_name": ("Product Name", "Nama produk", "商品名称", "ชื่อสินค้า"),
    "product_description": (
        "Product Description",
        "Deskripsi produk",
        "商品描述",
        "คำอธิบายสินค้า",
    ),
    "main_image": ("Main Product Image", "Main image", "Gambar utama", "主图"),
    "gtin_type": ("Identifier Code Type",),
    "gtin_code": ("Identifier Code",),
    "property_name_1": (
        "Primary variation name",
        "Primary variation name (theme)",
        "Nama varian utama (tema)",
        "主要销售变体名称（主题）",
    ),
    # The 2022-23 US template has no name column: its `Variation 1` holds the values.
    "property_value_1": (
        "Variation 1",
        "Primary variation value",
        "Primary variation value (option)",
        "Nilai varian utama (opsi)",
        "主要销售变体值（选项）",
    ),
    "property_1_image": (
        "Variant Image",
        "Primary variation image 1",
        "Gambar varian utama 1",
        "主要销售变体图片 1",
    ),
    "property_name_2": (
        "Secondary variation name",
        "Secondary variation name (theme)",
        "Nama varian sekunder (tema)",
        "次要销售变体名称（主题）",
    ),
    "property_value_2": (
        "Variation 2",
        "Secondary variation value",
        "Secondary variation value (option)",
        "Nilai varian sekunder (opsi)",
        "次要销售变体值（选项）",
    ),
    # Units are read from the label's `(g)`, `(lb)`, `(cm)`, `(inch)` and removed before lookup.
    "parcel_weight": ("Package Weight", "Berat paket", "包裹重量"),
    "parcel_length": ("Package Length", "Panjang paket", "包裹长度"),
    "parcel_width": ("Package Width", "Lebar paket", "包裹宽度"),
    "parcel_height": ("Package Height", "Tinggi paket", "包裹高度"),
    "delivery": ("Delivery options", "Opsi Pengiriman", "配送选项"),
    "price": (
        "Retail Price (Local Currency)",
        "Price",
        "Harga Ritel (Mata Uang Lokal)",
        "零售价（本地币种）",
        "ราคาขายปลีก (สกุลเงินท้องถิ่น)",
    ),
    "pre_order_time": ("Pre-sale: Waktu proses pesanan",),
    "quantity": ("Quantity", "Kuantitas", "ปริมาณ"),
    "seller_sku": ("Seller SKU", "SKU Penjual", "商家 SKU"),
    "minimum_order_quantity": ("Pembelian minimum per pesanan",),
    "size_chart": ("Size Chart", "Bagan Ukuran", "尺码表"),
    "cod": ("Pilih apakah akan mendukung pembayaran di tempat.", "COD", "货到付款"),
    "shipping_insurance": ("Asuransi pengiriman", "Shipping insurance", "运费险"),
    "product_id": ("Product ID", "รหัสสินค้า"),
    "sku_id": ("SKU ID",),
    "variation_value": ("Variation Option", "ตัวเลือกของตัวแปร"),
    "product_status": ("Product Status", "สถานะสินค้า"),
}

_IMAGE_LABELS = ("Product Image {n}", "Image {n}", "Gambar {n}", "Gambar Produk {n}", "图片 {n}")
_IMAGE_LABELS_CN = ("商品图片 {n}",)

# `Quantity in U.S Pickup Warehouse`, `The Chinese mainland Pickup Warehouse 中的数量`.
_WAREHOUSE_LABELS = (
    re.compile(r"^quantity in (?P<warehouse>.+)$"),
    re.compile(r"^(?P<warehouse>.+?) ?中的数量$"),
)
# Labels of columns about how an order ships or is paid, or of a size chart: never a product
# specification, whatever key (or none) the column has. English, Chinese, Indonesian/Malay,
# Vietnamese and Thai words; a label only needs to contain one.
_LOGISTICS = re.compile(
    r"\b(?:delivery|shipping|ship|courier|logistics|freight|cod|cash on delivery|size chart"
    r"|insurance|pre-?order|pre-?sale|pengiriman|penghantaran|ongkir|kurir|bayar di tempat"
    r"|bagan ukuran|tabel ukuran|carta saiz|asuransi|giao hàng|vận chuyển|thanh toán khi nhận"
    r"|bảng kích thước|bảng size|bảo hiểm)\b"
    r"|配送|物流|运费|發貨|发货|快递|货到付款|尺码表|尺寸表|保险|预售"
    r"|จัดส่ง|ขนส่ง|เก็บเงินปลายทาง|ตารางขนาด|ตารางไซส์|ประกัน"
)
_UNIT = re.compile(r"(?<!\s)\s*\((?P<unit>g|kg|lb|lbs|oz|cm|mm|m|inch|in)\)$")


def normalise_label(label: str) -> str:
    """Fold width, case and spacing; drop required-marks (`*`) and line breaks."""
    text = unicodedata.normalize("NFKC", label).replace("\ufeff", "").strip().lstrip("*").strip()
    return " ".join(text.split()).casefold()


def unit_in_label(label: str) -> str | None:
    """`Package Weight(lb)` -> `lb`; None when the label names no unit."""
    match = _UNIT.search(normalise_label(label))
    if match is None:
        return None
    unit = match.group("unit")
    return {"lbs": "lb", "in": "inch"}.get(unit, unit)


def key_for_label(label: str) -> str | None:
    """The row-1 key a row-3 label stands for, or None for a label this table does not know.

    Per-warehouse stock labels give `warehouse_quantity/<warehouse name>`.
    """
    text = _UNIT.sub("", normalise_label(label))
    if not text:
        return None
    key = _BY_LABEL.get(text)
    if key is not None:
        return key
    for pattern in _WAREHOUSE_LABELS:
        match = pattern.match(text)
        if match:
            return WAREHOUSE_PREFIX + match.group("warehouse").strip()
    return None


def is_logistics_label(label: str) -> bool:
    """Whether a column label names delivery, shipping, COD, insurance or a size chart."""
    return bool(_LOGISTICS.search(normalise_label(label)))


def is_known_key(text: str) -> bool:
    key = text.strip().lstrip("\ufeff")
    return key in KNOWN_KEYS or (key.startswith(KEY_PREFIXES) and key not in KEY_PREFIXES)


def _build_label_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for key, labels in _LABELS.items():
        for label in labels:
            index[normalise_label(label)] = key
    for number in range(2, 10):
        for template in (*_IMAGE_LABELS, *_IMAGE_LABELS_CN):
            index[normalise_label(template.format(n=number))] = f"image_{number}"
    return index


_BY_LABEL = _build_label_index()
PRODUCT_NAME_LABELS = tuple(_LABELS["product_name"])
