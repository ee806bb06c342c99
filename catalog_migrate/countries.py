"""Place of origin as Alibaba.com names it, from an ISO country code or the English name.

`--origin ID` and `--origin indonesia` both give `Indonesia`: the English country name the
Place of Origin attribute takes. The table holds the countries TikTok Shop sellers of the region
make or source their goods in; anything else is refused rather than written as typed.
"""

from __future__ import annotations

from catalog_migrate.errors import UserError

COUNTRIES: dict[str, str] = {
    "BD": "Bangladesh",
    "BN": "Brunei",
    "CN": "China",
    "HK": "Hong Kong",
    "ID": "Indonesia",
    "IN": "India",
    "JP": "Japan",
    "KH": "Cambodia",
    "KR": "South Korea",
    "LA": "Laos",
    "MM": "Myanmar",
    "MY": "Malaysia",
    "PH": "Philippines",
    "PK": "Pakistan",
    "SG": "Singapore",
    "TH": "Thailand",
    "TW": "Taiwan",
    "US": "United States",
    "VN": "Vietnam",
}

_BY_NAME = {name.casefold(): name for name in COUNTRIES.values()}
_OTHER_NAMES = {"viet nam": "Vietnam", "korea": "South Korea", "usa": "United States"}


def place_of_origin(given: str) -> str:
    """The Alibaba.com name of the country `given` as a code or a name; UserError if unknown."""
    text = " ".join(given.split())
    found = (
        COUNTRIES.get(text.upper())
        or _BY_NAME.get(text.casefold())
        or _OTHER_NAMES.get(text.casefold())
    )
    if found is None:
        known = ", ".join(COUNTRIES)
        raise UserError(
            f"unknown country {given!r} for --origin; give a code or English name: {known}",
            code="origin.unknown",
        )
    return found
