"""Every user-visible string, by key, from the catalogues in ``content/<language>/``.

A catalogue is a folder of TOML files; their tables nest into dotted keys
(``[motivation.quiz.valid] question = "…"`` is ``motivation.quiz.valid.question``). English
is complete; another language fills the same keys and falls back to English for any it
has not translated yet, so a lesson never changes when a translation arrives.
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

import streamlit as st

CONTENT = Path(__file__).resolve().parent.parent / "content"
LANGUAGES = MappingProxyType({"en": "English", "fa": "فارسی"})
RIGHT_TO_LEFT = frozenset({"fa"})
DEFAULT_LANGUAGE = "en"
LANGUAGE_KEY = "lang"  # widget key and URL query parameter (?lang=fa)


def _flatten(table: Mapping, prefix: str = "") -> dict:
    flat = {}
    for key, value in table.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = tuple(value) if isinstance(value, list) else value
    return flat


@functools.lru_cache(maxsize=len(LANGUAGES))
def load_catalogue(language: str) -> Mapping[str, object]:
    """The read-only catalogue of ``language``, with English behind every missing key."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}; got {language!r}.")
    entries = {} if language == DEFAULT_LANGUAGE else dict(load_catalogue(DEFAULT_LANGUAGE))
    for path in sorted((CONTENT / language).glob("*.toml")):
        with path.open("rb") as f:
            entries.update(_flatten(tomllib.load(f)))
    return MappingProxyType(entries)


def current_language() -> str:
    """The language the visitor chose (``app.py`` owns the picker); English when a
    lesson runs on its own."""
    language = st.session_state.get(LANGUAGE_KEY, DEFAULT_LANGUAGE)
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, **values) -> str:
    """The string at ``key`` in the current language, with ``{placeholders}`` filled.

    A missing key raises ``KeyError``: a lesson must never show a blank."""
    text = load_catalogue(current_language())[key]
    return text.format(**values) if values else text


_REQUIRED = object()


def entry(key: str, default=_REQUIRED):
    """A non-string entry (a list of options, an answer index, a flag) at ``key``;
    ``default`` when given and the catalogue has no such key."""
    catalogue = load_catalogue(current_language())
    if default is _REQUIRED:
        return catalogue[key]
    return catalogue.get(key, default)


def is_right_to_left() -> bool:
    return current_language() in RIGHT_TO_LEFT
