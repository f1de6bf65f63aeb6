"""The app in a real browser (Debian's Chromium) against a real `streamlit run app.py`.

Each lesson's full-page screenshot lands in test-artifacts/ for a person to look at.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page

from tests.driver import controls, open_page
from ui.course import HOME, LESSONS, ROOT
from ui.text import load_catalogue

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"  # gitignored; the server fixture creates it
EN = load_catalogue("en")
MOTIVATION = next(lesson for lesson in LESSONS if lesson.slug == "motivation")


def open_and_wait(page: Page, url: str) -> None:
    """Open ``url`` and wait until Streamlit has run the page's script and drawn it."""
    page.goto(url, wait_until="domcontentloaded")
    wait_until_drawn(page)


def wait_until_drawn(page: Page) -> None:
    # stApp's data-test-script-state is "initial" before the first run, "running"
    # during one and "notRunning" once it has finished. Widgets and charts load their
    # code lazily and show an stSkeleton placeholder meanwhile, often for seconds after
    # the run has finished; Plotly then draws its SVG.
    page.wait_for_function("""() =>
        document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState
            === "notRunning"
        && !document.querySelector('[data-testid="stSkeleton"]')
        && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
            .every(chart => chart.querySelector(".main-svg"))""")


def screenshot(page: Page, name: str) -> None:
    """The whole page: stMain scrolls inside the window, so grow the window to fit it."""
    height = page.locator('[data-testid="stMain"]').evaluate("el => el.scrollHeight")
    page.set_viewport_size({"width": 1280, "height": min(height, 20_000)})
    wait_until_drawn(page)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def shown_exceptions(page: Page) -> list[str]:
    """The text of every exception box Streamlit shows (a Python error in the page)."""
    return page.locator('[data-testid="stException"], .stException').all_inner_texts()


def title(page: Page, slug: str):
    return page.locator('[data-testid="stMain"] h1').filter(has_text=EN[f"{slug}.title"])


def nav(page: Page):
    """The sidebar navigation, with every entry shown (it folds long sections)."""
    sidebar_nav = page.locator('[data-testid="stSidebarNav"]')
    more = sidebar_nav.locator('[data-testid="stSidebarNavViewButton"]')
    if more.count() and "more" in more.inner_text().lower():
        more.click()
    return sidebar_nav


def test_deep_link_on_a_fresh_server_opens_the_lesson_inside_the_apps_navigation(
        page, fresh_app_url):
    # The first visitor of a fresh server, started as `make run` starts it. Streamlit
    # starts in its legacy "pages/ directory" mode whenever a pages/ folder exists next
    # to app.py, until some run reaches st.navigation: a stray pages/*.py would then be
    # served without app.py (no sections, no language), and even without one this
    # visitor would be told "Page not found" while app.py's navigation takes over.
    # scripts/serve.sh runs app.py once at start-up so that never happens.
    open_and_wait(page, f"{fresh_app_url}/{MOTIVATION.url_path}")
    title(page, MOTIVATION.slug).wait_for()
    dialogs = page.get_by_role("dialog").all_inner_texts()
    assert not dialogs, f"the first visitor sees a dialog: {dialogs}"
    sidebar_nav = nav(page)
    assert EN[f"section.{MOTIVATION.section}"] in sidebar_nav.inner_text()
    for lesson in LESSONS:
        assert sidebar_nav.get_by_text(EN[f"{lesson.slug}.nav"]).count(), lesson.slug


def test_home_page_links_to_every_lesson(page, app_url):
    open_and_wait(page, app_url)
    main = page.locator('[data-testid="stMain"]')
    for lesson in LESSONS:  # st.page_link writes a relative href, "motivation"
        link = f'a[href="{lesson.url_path}"], a[href$="/{lesson.url_path}"]'
        assert main.locator(link).count(), lesson.slug


def test_persian_renders_right_to_left(page, app_url):
    open_and_wait(page, f"{app_url}/?lang=fa")
    direction = page.locator('[data-testid="stMain"]').evaluate(
        "el => getComputedStyle(el).direction")
    assert direction == "rtl"


def test_garbage_query_parameters_show_no_traceback(page, app_url):
    # Nonsense for made-up parameters and for every control the lesson really has.
    keys = [c.key for c in controls(open_page(MOTIVATION.path).run()) if c.key]
    garbage = {"strength": "banana", "shift": "<script>", **dict.fromkeys(keys, "banana")}
    open_and_wait(page, f"{app_url}/{MOTIVATION.url_path}?{urlencode(garbage)}")
    title(page, MOTIVATION.slug).wait_for()
    assert not shown_exceptions(page), shown_exceptions(page)[0]
    assert "Traceback" not in page.locator("body").inner_text()
    alerts = page.locator('[data-testid="stAlert"]').all_inner_texts()
    assert any("m_strength" in alert and "banana" in alert for alert in alerts), alerts


@pytest.mark.parametrize("lesson", [HOME, *LESSONS], ids=lambda lesson: lesson.slug)
def test_page_renders_without_an_exception(page, app_url, lesson):
    url_path = "" if lesson is HOME else lesson.url_path
    open_and_wait(page, f"{app_url}/{url_path}")
    title(page, lesson.slug).wait_for()
    screenshot(page, lesson.slug)
    assert not shown_exceptions(page), shown_exceptions(page)[0]


def test_tradaboost_play_steps_the_rounds_in_the_browser_and_stops(page, app_url):
    # The play toggle reruns one fragment on a timer (st.fragment(run_every=...)), which
    # AppTest cannot tick: only a browser shows the rounds actually moving.
    open_and_wait(page, f"{app_url}/tradaboost")
    # A long title wraps onto two lines (their text joins without a space): match the first.
    figure_title = page.locator(".gtitle").filter(has_text="of TrAdaBoost")
    assert "round 10 " in figure_title.text_content()
    page.get_by_text(EN["tradaboost.play"]).click()
    page.wait_for_function("""() => [...document.querySelectorAll('.gtitle')]
        .some(t => /round [2-9] of TrAdaBoost/.test(t.textContent))""")
    assert "tb_round=" in page.url  # the link follows the round
    page.get_by_text(EN["tradaboost.play"]).click()
    wait_until_drawn(page)
    stopped = figure_title.text_content()
    page.wait_for_timeout(3000)  # more than two ticks
    assert figure_title.text_content() == stopped
    assert not shown_exceptions(page)
