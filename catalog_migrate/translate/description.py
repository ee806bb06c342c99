"""Translate the text of a sanitised description, keeping its HTML structure."""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree, html


def translate_html(description: str, translate: Callable[[str], str]) -> str:
    """Each text node goes through `translate`; tags and attributes stay as they are."""
    if not description.strip():
        return description
    if "<" not in description:
        return translate(description)
    root = html.fragment_fromstring(description, create_parent="div")
    changed = False
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in ("text", "tail"):
            if element is root and attribute == "tail":
                continue
            text = getattr(element, attribute)
            if text and text.strip():
                translated = translate(text)
                if translated != text:
                    setattr(element, attribute, translated)
                    changed = True
    if not changed:
        return description
    inner = (root.text or "") + "".join(
        etree.tostring(child, encoding="unicode", method="html") for child in root
    )
    return inner


def html_texts(description: str) -> list[str]:
    """The text nodes `translate_html` will translate, in order."""
    found: list[str] = []

    def collect(text: str) -> str:
        found.append(text)
        return text

    translate_html(description, collect)
    return found
