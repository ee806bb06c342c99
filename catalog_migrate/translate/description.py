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
    # A node of spaces alone is left as it is (`isspace` is `not strip()` for a non-empty text).
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        text = element.text
        if text and not text.isspace():
            translated = translate(text)
            if translated != text:
                element.text = translated
                changed = True
        if element is root:
            continue
        text = element.tail
        if text and not text.isspace():
            translated = translate(text)
            if translated != text:
                element.tail = translated
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
