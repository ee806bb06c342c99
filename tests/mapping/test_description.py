"""Descriptions are hostile input: an allow-list of tags and attributes, http(s) URLs only."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from catalog_migrate.mapping.description import (
    DescriptionText,
    SafeDescription,
    parse_description,
    read_text,
    safe_url,
    sanitise,
)


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


def test_text_after_the_end_of_the_document_keeps_its_place_and_spacing() -> None:
    assert clean("<p>Kaos</p></html> Katun") == "<p>Kaos</p> Katun"
    assert clean("<p>Kaos</p></body> Katun <p>Adem</p>") == "<p>Kaos</p> Katun <p>Adem</p>"


def test_nul_bytes_and_control_characters_do_not_stop_the_parse() -> None:
    assert clean('<p>Kaos\x00</p><img src="java\x00script:alert(1)">') == "<p>Kaos\ufffd</p>"
    assert removed('<img src="java\x00script:alert(1)">') == (
        "javascript: URL",
        "<img> without an http(s) src",
    )
    assert clean("<p>a\x01b\x0bc</p>") == "<p>a\x01b c</p>"


def test_lone_surrogates_are_replaced() -> None:
    parsed = parse_description("<p>Bahan: Katun\ud800</p><p>\udfff</p>")

    assert sanitise(parsed).html == "<p>Bahan: Katun\ufffd</p><p>\ufffd</p>"
    assert "Bahan: Katun\ufffd" in read_text(parsed).lines


@pytest.mark.parametrize(
    "html", ["<!---->", "</p>", "<!-- komentar -->", "<!-- a --><?php echo 1 ?>", "<!DOCTYPE html>"]
)
def test_markup_with_nothing_to_show_gives_nothing(html: str) -> None:
    parsed = parse_description(html)

    assert sanitise(parsed) == SafeDescription(html="", removed=())
    assert [line for line in read_text(parsed).lines if line.strip()] == []
    assert read_text(parsed).table_rows == []


def test_processing_instructions_and_cdata_are_not_markup() -> None:
    html = clean("<?php echo 1 ?><p>Kaos</p><![CDATA[<script>alert(1)</script>]]>")

    assert html.startswith("<p>Kaos</p>")
    assert "<script" not in html and "<?" not in html and "<!" not in html


def test_unclosed_tags_are_closed_and_each_description_is_parsed_afresh() -> None:
    first = parse_description("<table><tr><td>Bahan</td><td>Katun")
    second = parse_description("<p>Warna: Hitam</p>")

    assert sanitise(first).html == "<table><tr><td>Bahan</td><td>Katun</td></tr></table>"
    assert read_text(first).table_rows == [("Bahan", "Katun")]
    assert sanitise(second).html == "<p>Warna: Hitam</p>"
    assert read_text(second).table_rows == []


def test_a_leading_byte_order_mark_is_dropped() -> None:
    assert clean("\ufeff<p>Kaos</p>") == "<p>Kaos</p>"


def test_table_cells_are_read_without_code_comments_or_header_rows() -> None:
    parsed = parse_description(
        "<table><tr><th>Spesifikasi</th><th>Keterangan</th></tr>"
        "<tr><td>Berat<script>x</script><style>y</style><!-- c --></td><td> 200 <b>g</b> </td></tr>"
        "<tr><th>Bahan</th><td><table><tr><td>Katun</td><td>Combed</td></tr></table></td></tr>"
        "</table>"
    )

    assert read_text(parsed).table_rows == [
        ("Berat", "200 g"),
        ("Bahan", "Katun Combed"),
        ("Katun", "Combed"),
    ]


def test_whitespace_between_tags_counts_once_except_in_pre() -> None:
    parsed = parse_description(
        "<div><b>Bahan:</b>\n\n\n<i>Katun</i></div><pre>Warna:\n\n  Hitam</pre>"
    )

    assert read_text(parsed).lines == ["", "Bahan:", "Katun", "", "Warna:", "", "  Hitam"]
    assert sanitise(parsed).html == "<div><b>Bahan:</b> <i>Katun</i></div>Warna: Hitam"


def test_deeply_nested_tables_are_read() -> None:
    parsed = parse_description("<table><tr><td>x" * 3000 + "</td><td>y")

    assert read_text(parsed).table_rows == [("x", "y")]
    assert sanitise(parsed).html.count("<table>") == 3000


def test_descriptions_parsed_in_several_threads_give_the_same_results() -> None:
    descriptions = [
        f"<p>Bahan: Katun {index}</p><table><tr><td>Berat</td><td>{index} g</td></tr></table>"
        f"<script>x</script><p>Warna: {'Hitam' if index % 2 else 'Putih'}"
        for index in range(200)
    ]

    def both(text: str) -> tuple[SafeDescription, DescriptionText]:
        parsed = parse_description(text)
        return sanitise(parsed), read_text(parsed)

    expected = [both(text) for text in descriptions]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(both, descriptions * 4)) == expected * 4
