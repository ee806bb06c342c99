"""The filled itemSchema document as it is built: elements, values and the issues they raise.

Every value goes through the XML library (lxml), never through string concatenation; the shapes
are the value encoding of alibaba-open-platform.md §1.3: `<value>` for input and singleCheck,
`<values><value>…` for multiCheck and multiInput, one `<complex-value>` for complex, one plural
`<complex-values>` per item of a multiComplex (with the child fields directly inside it).
"""

from __future__ import annotations

from lxml import etree
from lxml.etree import _Element as Element

from catalog_migrate.model import Issue, WholesaleListing, error, warning
from catalog_migrate.publish.item_match import Glossaries
from catalog_migrate.publish.item_text import xml_text
from catalog_migrate.publish.schema import CategorySchema, SchemaField

__all__ = ["Element", "ItemWriter", "describe", "shorten", "slots"]


class ItemWriter:
    def __init__(
        self, listing: WholesaleListing, schema: CategorySchema, glossaries: Glossaries
    ) -> None:
        self.listing = listing
        self.schema = schema
        self.glossaries = glossaries
        self.root: Element = etree.Element("itemSchema")
        self.issues: list[Issue] = []
        self.written: set[str] = set()  # top-level field ids filled
        self.reported: set[str] = set()  # field paths an error already names
        self._cleaned: set[str] = set()
        self._custom_id = 0

    # --- elements -------------------------------------------------------------------------------

    def field(self, parent: Element | None, field_id: str, field_type: str) -> Element:
        if parent is None:
            self.written.add(field_id)
        return etree.SubElement(
            self.root if parent is None else parent, "field", id=field_id, type=field_type
        )

    def complex_value(self, parent: Element | None, field_id: str) -> Element:
        """A complex field and its one `<complex-value>`, to hold the child fields."""
        return etree.SubElement(self.field(parent, field_id, "complex"), "complex-value")

    def text_field(
        self,
        parent: Element | None,
        field_id: str,
        text: str,
        where: str,
        field_type: str = "input",
        **attributes: str,
    ) -> None:
        """An input (or singleCheck) field holding one value."""
        self.value(self.field(parent, field_id, field_type), text, where, **attributes)

    def value(self, parent: Element, text: str, where: str, **attributes: str) -> Element:
        element = etree.SubElement(parent, "value")
        for name, attribute in attributes.items():
            element.set(name, self.text(attribute, where))
        element.text = self.text(text, where)
        return element

    def custom_id(self) -> str:
        """A negative id for a value the seller typed: unique in the whole document."""
        self._custom_id -= 1
        return str(self._custom_id)

    def text(self, text: str, where: str) -> str:
        cleaned, changed = xml_text(text)
        if changed:
            self.note_cleaned(where)
        return cleaned

    def note_cleaned(self, where: str) -> None:
        """Say once per field that characters XML cannot carry were left out of its text."""
        if where not in self._cleaned:
            self._cleaned.add(where)
            self.warn(
                "publish.text_cleaned",
                f"{where}: characters XML cannot carry (control characters, lone surrogates) "
                "were left out",
                where,
            )

    def serialise(self) -> str:
        return str(etree.tostring(self.root, encoding="unicode"))

    # --- issues ---------------------------------------------------------------------------------

    def fail(self, code: str, message: str, where: str, **extra: object) -> None:
        self.reported.add(where)
        self.issues.append(
            error(code, message, product_key=self.listing.source_product_id, field=where, **extra)
        )

    def warn(self, code: str, message: str, where: str, **extra: object) -> None:
        self.issues.append(
            warning(code, message, product_key=self.listing.source_product_id, field=where, **extra)
        )

    def unfilled(self, field: SchemaField, where: str, why: str) -> None:
        """A field the listing cannot fill: an error when the category requires it, else a
        warning."""
        label = describe(field)
        if field.required:
            self.fail(
                "publish.required_field_unfilled",
                f"the category requires {label}, and {why}",
                where,
            )
        else:
            self.warn("publish.option_not_found", f"{label} is left empty: {why}", where)


def describe(field: SchemaField) -> str:
    if field.name and field.name != field.field_id:
        return f"'{field.name}' ({field.field_id})"
    return f"'{field.field_id}'"


def slots(field: SchemaField, prefix: str, default: int) -> int:
    """How many numbered children (`scImages_0`...) a field takes: as the schema declares them,
    else its maxInputNumRule, else the platform's documented count."""
    numbered = [child for child in field.children if child.field_id.startswith(prefix)]
    if numbered:
        return len(numbered)
    return field.max_values or default


def shorten(items: list[str], limit: int = 8) -> str:
    shown = ", ".join(repr(item) for item in items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")
