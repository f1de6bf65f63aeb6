"""Security basics that need no browser: the server's own protections stay on, and no
text reaches the page as raw HTML except the few uses listed here with their reason.

tests/browser/test_browser_security.py does the same from the outside: hostile URLs and uploads
in a real browser.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from tllib import tabular

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / ".streamlit" / "config.toml"
CONTENT = ROOT / "content"

# The flags the app is started with: scripts/serve.sh's own and the ones `make run` and
# the browser tests' server fixture (tests/conftest.py) add.
SERVE_FLAGS = {"server.scriptHealthCheckEnabled": True, "server.headless": True,
               "browser.gatherUsageStats": False}


def _project_config() -> dict:
    with CONFIG.open("rb") as f:
        return tomllib.load(f)


def _effective_options(home: Path, *names: str) -> dict:
    """Streamlit's effective value of each option, as a server started from the project
    folder sees it: the project's config.toml, no user-level config (HOME is a fresh
    folder), no STREAMLIT_* variables, serve.sh's flags. A subprocess, so this test's
    process keeps Streamlit's config as it was."""
    code = (
        "import json, sys\n"
        "from streamlit import config\n"
        "flags = json.loads(sys.argv[1])\n"
        "config.get_config_options(force_reparse=True, options_from_flags=flags)\n"
        "print(json.dumps({n: config.get_option(n) for n in sys.argv[2:]}))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    env["HOME"] = str(home)
    result = subprocess.run([sys.executable, "-c", code, json.dumps(SERVE_FLAGS), *names],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
                            check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


# -- XSRF protection -------------------------------------------------------------------

def test_project_config_does_not_turn_xsrf_protection_off():
    server = _project_config().get("server", {})
    assert server.get("enableXsrfProtection", True) is True


def test_no_start_script_turns_xsrf_protection_off():
    # A flag (--server.enableXsrfProtection false) or a variable
    # (STREAMLIT_SERVER_ENABLE_XSRF_PROTECTION) would override the config file.
    starters = [ROOT / "Makefile", *sorted((ROOT / "scripts").glob("*")),
                *sorted(ROOT.glob("Dockerfile*")), *sorted(ROOT.glob("*.sh"))]
    pattern = re.compile(r"enableXsrfProtection|ENABLE_XSRF_PROTECTION", re.IGNORECASE)
    for path in starters:
        if path.is_file():
            assert not pattern.search(path.read_text(errors="replace")), path.name


@pytest.fixture(scope="module")
def effective(tmp_path_factory) -> dict:
    return _effective_options(tmp_path_factory.mktemp("home"),
                              "server.enableXsrfProtection", "server.maxUploadSize")


def test_streamlit_keeps_xsrf_protection_on_with_the_projects_config(effective):
    assert effective["server.enableXsrfProtection"] is True


# -- Upload limit ------------------------------------------------------------------------

def test_project_config_sets_the_upload_limit_to_the_readers_limit():
    assert _project_config()["server"]["maxUploadSize"] == tabular.MAX_MEGABYTES


def test_streamlit_applies_the_upload_limit(effective):
    assert effective["server.maxUploadSize"] == tabular.MAX_MEGABYTES


# -- Catalogues: no raw HTML -------------------------------------------------------------

# Catalogue strings are Markdown written by the course's authors; Streamlit escapes HTML
# in Markdown, but a string can also become a Plotly title, where Plotly renders its own
# small set of tags. Decision: the only tag a catalogue may hold is a line break <br>
# (also <br/>, <br />), and only in a figure or axis title — a key whose last part ends
# in "title" (``lab.sweep.title``, ``tradaboost.figure_title``): Plotly breaks the line
# there. Anywhere else a tag is a mistake (shown as text at best). Code spans (`…`,
# ```…```) are text, not markup, and are skipped. Mathematics: write ``a < b`` with a
# space (or \lt) so that it never looks like a tag.
TAG = re.compile(r"</?[a-zA-Z!][^>]*>?")
LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
CODE = re.compile(r"```.*?```|`[^`]*`", re.DOTALL)


def _strings(value, key: str):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, f"{key}.{k}" if key else k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, f"{key}[{i}]")
    elif isinstance(value, str):
        yield key, value


def _is_figure_title(key: str) -> bool:
    return key.split(".")[-1].split("[")[0].endswith("title")


def tags_in(key: str, text: str) -> list[str]:
    """The HTML tags ``text`` would carry into a page, given its key."""
    text = CODE.sub("", text)
    found = TAG.findall(text)
    if _is_figure_title(key):
        found = [tag for tag in found if not LINE_BREAK.fullmatch(tag)]
    return found


CATALOGUE_FILES = sorted(CONTENT.glob("*/*.toml"))


@pytest.mark.parametrize("path", CATALOGUE_FILES,
                         ids=[f"{p.parent.name}/{p.name}" for p in CATALOGUE_FILES])
def test_catalogue_holds_no_raw_html(path):
    with path.open("rb") as f:
        catalogue = tomllib.load(f)
    offending = {key: tags for key, text in _strings(catalogue, "")
                 if (tags := tags_in(key, text))}
    assert not offending, offending


@pytest.mark.parametrize(("key", "text", "tags"), [
    ("x.intro", "see <script>alert(1)</script>", ["<script>", "</script>"]),
    ("x.intro", 'an <img src=x onerror="a()"> here', ['<img src=x onerror="a()">']),
    ("x.intro", "one line<br>two", ["<br>"]),  # a break outside a figure title
    ("x.figure_title", "one line<br>two", []),
    ("x.sweep.title", "one<br/>two<b>bold</b>", ["<b>", "</b>"]),
    ("x.intro", "write `<div>` in code", []),
    ("x.intro", "$a < b$ and 3<4", []),
])
def test_the_catalogue_check_finds_tags(key, text, tags):
    assert tags_in(key, text) == tags


# -- Raw HTML in the app's code: an allow-list -------------------------------------------

# Every place where the app hands Streamlit HTML (or JavaScript) to render as is, with
# why it is safe. A new use fails the test until it is listed here with its reason.
RAW_HTML = re.compile(r"unsafe_allow_html\s*=\s*True|\bst\.html\(|unsafe_allow_javascript"
                      r"|components(?:\.v1)?\.html\(")
ALLOWED = {
    ("ui/lesson.py", "st.html(_COMPACT_CSS)"):
        "a constant <style> block (a lesson's tighter layout); no text from outside",
    ("ui/shell.py",
     'st.html(script + (_RTL_CSS if is_right_to_left() else ""), unsafe_allow_javascript=True)'):
        "the one <script> of the app: sets <html lang dir>. Its only inputs are "
        "current_language() (a key of ui.text.LANGUAGES, never the raw ?lang= value) "
        "and 'rtl'/'ltr'; the rest is the constant _RTL_CSS",
    ("ui/shell.py", "st.html(_PRESENT_CSS)"):
        "a constant <style> block (presenter mode); ?present= only switches it on",
}


def raw_html_uses() -> Counter:
    uses = Counter()
    files = [ROOT / "app.py", *sorted((ROOT / "pages").rglob("*.py")),
             *sorted((ROOT / "ui").rglob("*.py"))]
    for path in files:
        for line in path.read_text().splitlines():
            if RAW_HTML.search(line) and not line.lstrip().startswith("#"):
                uses[(path.relative_to(ROOT).as_posix(), line.strip())] += 1
    return uses


def test_every_raw_html_use_is_allowed_with_a_reason():
    unlisted = [use for use in raw_html_uses() if use not in ALLOWED]
    assert not unlisted, f"raw HTML not in the allow-list (add it with a reason): {unlisted}"


def test_every_allowed_raw_html_use_still_exists_once():
    # A stale entry would let a future line with the same text in through unseen.
    assert dict(raw_html_uses()) == dict.fromkeys(ALLOWED, 1)


@pytest.mark.parametrize("asked", ['"; window.__pwned=1; "', "<script>", "EN", ""])
def test_the_scripts_language_comes_from_a_closed_set(asked):
    # The allow-list's reason for ui/shell.py, checked: whatever language is asked for,
    # the one put into the <script> is a known one.
    from ui import text
    token = text._SPEAKING.set(asked)
    try:
        assert text.current_language() in text.LANGUAGES
    finally:
        text._SPEAKING.reset(token)
