"""The fake platform's checks of a filled itemSchema document against the rules it served.

Written from alibaba-open-platform.md §1.3 (the value encoding and the rules the platform states),
apart from the builder, so that a document the builder gets wrong is refused here as the platform
would refuse it (with its codes: `CHK_BASIC_REQUIRED`, `CHK_BASIC_ONEOF`, ...). Stricter than the
platform in one way: a draft is held to every rule a published product is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from lxml import etree

Element = etree._Element


@dataclass
class Rule:
    """One field of the served rules."""

    id: str
    type: str
    required: bool = False
    options: frozenset[str] = frozenset()
    custom: bool = False  # valueAttributeRule inputValue: a typed value with a negative id
    max_length: int | None = None
    in_bytes: bool = False
    max_items: int | None = None  # maxInputNumRule
    children: dict[str, Rule] = field(default_factory=dict)
    free: bool = False  # an item the rules count but do not describe: any well-shaped content


def read_rules(xml_text: str) -> dict[str, Rule]:
    root = etree.fromstring(xml_text.encode("utf-8"))
    return _rules_of(root)


def _rules_of(parent: Element) -> dict[str, Rule]:
    found: dict[str, Rule] = {}
    holders = [parent, *parent.findall("fields")]
    for holder in holders:
        for element in holder.findall("field"):
            rule = Rule(id=element.get("id", ""), type=element.get("type", ""))
            for item in element.findall("rules/rule"):
                name, value = item.get("name"), item.get("value", "")
                if name == "requiredRule":
                    rule.required = value == "true"
                elif name == "valueAttributeRule":
                    rule.custom = value == "inputValue"
                elif name == "maxLengthRule":
                    rule.max_length = int(value)
                    rule.in_bytes = item.get("unit") == "byte"
                elif name == "maxInputNumRule":
                    rule.max_items = int(value)
            rule.options = frozenset(o.get("value", "") for o in element.findall("options/option"))
            rule.children = _rules_of(element)
            found[rule.id] = rule
    return found


class _Checker:
    def __init__(self, rules: dict[str, Rule], photobank: Mapping[str, str]) -> None:
        self.rules = rules
        self.photobank = photobank  # file id -> photobank URL
        self.problems: list[str] = []
        self.custom_ids: list[str] = []

    def say(self, code: str, message: str) -> None:
        self.problems.append(f"{code}: {message}")

    def document(self, root: Element) -> None:
        if root.tag != "itemSchema":
            self.say("PUB_BIZCHECK_SCHEMA_ERROR", f"root <{root.tag}>, not <itemSchema>")
            return
        sent = self.fields(root, self.rules, "itemSchema", numbered=None)
        self.required(self.rules, sent, "itemSchema")
        self.images(sent.get("scImages"))
        self.keywords(sent.get("productKeywords"))
        self.pricing(sent)
        self.lead_times(sent.get("ladderPeriod"))
        self.skus(sent)
        repeated = sorted({i for i in self.custom_ids if self.custom_ids.count(i) > 1})
        if repeated:
            self.say("PUB_BIZCHECK_PRODUCT_SKU_INVALID", f"custom value ids repeated: {repeated}")

    def fields(
        self,
        holder: Element,
        rules: dict[str, Rule],
        path: str,
        numbered: tuple[str, int] | None,
        free: bool = False,
    ) -> dict[str, Element]:
        """The `<field>`s inside `holder`, each checked against its rule; {id: element}."""
        sent: dict[str, Element] = {}
        for element in holder:
            if element.tag != "field":
                self.say("PUB_BIZCHECK_SCHEMA_ERROR", f"<{element.tag}> inside {path}")
                continue
            field_id = element.get("id", "")
            where = f"{path}/{field_id}"
            if field_id in sent:
                self.say("PUB_BIZCHECK_SCHEMA_ERROR", f"{where} sent twice")
            sent[field_id] = element
            rule = rules.get(field_id)
            if free:
                rule = Rule(id=field_id, type=element.get("type", ""), free=True)
            elif rule is None and numbered is not None:
                prefix, most = numbered
                match = re.fullmatch(re.escape(prefix) + r"_(\d+)", field_id)
                if match and int(match.group(1)) < most:
                    rule = Rule(id=field_id, type=element.get("type", ""), free=True)
                else:
                    self.say("PUB_BIZCHECK_SCHEMA_ERROR", f"{where}: past the {most} it takes")
                    continue
            if rule is None:
                self.say("PUB_BIZCHECK_SCHEMA_ERROR", f"{where} is no field of the category")
                continue
            self.field(element, rule, where)
        return sent

    def field(self, element: Element, rule: Rule, where: str) -> None:
        kind = element.get("type")
        if kind != rule.type:
            self.say("PUB_BIZCHECK_SCHEMA_ERROR", f"{where} is {rule.type}, sent as {kind}")
            return
        children = list(element)
        if kind == "label":
            self.say("PUB_BIZCHECK_SCHEMA_ERROR", f"{where} is a label: nothing is sent for it")
        elif kind in ("input", "singleCheck"):
            if len(children) != 1 or children[0].tag != "value":
                self.say("PUB_BIZCHECK_SCHEMA_ERROR", f"{where} takes one <value>")
                return
            self.value(children[0], rule, where)
        elif kind in ("multiCheck", "multiInput"):
            if len(children) != 1 or children[0].tag != "values" or not len(children[0]):
                self.say("PUB_BIZCHECK_SCHEMA_ERROR", f"{where} takes <values> with values")
                return
            for value in children[0]:
                if value.tag != "value":
                    self.say("PUB_BIZCHECK_SCHEMA_ERROR", f"<{value.tag}> inside {where}")
                else:
                    self.value(value, rule, where)
        elif kind == "complex":
            if len(children) != 1 or children[0].tag != "complex-value":
                self.say("PUB_BIZCHECK_SCHEMA_ERROR", f"{where} takes one <complex-value>")
                return
            numbered = (rule.id, rule.max_items or 0) if not rule.children else None
            sent = self.fields(children[0], rule.children, where, numbered, rule.free)
            self.required(rule.children, sent, where)
        elif kind == "multiComplex":
            # §1.3: one plural <complex-values> per item, the child fields directly inside; a
            # <complex-value> in them makes the platform drop the whole field.
            if not children or any(child.tag != "complex-values" for child in children):
                self.say("PUB_BIZCHECK_SCHEMA_ERROR", f"{where} takes <complex-values> items")
                return
            for item in children:
                self.fields(item, rule.children, where, None, rule.free)

    def value(self, value: Element, rule: Rule, where: str) -> None:
        text = value.text or ""
        checked = rule.type in ("singleCheck", "multiCheck") and rule.options
        if checked and text not in rule.options:
            typed = value.get("inputValue", "")
            if not (rule.custom and re.fullmatch(r"-[1-9]\d*", text) and typed.strip()):
                self.say("CHK_BASIC_ONEOF", f"{where}: {text!r} is none of its options")
                return
            self.custom_ids.append(text)
        if rule.max_length is not None:
            length = len(text.encode()) if rule.in_bytes else len(text)
            if length > rule.max_length:
                self.say("CHK_BASIC_MAX_LENGTH", f"{where}: {length} over {rule.max_length}")
        if value.get("fileId") is not None and value.get("fileId") not in self.photobank:
            self.say("PUB_BIZCHECK_IMAGE_SOURCE_ERROR", f"{where}: image not from the photobank")

    def required(self, rules: dict[str, Rule], sent: dict[str, Element], where: str) -> None:
        for rule in rules.values():
            if rule.required and rule.type != "label" and rule.id not in sent:
                self.say("CHK_BASIC_REQUIRED", f"{where}/{rule.id} is required")

    def images(self, images: Element | None) -> None:
        if images is None:
            return
        for value in images.iter("value"):
            file_id = value.get("fileId")
            if not file_id:
                self.say("PUB_BIZCHECK_IMAGE_SOURCE_ERROR", "an image without its fileId")
            elif file_id in self.photobank and (value.text or "") != self.photobank[file_id]:
                self.say(
                    "PUB_BIZCHECK_IMAGE_SOURCE_ERROR",
                    f"image {file_id} is {value.text!r}, not its photobank URL",
                )

    def keywords(self, keywords: Element | None) -> None:
        if keywords is None:
            return
        for value in keywords.iter("value"):
            if re.search("[;:,，]", value.text or ""):
                self.say("CHK_BASIC_REGEX", f"keywords {value.text!r} hold ; : or ,")

    def pricing(self, sent: dict[str, Element]) -> None:
        mode = _text(sent.get("scPrice"), "value")
        ladder = sent.get("ladderPrice")
        sku_prices = [_text(item, "field[@id='price']/value") for item in _items(sent.get("sku"))]
        if mode == "1":
            if ladder is None:
                self.say("CHK_BASIC_REQUIRED", "scPrice 1 without ladderPrice")
                return
            if any(sku_prices):
                self.say("PUB_BIZCHECK_PRICE_ERROR", "ladder and SKU prices both sent")
            tiers = ladder.xpath("complex-value/field/complex-value")
            quantities = [int(_text(tier, "field[@id='quantity']/value") or 0) for tier in tiers]
            prices = [_text(tier, "field[@id='price']/value") for tier in tiers]
            if any(not re.fullmatch(r"\d+(\.\d{1,2})?", price) for price in prices):
                self.say("PUB_BIZCHECK_PRICE_ERROR", f"ladder prices {prices}")
            if quantities != sorted(set(quantities)):
                self.say("PUB_BIZCHECK_PRICE_ERROR", f"ladder quantities {quantities}")
            moq = _text(sent.get("minOrderQuantity"), "value")
            if quantities and moq != str(quantities[0]):
                self.say(
                    "CHK_STEP_CATEGORY_QUALITY_MINSIZE_ERROR",
                    f"MOQ {moq} is not the first tier's {quantities[0]}",
                )
        elif mode == "3":
            if ladder is not None:
                self.say("PUB_BIZCHECK_PRICE_ERROR", "ladder and SKU prices both sent")
            if not sku_prices or not all(sku_prices):
                self.say("CHK_BASIC_REQUIRED", "scPrice 3 without a price on every SKU")

    def lead_times(self, periods: Element | None) -> None:
        if periods is None:
            return
        rows = periods.xpath("complex-value/field/complex-value")
        quantities = [int(_text(row, "field[@id='quantity']/value") or 0) for row in rows]
        days = [int(_text(row, "field[@id='day']/value") or 0) for row in rows]
        if quantities != sorted(set(quantities)) or days != sorted(set(days)):
            self.say("CHK_STEP_LADDER_PERIOD_VALUE_ERROR", f"{quantities} in {days} days")

    def skus(self, sent: dict[str, Element]) -> None:
        sale = sent.get("saleProp")
        declared: dict[str, set[str]] = {}
        if sale is not None:
            for prop in sale.xpath("complex-value/field"):
                declared[prop.get("id", "").removeprefix("p-")] = {
                    value.text or "" for value in prop.iter("value")
                }
        combinations: list[tuple[str, ...]] = []
        for item in _items(sent.get("sku")):
            props = tuple(sorted(v.text or "" for v in item.xpath("field[@id='props']//value")))
            combinations.append(props)
            for pair in props:
                prop_id, _, value_id = pair.partition(":")
                if value_id not in declared.get(prop_id, set()):
                    self.say(
                        "PUB_BIZCHECK_PRODUCT_SKU_INVALID", f"SKU value {pair} not in saleProp"
                    )
        if len(set(combinations)) != len(combinations):
            self.say("PUB_BIZCHECK_PRODUCT_SKU_INVALID", "two SKUs with the same values")


def _items(multi_complex: Element | None) -> list[Element]:
    return list(multi_complex) if multi_complex is not None else []


def _text(element: Element | None, path: str) -> str:
    if element is None:
        return ""
    found = element.xpath(path)
    return str(found[0].text or "") if found else ""


def check_item(xml_text: str, rules_text: str, photobank: Mapping[str, str]) -> list[str]:
    """Every problem of the document, `CODE: what` each; [] when the platform would take it."""
    checker = _Checker(read_rules(rules_text), photobank)
    checker.document(etree.fromstring(xml_text.encode("utf-8")))
    return checker.problems
