from catalog_migrate.plain_text import plain_text


def test_one_line_per_block_and_entities_decoded() -> None:
    assert plain_text("<p>Bahan: Katun</p><p>Ukuran<br>XL &amp; XXL</p>") == (
        "Bahan: Katun\nUkuran\nXL & XXL"
    )
    assert plain_text("no markup ") == "no markup"
    assert plain_text("<ul><li>Soft</li><li>Cool</li></ul>") == "- Soft\n- Cool"


def test_the_cells_of_a_table_row_stay_apart() -> None:
    # A size chart as TikTok descriptions carry it: each row one line, its cells separated.
    table = (
        "<table><tr><th>Size</th><th>Chest</th><!-- cm --><th>Length</th></tr>"
        "<tr><td>M</td><td>96 cm</td><td>68 cm</td></tr></table>"
    )
    assert plain_text(table) == "Size | Chest | Length\nM | 96 cm | 68 cm"


def test_scripts_and_styles_are_not_read() -> None:
    assert plain_text("<p>Kaos<script>alert(1)</script></p><style>p{}</style>") == "Kaos"
