"""The Persian edition in a real browser: the document speaks Persian from the link's
first load, in the course's own font, and a choice survives a change of language."""

from __future__ import annotations

import pytest

from tests.browser.test_deep_link import open_and_wait, wait_until_drawn
from ui.course import LESSONS
from ui.text import load_catalogue, numerals

pytestmark = pytest.mark.browser

EN, FA = load_catalogue("en"), load_catalogue("fa")
MOTIVATION = next(lesson for lesson in LESSONS if lesson.slug == "motivation")


def test_a_persian_link_gives_a_persian_document_from_its_first_load(page, app_url):
    open_and_wait(page, f"{app_url}/{MOTIVATION.url_path}?lang=fa")
    page.wait_for_function("() => document.documentElement.lang === 'fa'")
    html = page.evaluate("() => [document.documentElement.lang, document.documentElement.dir]")
    assert html == ["fa", "rtl"]
    assert page.title() == FA["app.name"]


def test_english_is_the_document_language_of_an_english_link(page, app_url):
    open_and_wait(page, f"{app_url}/{MOTIVATION.url_path}")
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    assert page.evaluate("() => document.documentElement.dir") == "ltr"
    assert page.title() == EN["app.name"]


def test_persian_paragraphs_are_set_in_vazirmatn_served_by_the_app(page, app_url):
    open_and_wait(page, f"{app_url}/?lang=fa")
    paragraph = page.locator('[data-testid="stMain"] [data-testid="stMarkdownContainer"] p').first
    family = paragraph.evaluate("el => getComputedStyle(el).fontFamily")
    assert family.split(",")[0].strip().strip('"') == "Vazirmatn"
    # The font file itself came from the app (no CDN) and the browser could use it.
    page.wait_for_function("() => document.fonts.check('16px Vazirmatn', 'یادگیری')")
    loaded = page.evaluate("""() => [...document.fonts]
        .filter(f => f.family.replace(/"/g, '') === 'Vazirmatn').map(f => f.status)""")
    assert "loaded" in loaded


def test_a_chosen_option_is_shown_in_the_new_language_after_switching(page, app_url):
    open_and_wait(page, f"{app_url}/{MOTIVATION.url_path}?lang=fa&m_shift=prior")
    shift = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"] input').first
    assert FA["shift.prior.name"].split(":")[0] in shift.input_value()
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"] input').click()
    page.get_by_role("option", name="English").click()
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    wait_until_drawn(page)
    assert shift.input_value() == EN["shift.prior.name"]


def test_persian_widget_labels_start_at_the_right_and_slider_tracks_run_left_to_right(
        page, app_url):
    open_and_wait(page, f"{app_url}/{MOTIVATION.url_path}?lang=fa")
    slider = page.locator('[data-testid="stMain"] [data-testid="stSlider"]').first
    label = slider.locator('[data-testid="stWidgetLabel"]')
    label_box, slider_box = label.bounding_box(), slider.bounding_box()
    assert slider_box["x"] + slider_box["width"] - (label_box["x"] + label_box["width"]) < 4
    # The track runs from its minimum on the left to its maximum on the right.
    low, high = slider.locator('[data-testid="stSliderTickBar"] p').all()
    assert low.bounding_box()["x"] < high.bounding_box()["x"]
    track = slider.locator(':scope > [role="group"]')
    assert track.evaluate("el => getComputedStyle(el).direction") == "ltr"


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_navigation_shows_every_lesson_without_a_fold(page, app_url, lang):
    open_and_wait(page, f"{app_url}/?lang={lang}")
    sidebar = page.locator('[data-testid="stSidebarNav"]')
    assert not sidebar.locator('[data-testid="stSidebarNavViewButton"]').count()
    catalogue = FA if lang == "fa" else EN
    for lesson in LESSONS:  # as the page writes it (a Latin name isolated in Persian)
        name = numerals(catalogue[f"{lesson.slug}.nav"], lang)
        assert sidebar.get_by_text(name, exact=True).is_visible(), name
