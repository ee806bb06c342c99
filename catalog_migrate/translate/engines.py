"""Machine-translation engines: a self-hosted LibreTranslate, DeepL, any OpenAI-compatible server.

Each translates one batch of plain-text strings from one source language and returns exactly one
string per input, in order; anything else is an EngineError (rows must never shift). API shapes in
translation.md §3.1.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Protocol

import httpx

from catalog_migrate.translate.http import EngineError, RetryPolicy, post_json

ENGINE_NAMES = ("libretranslate", "deepl", "openai")
DEFAULT_URLS = {
    "libretranslate": "",  # self-hosted: the seller names the server
    "deepl": "https://api.deepl.com",
    "openai": "https://api.openai.com",
}

_OPENAI_PROMPT = (
    "You translate e-commerce product text for wholesale listings. Translate each string of the "
    "JSON list 'texts' from the language '{source}' into '{target}'. Keep numbers, units, sizes, "
    "model numbers, brand names and tokens like \u27e60\u27e7 exactly as written. Answer with "
    'one JSON object {{"translations": [...]}} holding exactly one translation per input string, '
    "in the same order, and nothing else."
)


class Engine(Protocol):
    name: str
    model: str  # part of the cache key: another model may translate differently
    batch_size: int

    def translate(self, texts: list[str], source: str, target: str) -> list[str]: ...


@dataclass
class _HttpEngine:
    url: str
    key: str = field(default="", repr=False)
    timeout_s: float = 30.0
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    client: httpx.Client = field(init=False, repr=False)
    name: str = "engine"  # each engine names itself in its messages

    def __post_init__(self) -> None:
        self.url = self.url.rstrip("/")
        self.client = httpx.Client(timeout=httpx.Timeout(self.timeout_s, connect=10.0))

    def close(self) -> None:
        self.client.close()

    def _post(
        self, path: str, body: dict[str, object], headers: dict[str, str] | None = None
    ) -> object:
        return post_json(
            self.client,
            f"{self.url}{path}",
            body,
            engine=self.name,
            headers=headers,
            policy=self.policy,
        )


@dataclass
class LibreTranslate(_HttpEngine):
    """POST {url}/translate {q: [...], source, target, format, api_key} -> {translatedText}"""

    name: str = "libretranslate"
    model: str = "libretranslate"
    batch_size: int = 50

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        body: dict[str, object] = {"q": texts, "source": source, "target": target}
        body["format"] = "text"
        if self.key:
            body["api_key"] = self.key
        answer = self._post("/translate", body)
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if isinstance(translated, str) and len(texts) == 1:
            translated = [translated]
        return _exactly(translated, len(texts), self.name)


@dataclass
class DeepL(_HttpEngine):
    """POST {url}/v2/translate {text: [<=50], source_lang, target_lang} -> {translations}"""

    name: str = "deepl"
    model: str = "deepl-v2"
    batch_size: int = 50  # DeepL takes at most 50 texts per request

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        body: dict[str, object] = {
            "text": texts,
            "source_lang": source.upper(),
            "target_lang": "EN-US" if target == "en" else target.upper(),
        }
        headers = {"Authorization": f"DeepL-Auth-Key {self.key}"}
        answer = self._post("/v2/translate", body, headers)
        items = answer.get("translations") if isinstance(answer, dict) else None
        texts_out = (
            [item.get("text") if isinstance(item, dict) else None for item in items]
            if isinstance(items, list)
            else None
        )
        return _exactly(texts_out, len(texts), self.name)


@dataclass
class OpenAICompatible(_HttpEngine):
    """Chat completions at {url}/v1/chat/completions, temperature 0, a fixed prompt, JSON out."""

    name: str = "openai"
    model: str = "gpt-4o-mini"
    batch_size: int = 40

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        body: dict[str, object] = {
            "model": self.model,
            "temperature": 0,
            "response_format": {"type": "json_object"},
            "messages": [
                {"role": "system", "content": _OPENAI_PROMPT.format(source=source, target=target)},
                {"role": "user", "content": json.dumps({"texts": texts}, ensure_ascii=False)},
            ],
        }
        headers = {"Authorization": f"Bearer {self.key}"} if self.key else {}
        answer = self._post("/v1/chat/completions", body, headers)
        try:
            content = answer["choices"][0]["message"]["content"]  # type: ignore[index]
            translated = json.loads(content)["translations"]
        except (KeyError, IndexError, TypeError, ValueError):
            raise EngineError(f"{self.name} answered without a JSON list of translations") from None
        return _exactly(translated, len(texts), self.name)


def _exactly(translated: object, count: int, engine: str) -> list[str]:
    if (
        not isinstance(translated, list)
        or len(translated) != count
        or not all(isinstance(text, str) for text in translated)
    ):
        raise EngineError(f"{engine} did not answer one translation per string")
    return list(translated)


def make_engine(
    name: str, url: str | None, key: str, key_env: str, model: str | None, timeout_s: float
) -> LibreTranslate | DeepL | OpenAICompatible:
    """The engine `name`, or EngineError saying which setting it lacks."""
    base = url or DEFAULT_URLS[name]
    if not base:
        raise EngineError(f"{name} needs the server's address: pass --translator-url URL")
    if not base.startswith(("http://", "https://")):
        raise EngineError(f"--translator-url must start with http:// or https://, not {base!r}")
    if name == "libretranslate":
        return LibreTranslate(base, key, timeout_s)
    if name == "deepl":
        if not key:
            raise EngineError(f"deepl needs an API key: set the environment variable {key_env}")
        return DeepL(base, key, timeout_s)
    engine = OpenAICompatible(base, key, timeout_s)
    if model:
        engine.model = model
    return engine
