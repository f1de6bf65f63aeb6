"""The course outline lives in the repository, in both languages, and cannot drift from
the app: README.md points inside the repository only, every relative link resolves,
every lesson of ``ui.course.LESSONS`` is in both outlines under its title, and every
Persian term of the glossary is a word the Persian catalogues really use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ui.course import LESSONS
from ui.text import CONTENT, load_catalogue

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
COURSE = {"en": ROOT / "docs" / "course.md", "fa": ROOT / "docs" / "course.fa.md"}
DOCS = (README, *COURSE.values())

# [text](target) and ![alt](target); <http://…> autolinks are never relative.
_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _links(path: Path) -> list[str]:
    return _LINK.findall(_CODE.sub("", _text(path)))


def _is_relative(target: str) -> bool:
    return not re.match(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", target, re.IGNORECASE)


def _cells(row: str) -> list[str]:
    """The cells of a Markdown table row; ``\\|`` is a literal bar inside a cell."""
    row = row.strip().strip("|")
    return [cell.replace("\\|", "|").strip() for cell in re.split(r"(?<!\\)\|", row)]


def _glossary(path: Path) -> list[dict[str, str]]:
    """The rows of the glossary: the table whose header names both languages."""
    lines = _text(path).splitlines()
    for i, line in enumerate(lines):
        if line.lstrip().startswith("|") and {"English", "فارسی"} <= set(_cells(line)):
            header = _cells(line)
            rows = []
            for row in lines[i + 2:]:
                if not row.lstrip().startswith("|"):
                    break
                rows.append(dict(zip(header, _cells(row))))
            return rows
    raise AssertionError(f"{path.name} has no glossary table (a header with English and فارسی)")


def _terms(cell: str) -> list[str]:
    """The terms of a glossary cell: alternatives are separated by « / »."""
    plain = re.sub(r"[*«»`]", "", cell)
    return [term.strip() for term in plain.split(" / ") if term.strip()]


def test_the_readme_points_at_nothing_outside_the_repository():
    text = _text(README)
    assert "../" not in text, "README.md points outside the repository"
    for target in _links(README):
        if _is_relative(target):
            resolved = (README.parent / target.split("#")[0]).resolve()
            assert resolved.is_relative_to(ROOT), target


def test_the_readme_points_at_the_course_outline_in_both_languages():
    text = _text(README)
    assert "docs/course.md" in text and "docs/course.fa.md" in text


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_resolves_to_a_file(path):
    relative = [target for target in _links(path) if _is_relative(target)]
    missing = [target for target in relative
               if not (path.parent / target.split("#")[0].split("?")[0]).exists()]
    assert missing == [], f"{path.name}: links to missing files {missing}"


@pytest.mark.parametrize("language", sorted(COURSE))
def test_the_two_outlines_link_to_each_other(language):
    other = {"en": "course.fa.md", "fa": "course.md"}[language]
    head = "\n".join(_text(COURSE[language]).splitlines()[:5])
    assert f"({other})" in head, f"{COURSE[language].name} does not open with a link to {other}"


@pytest.mark.parametrize("language", sorted(COURSE))
def test_every_lesson_is_in_the_outline_under_its_title_in_the_app_order(language):
    text = _text(COURSE[language])
    catalogue = load_catalogue(language)
    positions = []
    for lesson in LESSONS:
        title = catalogue[f"{lesson.slug}.title"]
        heading = re.search(rf"^#+ .*{re.escape(title)}\s*$", text, re.MULTILINE)
        assert heading, f"{COURSE[language].name} has no heading for {lesson.slug}: {title!r}"
        positions.append(heading.start())
        suffix = "?lang=fa" if language == "fa" else ""
        assert f"http://localhost:8501/{lesson.url_path}{suffix}" in text, lesson.slug
    assert positions == sorted(positions), "the lessons are not in the app's order"


def test_every_persian_glossary_term_is_a_word_of_the_persian_catalogues():
    catalogues = "\n".join(path.read_text(encoding="utf-8")
                           for path in sorted((CONTENT / "fa").glob("*.toml")))
    rows = _glossary(COURSE["fa"])
    assert len(rows) >= 50
    missing = [term for row in rows for term in _terms(row["فارسی"]) if term not in catalogues]
    assert missing == [], f"glossary terms the app never uses: {missing}"


def test_both_outlines_carry_the_same_glossary():
    def pairs(path):
        return [(row["English"], row["فارسی"]) for row in _glossary(path)]

    assert pairs(COURSE["en"]) == pairs(COURSE["fa"])


def test_the_persian_outline_follows_the_course_conventions():
    text = _CODE.sub("", _text(COURSE["fa"]))
    assert "یادگیری انتقالی" not in text  # یادگیری انتقال, one word per idea
    # no italics in Persian: bold (**…**) or «…» only
    assert not re.search(r"(?<![*\w])\*(?!\*)[^*\n]+(?<!\*)\*(?![*\w])", text)
    assert not re.search(r"(?<![\w/])_[^_\n]+_(?![\w/])", text)
