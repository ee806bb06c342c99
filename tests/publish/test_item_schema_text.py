"""Any text a listing holds gives a well-formed document whose values read back as written."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from catalog_migrate.model import LeadTime, Money, PriceTier, WholesaleListing, WholesaleSku
from catalog_migrate.publish.item_match import key
from catalog_migrate.publish.item_schema import ItemXml, build_item_xml
from catalog_migrate.publish.item_text import keyword_text, plain_description, xml_text
from catalog_migrate.publish.schema import parse_schema
from tests.publish.listings import tote_bag, tote_bags_schema

HOSTILE = [
    "]]>",
    "<![CDATA[x]]>",
    "&amp; &lt;b&gt; &#0;",
    '<r><f>HYPERLINK("x")</f></r>',
    "\u202eevil\u2066 \u200f",
    "😀👍🏽 🇮🇩",
    "\x00\x1b[2J\x7f\x85",
    "a\r\nb\rc",
    "lone \ud800 surrogate",
    "'\"<>&",
    "\ufeffBOM\ufffe\uffff",
    "  ",
]
ANY_TEXT = st.one_of(
    st.text(st.characters(exclude_categories=()), max_size=30),
    st.sampled_from(HOSTILE),
    st.lists(st.sampled_from(HOSTILE), min_size=2, max_size=3).map("".join),
)

# Every value of this category is free text or typed, and it has no category attribute: so
# every text of the listing has exactly one place in the document.
FREE_SCHEMA = parse_schema(
    """<itemSchema>
  <field id="productTitle" type="input"/>
  <field id="productKeywords" type="complex"><fields><field id="productKeywords_0" type="input">
    <rules><rule name="maxLengthRule" value="100000" unit="byte"/></rules></field></fields></field>
  <field id="saleProp" type="complex"><fields>
    <field id="p-3216" name="Color" type="multiCheck">
      <rules><rule name="valueAttributeRule" value="inputValue"/></rules></field>
    <field id="p-100" name="Size" type="multiCheck">
      <rules><rule name="valueAttributeRule" value="inputValue"/></rules></field>
  </fields></field>
  <field id="sku" type="multiComplex"/>
  <field id="scImages" type="complex"/>
  <field id="priceUnit" type="singleCheck"><options>
    <option displayName="Piece/Pieces" value="4"/><option displayName="Set/Sets" value="20"/>
  </options></field>
  <field id="scPrice" type="singleCheck"><options>
    <option displayName="Ladder" value="1"/><option displayName="SKU" value="3"/>
  </options></field>
  <field id="minOrderQuantity" type="input"/>
  <field id="ladderPrice" type="complex"/>
  <field id="ladderPeriod" type="complex"/>
  <field id="customMoreProperty" type="complex">
    <rules><rule name="maxInputNumRule" value="40"/></rules></field>
  <field id="textDesc" type="input"/>
</itemSchema>""",
    "1",
    "en_US",
)


def clean(text: str) -> str:
    return xml_text(text)[0]


@st.composite
def listings(draw: st.DrawFn) -> WholesaleListing:
    axes = draw(st.sampled_from([[], ["Color"], ["Size"], ["Color", "Size"]]))
    skus = []
    for row in range(draw(st.integers(1, 5) if axes else st.just(1))):
        skus.append(
            WholesaleSku(
                source_sku_id=f"17295829371628{row:05d}",
                seller_sku=draw(st.none() | ANY_TEXT),
                options={axis: draw(ANY_TEXT) for axis in axes},
                price=Money(amount=Decimal(draw(st.integers(1, 99_999))) / 100, currency="USD"),
                retail_price=Money(amount=Decimal("1000"), currency="IDR"),
                source_row=row + 2,
            )
        )
    count = draw(st.integers(1, 4))
    tiers = [
        PriceTier(
            min_quantity=10 * 2**n,
            price=Money(amount=Decimal(2000 - 100 * n) / 100, currency="USD"),
        )
        for n in range(count)
    ]
    pricing = "sku" if axes and draw(st.booleans()) else "ladder"
    return WholesaleListing(
        source_product_id="1729582937162839401",
        title=draw(ANY_TEXT),
        keywords=draw(st.lists(ANY_TEXT, max_size=4)),
        unit=draw(st.sampled_from(["Piece/Pieces", "Set/Sets"])),
        moq=tiers[0].min_quantity,
        pricing_mode=pricing,
        tiers=tiers[:1] if pricing == "sku" else tiers,
        place_of_origin=draw(ANY_TEXT),
        brand=draw(ANY_TEXT),
        specifications=draw(st.dictionaries(ANY_TEXT, ANY_TEXT, max_size=8)),
        lead_times=[
            LeadTime(max_quantity=100 * (n + 1), days=7 * (n + 1))
            for n in range(draw(st.integers(0, 3)))
        ],
        description=draw(ANY_TEXT),
        variation_names=axes,
        skus=skus,
    )


def read_back(result: ItemXml) -> Any:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False)
    root = etree.fromstring(result.xml.encode("utf-8"), parser)
    assert root.tag == "itemSchema"
    return root


def one(root: Any, path: str) -> str | None:
    found = root.xpath(path)
    assert len(found) <= 1, path
    return found[0].text or "" if found else None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(listings())
def test_any_listing_gives_a_well_formed_document_whose_values_read_back(
    listing: WholesaleListing,
) -> None:
    result = build_item_xml(listing, FREE_SCHEMA, ["32238240185"], "1")
    root = read_back(result)

    title = clean(listing.title)
    assert one(root, "field[@id='productTitle']/value") == (title if title.strip() else None)

    keywords: list[str] = []
    for keyword in listing.keywords:
        line = keyword_text(clean(keyword))
        if line and key(line) not in {key(known) for known in keywords}:
            keywords.append(line)
    written = one(root, "field[@id='productKeywords']/complex-value/field/value")
    assert written == ("\n".join(keywords) if keywords else None)

    specifications = {clean(name): clean(value) for name, value in listing.specifications.items()}
    pairs = [("Place of Origin", clean(listing.place_of_origin))]
    pairs += [("Brand Name", clean(listing.brand)), *specifications.items()]
    expected = [
        (name, value)
        for name, value in pairs
        if name.strip() and value.strip() and len(value) <= 70
    ]
    properties = root.xpath("field[@id='customMoreProperty']/complex-value/field/complex-value")
    assert [
        (item.xpath("string(field[@id='propName']/value)"),
         item.xpath("string(field[@id='valueName']/value)"))
        for item in properties
    ] == expected  # fmt: skip

    _skus_read_back(listing, root, result)

    prices = root.xpath("field[@id='ladderPrice']//field[@id='price']/value")
    if listing.pricing_mode == "ladder":
        assert [p.text for p in prices] == [f"{tier.price.amount:.2f}" for tier in listing.tiers]
    else:
        assert prices == []

    description = plain_description(clean(listing.description))
    assert one(root, "field[@id='textDesc']/value") == (
        description if clean(listing.description).strip() and description else None
    )

    texts = [listing.title, *listing.keywords, listing.description, listing.brand]
    texts += [listing.place_of_origin, *listing.specifications, *listing.specifications.values()]
    texts += [value for sku in listing.skus for value in sku.options.values()]
    texts += [sku.seller_sku or "" for sku in listing.skus]
    if any(clean(text) != text for text in texts):
        assert any(issue.code == "publish.text_cleaned" for issue in result.issues)


def _skus_read_back(listing: WholesaleListing, root: Any, result: ItemXml) -> None:
    items = root.xpath("field[@id='sku']/complex-values")
    if not listing.variation_names:
        assert items == []
        return
    blank = any(not clean(value).strip() for sku in listing.skus for value in sku.options.values())
    if blank:  # a SKU that does not say its colour cannot be listed
        assert items == [] and not result.publishable
        return
    assert len(items) == len(listing.skus)
    for sku, item in zip(listing.skus, items, strict=True):
        outer_id = clean(sku.seller_sku or "") or sku.source_sku_id
        assert item.xpath("string(field[@id='skuOuterId']/value)") == outer_id
        names = item.xpath("field[@id='props']/values/value/@propValueName")
        assert names == [clean(sku.options[axis]) for axis in listing.variation_names]
        price = item.xpath("field[@id='price']/value")
        if listing.pricing_mode == "sku":
            assert [p.text for p in price] == [f"{sku.price.amount:.2f}"]
        else:
            assert price == []
    typed = root.xpath("field[@id='saleProp']//value/@inputValue")
    ids = root.xpath("field[@id='saleProp']//value/text()")
    assert len(set(ids)) == len(ids)  # each typed value has its own id
    for axis in listing.variation_names:
        values = [clean(sku.options[axis]) for sku in listing.skus]
        assert set(values) <= set(typed)


def test_hostile_text_in_every_field_reads_back_exactly() -> None:
    nasty = "Tote ]]> <b>&amp;</b> \u202e\u2066RTL 😀 \"quoted\" 'single' \r\n\tend"
    listing = tote_bag(
        title=nasty,
        brand=nasty,
        specifications={"Material": "Cotton", nasty: nasty[:70]},
        skus=[
            tote_bag().skus[0].model_copy(update={"seller_sku": nasty}),
            tote_bag().skus[1].model_copy(update={"options": {"Color": nasty}}),
        ],
        description=nasty,
    )
    result = build_item_xml(listing, tote_bags_schema(), ["1"], "100002851")
    assert result.publishable, result.issues
    assert "publish.text_cleaned" not in {issue.code for issue in result.issues}
    root = read_back(result)
    assert one(root, "field[@id='productTitle']/value") == nasty
    assert root.xpath("string(//field[@id='p-2']/value)") == nasty
    assert root.xpath("string(//field[@id='propName']/value)") == nasty
    assert root.xpath("string(//field[@id='valueName']/value)") == nasty[:70]
    assert root.xpath("string(//field[@id='skuOuterId']/value)") == nasty
    assert root.xpath("//field[@id='p-3216']//value/@inputValue") == [nasty]
    assert root.xpath("//field[@id='props']//value/@propValueName")[1] == nasty


def test_characters_xml_cannot_carry_are_left_out_and_said() -> None:
    listing = tote_bag(title="Tote\x00 Bag\x1b[2J \ud800Canvas", keywords=["\x00", "tote bag\x07"])
    result = build_item_xml(listing, tote_bags_schema(), ["1"], "100002851")
    root = read_back(result)
    assert one(root, "field[@id='productTitle']/value") == "Tote Bag[2J Canvas"
    assert one(root, "//field[@id='productKeywords_0']/value") == "tote bag"
    cleaned = [issue for issue in result.issues if issue.code == "publish.text_cleaned"]
    assert [issue.field for issue in cleaned] == ["productTitle", "productKeywords_0"]
    assert all(issue.severity.value == "warning" for issue in cleaned)
    assert result.publishable
