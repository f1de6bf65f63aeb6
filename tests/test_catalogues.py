"""The two catalogues, file by file: every English string has its Persian one in the
lesson's own file, with the same placeholders, and the Persian follows the course's
conventions (one word per idea, no italics, no separator that reads as a digit)."""

from __future__ import annotations

import re
import string
import tomllib
from pathlib import Path

import pytest

CONTENT = Path(__file__).resolve().parent.parent / "content"
FILES = sorted(path.name for path in (CONTENT / "en").glob("*.toml"))


def _flat(table: dict, prefix: str = "") -> dict:
    flat = {}
    for key, value in table.items():
        if isinstance(value, dict):
            flat.update(_flat(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _catalogue(language: str, name: str) -> dict:
    path = CONTENT / language / name
    return _flat(tomllib.loads(path.read_text(encoding="utf-8"))) if path.exists() else {}


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _fields(text: str):
    """The placeholders with their format specs ({acc:.0%}); a string with literal
    braces (a formula, never formatted) has none."""
    try:
        return sorted((name, spec) for _, name, spec, _ in string.Formatter().parse(text)
                      if name is not None)
    except ValueError:
        return []


def _persian() -> list[tuple[str, str, str]]:
    return [(name, key, text) for name in FILES
            for key, value in _catalogue("fa", name).items() for text in _strings(value)]


@pytest.mark.parametrize("name", FILES)
def test_every_english_key_has_its_persian_in_the_same_file(name):
    assert sorted(set(_catalogue("en", name)) - set(_catalogue("fa", name))) == []


@pytest.mark.parametrize("name", FILES)
def test_no_persian_key_without_its_english(name):
    assert sorted(set(_catalogue("fa", name)) - set(_catalogue("en", name))) == []


def test_no_catalogue_file_exists_in_one_language_only():
    assert sorted(p.name for p in (CONTENT / "fa").glob("*.toml")) == FILES


@pytest.mark.parametrize("name", FILES)
def test_persian_strings_keep_the_english_placeholders_and_formats(name):
    english, persian = _catalogue("en", name), _catalogue("fa", name)
    for key in english.keys() & persian.keys():
        en, fa = english[key], persian[key]
        assert type(en) is type(fa), key
        if isinstance(en, list):
            assert len(en) == len(fa), key
        for e, f in zip(_strings(en), _strings(fa)):
            assert _fields(e) == _fields(f), key


@pytest.mark.parametrize("name", FILES)
def test_no_persian_string_is_shorter_than_a_third_of_its_english(name):
    # A cheap guard against a dropped sentence.
    english, persian = _catalogue("en", name), _catalogue("fa", name)
    short = [key for key in english.keys() & persian.keys()
             for e, f in zip(_strings(english[key]), _strings(persian[key]))
             if len(f.strip()) < len(e.strip()) / 3]
    assert short == []


# One word per idea, in the formal register of a university course.
# (the word to avoid, what to write instead, a test id)
AVOIDED = (
    ("یادگیری انتقالی", "یادگیری انتقال", "transfer-learning"),
    ("شانس", "حدس تصادفی", "chance"),
    ("خویشاوند", "رویکردهای مرتبط", "relatives"),
    ("دقت کنید", "توجه کنید, since دقت is accuracy", "notice"),
    (" pp", "واحد درصد", "percentage-points"),
)


@pytest.mark.parametrize(("word", "instead"), [a[:2] for a in AVOIDED],
                         ids=[a[2] for a in AVOIDED])
def test_persian_uses_the_course_vocabulary(word, instead):
    found = [f"{name}:{key}" for name, key, text in _persian() if word in text]
    assert found == [], f"write {instead!r} instead of {word!r}"


def test_persian_has_no_italics():
    # Italics swallow the spaces around Persian words; bold or «quotes» instead.
    italic = re.compile(r"(?<![*\w])\*(?!\*)[^*\n]+?(?<!\*)\*(?![*\w])|(?<!\w)_[^_\s][^_\n]*_(?!\w)")
    found = [f"{name}:{key}" for name, key, text in _persian()
             if italic.search(re.sub(r"\$[^$]*\$|`[^`]*`", "", text))]
    assert found == []


def test_no_middle_dot_beside_a_digit_in_persian():
    # «·» next to «۱» reads as «۱۰».
    beside = re.compile(r"[0-9۰-۹]\s?·|·\s?[0-9۰-۹]")
    found = [f"{name}:{key}" for name, key, text in _persian()
             if beside.search(re.sub(r"\$[^$]*\$|`[^`]*`", "", text))]
    assert found == []
