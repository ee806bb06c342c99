"""Everything the mapping compiles from a profile, built once per profile (not once per product)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from catalog_migrate.mapping.packs import CountRules, compile_count_rules
from catalog_migrate.mapping.specs import SpecRules, compile_spec_rules
from catalog_migrate.mapping.titles import TitleRules, compile_title_rules
from catalog_migrate.mapping.units import UnitRules, compile_unit_rules
from catalog_migrate.profile import Profile

_CACHE_SIZE = 8


@dataclass(frozen=True)
class Rules:
    profile: Profile
    titles: TitleRules
    units: UnitRules
    counts: CountRules
    specs: SpecRules


def compile_rules(profile: Profile) -> Rules:
    return Rules(
        profile=profile,
        titles=compile_title_rules(profile.titles),
        units=compile_unit_rules(profile.units),
        counts=compile_count_rules(profile.units),
        specs=compile_spec_rules(profile),
    )


_cache: dict[int, Rules] = {}
_lock = threading.Lock()


def rules_for(profile: Profile) -> Rules:
    """The compiled rules of `profile`, cached while the profile object lives.

    The cache holds the profile itself, so an id is never reused by another profile while cached.
    """
    cached = _cache.get(id(profile))
    if cached is not None and cached.profile is profile:
        return cached
    rules = compile_rules(profile)
    with _lock:
        if len(_cache) >= _CACHE_SIZE:
            _cache.pop(next(iter(_cache)))
        _cache[id(profile)] = rules
    return rules
