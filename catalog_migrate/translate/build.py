"""Make the run's translator from the profile's [translate] section and the command line."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path

from catalog_migrate.profile import Translate
from catalog_migrate.translate.cache import TranslationCache, default_cache_path
from catalog_migrate.translate.engine_stage import EngineStage
from catalog_migrate.translate.engines import make_engine
from catalog_migrate.translate.http import EngineError, RetryPolicy
from catalog_migrate.translate.listing import ListingTranslator, make_translator


class TranslateSetupError(ValueError):
    """A setting that cannot work; the message is one line and names no secret."""


def build_translator(
    settings: Translate,
    *,
    glossary_folder: Path,
    target_language: str,
    max_title_length: int,
    engine: str | None = None,
    url: str | None = None,
    environ: Mapping[str, str] = os.environ,
    cache_path: Path | None = None,
    english_texts: Iterable[str] = (),
) -> ListingTranslator | None:
    """None when translation is off; the glossary alone, or the glossary and an engine."""
    name = engine or settings.engine
    if name == "none":
        return None
    if target_language != "en":
        raise TranslateSetupError(
            f"no glossary translates into '{target_language}': the shipped glossaries translate "
            "into English (--translate en) only"
        )
    stage = None
    if name != "glossary":
        key = environ.get(settings.key_env, "")
        try:
            client = make_engine(
                name,
                url or settings.url or None,
                key,
                settings.key_env,
                settings.model or None,
                float(settings.timeout_s),
            )
        except EngineError as exc:
            raise TranslateSetupError(str(exc)) from None
        client.policy = replace(
            RetryPolicy(), attempts=settings.retries, backoff_s=float(settings.backoff_s)
        )
        cache = None
        if settings.cache:
            where = cache_path or default_cache_path()
            try:
                cache = TranslationCache(where)
            except (OSError, sqlite3.Error) as exc:
                raise TranslateSetupError(
                    f"cannot open the translation cache {where}: {exc}; set XDG_CACHE_HOME to a "
                    "writable folder or cache = false under [translate]"
                ) from None
        stage = EngineStage(client, cache, settings.concurrency)
    try:
        return make_translator(
            glossary_folder, target_language, settings, max_title_length, stage, english_texts
        )
    except (OSError, ValueError) as exc:
        raise TranslateSetupError(f"cannot load the glossary: {exc}") from None
