"""Hostile links and uploads in a real browser: nothing a visitor puts in a URL or a CSV
file runs as script or renders as markup, and no lesson logs an error in the console.

One page load per page: every URL parameter its controls use (tests/driver.controls on
an AppTest run, plus the Lab's multiselect), ``lang`` and ``present`` each get one of the
payloads below, in turn, so every payload lands on every page. A control's warning
quotes at most 40 characters of the link's value (ui.controls.warn_ignored), so each
payload is kept under that to be shown whole.
"""

from __future__ import annotations

import functools
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page

from tests.browser.test_deep_link import open_and_wait, shown_exceptions
from tests.browser.test_lab import CORPUS, upload
from tests.driver import controls, open_page
from ui.course import LAB, LESSONS
from ui.shell import _DOCUMENT_SCRIPT

pytestmark = pytest.mark.browser

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
MARKDOWN = "**bold**[link](javascript:alert(1))"
PAYLOADS = (MARKDOWN, SCRIPT, IMG)
PAGES = (*LESSONS, LAB)

# The app's one script (ui/shell.apply_direction: sets <html lang dir>), as it is drawn
# for an English page: the only <script> allowed in the page. Whatever ?lang= says, the
# page is English (an unknown language is refused), so its text is exactly this.
APP_SCRIPT = _DOCUMENT_SCRIPT.replace("{lang}", "en").replace("{direction}", "ltr")
APP_SCRIPT_BODY = APP_SCRIPT.strip().removeprefix("<script>").removesuffix("</script>").strip()


@functools.cache
def url_keys(path) -> tuple[str, ...]:
    """The keys of the page's controls (the URL parameters among them)."""
    at = open_page(path).run()
    keys = [c.key for c in controls(at) if c.key]
    keys += [w.key for w in at.multiselect if w.key]  # the Lab's methods (?lab_methods=)
    return tuple(dict.fromkeys(keys))


def hostile_query(path) -> dict[str, str]:
    keys = [*url_keys(path), "lang", "present"]
    return {key: PAYLOADS[i % len(PAYLOADS)] for i, key in enumerate(keys)}


# Console errors that are not the app's doing, each filtered as narrowly as it can be.
# Streamlit's own: on a deep link (/motivation) its frontend looks for the server first
# under the page's path, as if the app were served below it (/motivation/_stcore/health,
# /motivation/_stcore/host-config: 404, logged by the browser as "Failed to load
# resource"), then at the root, where it finds it. Streamlit 1.67, whatever the app does.
STREAMLIT_PROBES = ("_stcore/health", "_stcore/host-config")


def watch_console(page: Page, app_url: str) -> list[str]:
    """Every console error and uncaught exception of the page, as it happens, but the
    known ones above."""
    errors: list[str] = []

    def on_console(message) -> None:
        if message.type != "error":
            return
        where = message.location.get("url", "")
        probe = (message.text.startswith("Failed to load resource: the server responded "
                                         "with a status of 404")
                 and where.startswith(app_url + "/")
                 and where.endswith(STREAMLIT_PROBES))
        if not probe:
            errors.append(f"console: {message.text} ({where})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
    return errors


def injection_findings(page: Page) -> dict[str, object]:
    """What an injection would leave behind, as seen in the page."""
    page.wait_for_timeout(300)  # an <img onerror> fires after its (failed) load
    return page.evaluate("""(appScript) => {
        const app = document.querySelector('[data-testid="stApp"]');
        const all = [...app.querySelectorAll('script')].map(s => s.textContent.trim());
        return {
            appScripts: all.filter(text => text === appScript).length,
            lang: document.documentElement.lang,
            pwned: typeof window.__pwned,
            images: [...document.querySelectorAll('img[src="x"], img[onerror]')]
                .map(el => el.outerHTML),
            scripts: all.filter(text => text !== appScript),
            payloadInAnyScript: [...document.scripts].some(
                s => s.textContent.includes('__pwned')),
            bold: [...app.querySelectorAll('strong, b')]
                .filter(el => el.textContent.trim() === 'bold').map(el => el.outerHTML),
            links: [...document.querySelectorAll('a')]
                .filter(a => a.textContent.trim() === 'link'
                        || (a.getAttribute('href') || '').trim().toLowerCase()
                           .startsWith('javascript:'))
                .map(el => el.outerHTML),
        };
    }""", APP_SCRIPT_BODY)


def assert_nothing_injected(page: Page) -> None:
    found = injection_findings(page)
    assert found["pwned"] == "undefined", "an injected script ran"
    assert not found["images"], found["images"]
    assert not found["scripts"], found["scripts"]
    # The app's own script is there, once (so the exclusion above is exact), and a
    # ?lang= payload did not reach it: the page stays English.
    assert found["appScripts"] == 1
    assert found["lang"] == "en"
    assert not found["payloadInAnyScript"]
    assert not found["bold"], found["bold"]
    assert not found["links"], found["links"]
    assert not shown_exceptions(page), shown_exceptions(page)[0]
    assert "Traceback" not in page.locator("body").inner_text()


@pytest.mark.parametrize("lesson", PAGES, ids=lambda lesson: lesson.slug)
def test_hostile_url_parameters_are_shown_as_text_and_never_run(page, app_url, lesson):
    query = hostile_query(lesson.path)
    errors = watch_console(page, app_url)
    open_and_wait(page, f"{app_url}/{lesson.url_path}?{urlencode(query)}")
    page.locator('[data-testid="stMain"] h1').first.wait_for()
    assert_nothing_injected(page)
    # The payloads did reach the page: each is quoted, character for character, in a
    # control's "this link's value was not taken" warning.
    body = page.locator("body").inner_text()
    for payload in set(query.values()):
        assert payload in body, payload
    assert not errors, errors


HOSTILE_CLASSES = {"0": IMG, "1": "**bold**"}


def _quoted(label: str) -> str:
    return '"' + label.replace('"', '""') + '"'


def test_a_markdown_cell_in_an_upload_is_shown_as_text(page, app_url):
    errors = watch_console(page, app_url)
    open_and_wait(page, f"{app_url}/{LAB.url_path}")
    upload(page, CORPUS / "non_numeric-markdown.csv", CORPUS / "good_target.csv")
    alert = page.locator('[data-testid="stAlert"]').filter(has_text="x2").last
    assert "**bold**" in alert.inner_text()
    assert_nothing_injected(page)
    assert not errors, errors


def test_class_names_with_markup_are_ranked_and_never_run(page, app_url, tmp_path):
    errors = watch_console(page, app_url)
    source = hostile_csv(tmp_path, "good_source.csv")
    target = hostile_csv(tmp_path, "good_target.csv")
    open_and_wait(page, f"{app_url}/{LAB.url_path}")
    upload(page, source, target)
    # Ranked, as usual: the second table is the one of the upload (new data: its
    # methods are fitted now, which can outlast upload()'s wait).
    page.locator('[data-testid="stDataFrame"]').nth(1).wait_for()
    assert_nothing_injected(page)
    assert not errors, errors


def test_a_class_name_with_markup_is_quoted_as_text_in_a_message(page, app_url, tmp_path):
    # A target class the source lacks: the message quotes it, and the source's classes.
    errors = watch_console(page, app_url)
    source = hostile_csv(tmp_path, "good_source.csv")
    target = hostile_csv(tmp_path, "good_target.csv", extra=SCRIPT)
    open_and_wait(page, f"{app_url}/{LAB.url_path}")
    upload(page, source, target)
    alert = page.locator('[data-testid="stAlert"]').filter(has_text="window.__pwned").last
    text = alert.inner_text()
    for name in (SCRIPT, IMG, "**bold**"):
        assert name in text, name
    assert_nothing_injected(page)
    assert not errors, errors


def hostile_csv(tmp_path, name: str, *, extra: str | None = None):
    """``name`` from the corpus (good numeric features) with its classes 0 and 1 renamed
    to markup, and optionally one more row of class ``extra``."""
    lines = (CORPUS / name).read_text().splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        *features, label = line.split(",")
        out.append(",".join([*features, _quoted(HOSTILE_CLASSES[label]) if label else ""]))
    if extra is not None:
        out.append(",".join([*lines[1].split(",")[:-1], _quoted(extra)]))
    path = tmp_path / name
    path.write_text("\n".join(out) + "\n")
    return path


def test_no_request_leaves_the_server(page, app_url):
    # The course is meant to work in a classroom without internet (static/ holds the
    # Persian font for that reason): no page should ask another host for anything.
    outside: list[str] = []
    page.on("request", lambda request: request.url.startswith(("http:", "https:"))
            and not request.url.startswith(app_url) and outside.append(request.url))
    open_and_wait(page, f"{app_url}/{LESSONS[0].url_path}")
    page.wait_for_timeout(500)
    assert not outside, outside
