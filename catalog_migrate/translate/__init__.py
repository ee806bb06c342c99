"""The buyer-language stage: listings written in the shop's language become the buyer's.

The glossary engine (phrase tables per source language in `mappings/glossary/`) runs offline and
is the default. A field is translated whole or not at all: a title with one word the glossary does
not know keeps its source text and is reported, never half-translated.
"""

from catalog_migrate.translate.glossary import Glossary, GlossaryResult, load_glossaries
from catalog_migrate.translate.listing import (
    CODES,
    ListingTranslator,
    Translation,
    make_translator,
    translate_listing,
)

__all__ = [
    "CODES",
    "Glossary",
    "GlossaryResult",
    "ListingTranslator",
    "Translation",
    "load_glossaries",
    "make_translator",
    "translate_listing",
]
