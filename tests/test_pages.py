"""Every page runs under Streamlit's AppTest: on its own, after each control changes,
and through app.py's navigation."""

from __future__ import annotations

import re

import pytest

from tests.driver import (
    ROOT, change, controls, is_self_check, messages, open_page, titles,
)
from ui.course import HOME, LESSONS
from ui.text import load_catalogue

PAGES = [HOME, *LESSONS]
EN = load_catalogue("en")


def by_slug(lesson) -> str:
    return lesson.slug


def assert_renders(at, lesson, after: str = "at defaults") -> None:
    assert not at.exception, f"{lesson.slug} {after}: {at.exception[0].value}"
    assert EN[f"{lesson.slug}.title"] in titles(at), f"{lesson.slug} {after}: no title"
    shown = [text for _, text in messages(at)] + [str(m.value) for m in at.metric]
    broken = [text for text in shown if re.search(r"\bnan\b", text, re.IGNORECASE)]
    assert not broken, f"{lesson.slug} {after}: a number shows as nan: {broken[0]!r}"


@pytest.mark.parametrize("lesson", PAGES, ids=by_slug)
def test_page_runs_clean_at_defaults(lesson):
    at = open_page(lesson.path).run()
    assert_renders(at, lesson)


@pytest.mark.parametrize("lesson", PAGES, ids=by_slug)
def test_page_runs_clean_after_each_control_changes(lesson):
    # Controls change one after another on the same session, as a student would;
    # a self-check question, once answered, must explain its verdict.
    at = open_page(lesson.path).run()
    assert_renders(at, lesson)
    for control in controls(at):
        answering = is_self_check(control.widget(at))
        before = messages(at)
        change(at, control)
        at.run()
        assert_renders(at, lesson, after=f"after changing {control}")
        if answering:
            assert messages(at) - before, f"{control}: answered, but nothing explained"


def test_app_runs_clean_at_defaults():
    at = open_page(ROOT / "app.py").run()
    assert_renders(at, HOME, after="through app.py")


@pytest.mark.parametrize("lesson", LESSONS, ids=by_slug)
def test_app_switches_to_lesson_cleanly(lesson):
    at = open_page(ROOT / "app.py").run()
    assert not at.exception, f"app.py itself failed: {at.exception[0].value}"
    at.switch_page(str(lesson.path.relative_to(ROOT))).run()
    assert_renders(at, lesson, after="through app.py")
