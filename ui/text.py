"""Every user-visible string, by key, from the catalogues in ``content/<language>/``.

A catalogue is a folder of TOML files; their tables nest into dotted keys
(``[motivation.quiz.valid] question = "…"`` is ``motivation.quiz.valid.question``). English
is complete; another language fills the same keys and falls back to English for any it
has not translated yet, so a lesson never changes when a translation arrives.
"""

from __future__ import annotations

import contextvars
import functools
import re
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


# Set only while a function runs in a given language outside the script's run (see
# :func:`in_language`); a context variable, so each thread and session has its own.
_SPEAKING: contextvars.ContextVar[str | None] = contextvars.ContextVar("speaking", default=None)


def current_language() -> str:
    """The language the visitor chose (``app.py`` owns the picker); English when a
    lesson runs on its own."""
    language = _SPEAKING.get() or st.session_state.get(LANGUAGE_KEY, DEFAULT_LANGUAGE)
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def in_language(function, language: str | None = None):
    """``function`` bound to ``language`` (default: the current one). A widget's
    ``format_func`` is also called outside the script's run (Streamlit's test harness
    formats a chosen value with it), where the visitor's language is not known."""
    language = language or current_language()

    def speaking(*args, **kwargs):
        token = _SPEAKING.set(language)
        try:
            return function(*args, **kwargs)
        finally:
            _SPEAKING.reset(token)

    return speaking


def t(key: str, **values) -> str:
    """The string at ``key`` in the current language, with ``{placeholders}`` filled and
    its numbers written as the language writes them (:func:`numerals`).

    A missing key raises ``KeyError``: a lesson must never show a blank."""
    text = load_catalogue(current_language())[key]
    return numerals(text.format(**values) if values else text)


_PERSIAN_DIGITS = str.maketrans("0123456789%", "۰۱۲۳۴۵۶۷۸۹٪")
# Math ($…$, $$…$$), code (`…`) and a stretch already isolated keep Latin digits; so do
# digits inside a Latin word or name (L2-SP, x_1, H2O): only a number standing on its
# own is a number in prose.
_KEEP = re.compile(r"(\$\$.*?\$\$|\$[^$]*\$|`[^`]*`|\u2066[^\u2069]*\u2069)", re.DOTALL)
_NUMBER = re.compile(r"(?<![A-Za-z_\\\d.])(?<![A-Za-z]-)\d+(?:[.,]\d+)*%?(?![\d.,]*[A-Za-z_])")


def _persian_number(match: re.Match) -> str:
    number = match.group(0)
    # The decimal point between digits is the Persian decimal separator «٫», the
    # thousands comma «٬».
    number = re.sub(r"(?<=\d)\.(?=\d)", "٫", number)
    number = re.sub(r"(?<=\d),(?=\d)", "٬", number)
    return number.translate(_PERSIAN_DIGITS)


# A Latin stretch inside Persian prose ("P(x)", "D = {X, P(x)}", "L2-SP") is laid out
# right to left with the rest unless it is isolated: its closing bracket would jump to
# the other end. U+2066 … U+2069 (left-to-right isolate) keeps it whole.
_LATIN_RUN = re.compile(
    r"[A-Za-zÀ-ÿ](?:[A-Za-zÀ-ÿ0-9₀-₉⁰-⁹_()·\[\]{}|,.=+\-/^'′ ]*[A-Za-zÀ-ÿ0-9₀-₉⁰-⁹)\]}'′])?")
_PAIRS = {")": "(", "]": "[", "}": "{"}
_ISOLATE, _POP_ISOLATE = "\u2066", "\u2069"


def _is_persian(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in text)


# A signed number («+۱۱», «−۳») keeps its sign on its left, as it is written, only when
# isolated: in a right-to-left line the sign would otherwise land on the right («۱۱+»).
_SIGNED = re.compile(r"(?<![\w.)\]])[+\-−][۰-۹][۰-۹٫٬]*٪?")


def _persian_prose(part: str) -> str:
    part = _NUMBER.sub(_persian_number, part)
    part = re.sub(r"(?<=[۰-۹]), (?=[۰-۹])", "، ", part)  # a list of numbers: «۲، ۸»
    part = _LATIN_RUN.sub(_isolated, part)
    return _SIGNED.sub(lambda m: f"{_ISOLATE}{m.group(0)}{_POP_ISOLATE}", part)


def _isolated(match: re.Match) -> str:
    run = match.group(0)
    # A closing bracket the run did not open belongs to the Persian sentence around it:
    # «(Daumé III)» isolates «Daumé III», not «Daumé III)».
    while run[-1] in _PAIRS and run.count(run[-1]) > run.count(_PAIRS[run[-1]]):
        run = run[:-1].rstrip()
    rest = match.group(0)[len(run):]
    return f"{_ISOLATE}{run}{_POP_ISOLATE}{rest}"


def numerals(text: str, language: str | None = None) -> str:
    """``text`` written as ``language`` (default: the current one) writes it. For
    Persian: Persian digits, «٪» and «٫», and each Latin stretch isolated left to right
    inside the right-to-left line. Math and code spans are left alone, and so are digits
    that belong to a name (L2-SP). English text is returned unchanged."""
    language = language or current_language()
    if language != "fa":
        return text
    if not _is_persian(text):
        # Latin only ("KMM (B = 10)", an option's name): its numbers in Persian digits,
        # and the whole of it isolated so that it keeps its order in a Persian line.
        text = "".join(part if i % 2 else _NUMBER.sub(_persian_number, part)
                       for i, part in enumerate(_KEEP.split(text)))
        latin = any(c.isascii() and c.isalpha() for c in text)
        return f"{_ISOLATE}{text}{_POP_ISOLATE}" if latin and _ISOLATE not in text else text
    # split() with one group alternates prose (even) and kept spans (odd).
    return "".join(part if i % 2 else _persian_prose(part)
                   for i, part in enumerate(_KEEP.split(text)))


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


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: str) -> str:
    """``text`` with every Markdown character escaped, so that what a visitor uploaded
    (a cell reading ``**bold**`` or ``<script>``) shows as the characters it is."""
    return _MARKDOWN.sub(r"\\\1", text)
