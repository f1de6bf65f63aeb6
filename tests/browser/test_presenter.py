"""Presenter mode in a real browser: a prepared link fills a 1280×720 projector with
the lesson's first figure and its controls, and moving on keeps the view."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.test_deep_link import ARTIFACTS, open_and_wait, wait_until_drawn
from ui.course import LESSONS
from ui.text import load_catalogue

pytestmark = pytest.mark.browser

FA = load_catalogue("fa")
RELATED = next(lesson for lesson in LESSONS if lesson.slug == "related_tasks")
NEXT = LESSONS[LESSONS.index(RELATED) + 1]


def first_figure_and_controls_in_view(page: Page) -> bool:
    return page.evaluate("""() => {
        const chart = document.querySelector('[data-testid="stPlotlyChart"]');
        const control = document.querySelector('[data-testid="stMain"] [data-testid="stSlider"]');
        const c = chart.getBoundingClientRect(), w = control.getBoundingClientRect();
        return c.bottom <= innerHeight && w.top >= 0;
    }""")


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_a_presenter_link_fills_a_projector_with_the_first_figure_and_its_controls(
        page, app_url, lang):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_and_wait(page, f"{app_url}/{RELATED.url_path}?present=1&lang={lang}")
    page.screenshot(path=ARTIFACTS / f"presenter-{lang}.png")
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert first_figure_and_controls_in_view(page)


def test_the_next_lesson_keeps_presenter_mode_and_language(page, app_url):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_and_wait(page, f"{app_url}/{RELATED.url_path}?present=1&lang=fa")
    page.get_by_role("link", name=FA["present.next"]).click()
    page.wait_for_url(f"**/{NEXT.url_path}**")
    wait_until_drawn(page)
    assert "present=1" in page.url and "lang=fa" in page.url
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
