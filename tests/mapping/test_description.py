"""Descriptions are hostile input: an allow-list of tags and attributes, http(s) URLs only."""

from __future__ import annotations

import pytest

from catalog_migrate.mapping.description import parse_description, read_text, safe_url, sanitise


def clean(html: str) -> str:
    return sanitise(parse_description(html)).html


def removed(html: str) -> tuple[str, ...]:
    return sanitise(parse_description(html)).removed


def test_allowed_markup_is_kept() -> None:
    html = (
        "<h2>Detail</h2><p>Kaos <strong>polos</strong> <em>wanita</em><br>adem</p>"
        "<ul><li>Katun</li></ul><ol><li>Satu</li></ol>"
        '<table><thead><tr><th colspan="2">Ukuran</th></tr></thead>'
        '<tbody><tr><td rowspan="1">M</td><td>96 cm</td></tr></tbody></table>'
        "<div><span><b>B</b><i>I</i><u>U</u></span></div>"
        '<img src="https://img.example/a.jpg" alt="Kaos" width="800" height="800">'
    )

    assert clean(html) == html


@pytest.mark.parametrize(
    "dropped",
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
        "<style>body{background:url(javascript:alert(1))}</style>",
        '<iframe src="https://evil.example">frame text</iframe>',
        '<object data="x.swf">object text</object>',
        '<embed src="x.swf">',
        '<form action="https://evil.example"><input name="q"><button>Kirim</button></form>',
        "<svg><script>alert(1)</script><text>svg text</text></svg>",
        "<noscript>no script</noscript>",
        "<!-- komentar --><!--[if IE]><script>alert(1)</script><![endif]-->",
        "<template><p>later</p></template>",
    ],
)
def test_dangerous_elements_are_dropped_with_their_contents(dropped: str) -> None:
    assert clean(f"<p>Kaos</p>{dropped}<p>Katun</p>") == "<p>Kaos</p><p>Katun</p>"


def test_event_handlers_and_other_attributes_are_dropped() -> None:
    html = (
        '<p onclick="steal()" ONMOUSEOVER="x()" style="color:red" class="promo" id="a">Kaos</p>'
        '<img src="https://img.example/a.jpg" onerror="steal()" onload=x() title="t">'
    )

    assert clean(html) == '<p>Kaos</p><img src="https://img.example/a.jpg">'
    assert removed(html) == ("onclick", "onmouseover", "onerror", "onload")


@pytest.mark.parametrize(
    "src",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "  javascript:alert(1)",
        "jav&#x09;ascript:alert(1)",
        "jav&#x0A;ascript:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;&#x61;&#x76;&#x61;script:alert(1)",
        "java\x00script:alert(1)",
        "vbscript:msgbox(1)",
        "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",
        "DATA:text/html,<script>alert(1)</script>",
        "javascript&colon;alert(1)",
        "x.jpg",
        "",
    ],
)
def test_images_with_unsafe_sources_are_dropped(src: str) -> None:
    assert clean(f'<p>Kaos</p><img src="{src}" alt="x">') == "<p>Kaos</p>"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://img.example/a.jpg", "https://img.example/a.jpg"),
        ("HTTP://img.example/a.jpg", "HTTP://img.example/a.jpg"),
        ("//img.example/a.jpg", "//img.example/a.jpg"),
        (" https://img.example/a b.jpg ", "https://img.example/a b.jpg"),
        ("ht\ttps://img.example/a.jpg", "https://img.example/a.jpg"),
        ("javascript:alert(1)", None),
        ("\u200bjavascript:alert(1)", None),
    ],
)
def test_safe_urls(value: str, expected: str | None) -> None:
    assert safe_url(value) == expected


def test_links_and_unknown_tags_are_unwrapped_keeping_their_text() -> None:
    html = (
        '<p><a href="javascript:alert(1)">Klik</a> <font color="red">Merah</font> '
        "<marquee>Promo</marquee></p>"
    )

    assert clean(html) == "<p>Klik Merah Promo</p>"


def test_text_and_attribute_values_are_escaped() -> None:
    html = (
        '<p>&lt;script&gt;alert(1)&lt;/script&gt; 5 &gt; 3 &amp; "ok"</p>'
        '<img src="https://a.example/x.jpg?a=1&amp;b=2" alt="&quot;&gt;<script>">'
    )

    assert clean(html) == (
        '<p>&lt;script&gt;alert(1)&lt;/script&gt; 5 &gt; 3 &amp; "ok"</p>'
        '<img src="https://a.example/x.jpg?a=1&amp;b=2" alt="&quot;&gt;&lt;script&gt;">'
    )


def test_attribute_values_are_checked() -> None:
    html = (
        '<img src="https://a.example/x.jpg" width="100%" height="expression(alert(1))">'
        '<td colspan="2x">c</td>'
    )

    assert clean(html) == '<img src="https://a.example/x.jpg" width="100%"><td>c</td>'


def test_output_is_canonical() -> None:
    first = clean('<IMG HEIGHT=10 ALT=x SRC="https://a.example/x.jpg" WIDTH=20><P>a\n\n  b</P>')

    assert first == '<img src="https://a.example/x.jpg" alt="x" width="20" height="10"><p>a b</p>'
    assert (
        clean('<img alt="x" src="https://a.example/x.jpg" height="10" width="20"><p>a b</p>')
        == first
    )


def test_deeply_nested_markup_does_not_break_the_walk() -> None:
    html = "<div>" * 5000 + "Kaos" + "</div>" * 5000

    assert "Kaos" in clean(html)
    assert "Kaos" in read_text(parse_description(html)).lines


def test_plain_text_becomes_paragraphs() -> None:
    text = "Kaos polos wanita\r\nBahan katun\n\n\nUkuran M < L & XL\n"

    assert clean(text) == "<p>Kaos polos wanita<br>Bahan katun</p><p>Ukuran M &lt; L &amp; XL</p>"
    assert clean("") == ""


def test_read_text_gives_lines_and_two_cell_rows() -> None:
    parsed = parse_description(
        "<p>Bahan: Katun</p>Warna: Hitam<br>Ukuran: M<table><tr><td>Berat</td><td>200 g</td></tr>"
        "<tr><td>x</td><td>y</td><td>z</td></tr></table><script>Bahan: x</script>"
    )

    text = read_text(parsed)

    assert [line for line in text.lines if line.strip()] == [
        "Bahan: Katun",
        "Warna: Hitam",
        "Ukuran: M",
    ]
    assert text.table_rows == [("Berat", "200 g")]
