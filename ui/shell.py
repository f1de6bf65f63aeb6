"""What ``app.py`` puts around every page: the language picker and the reading
direction."""

from __future__ import annotations

import streamlit as st

from .controls import choice, warn_ignored
from .text import (DEFAULT_LANGUAGE, LANGUAGE_KEY, LANGUAGES, current_language,
                   is_right_to_left, t)

# The document's language and direction follow the visitor's language: <html lang dir>
# (screen readers, the browser's own text handling, CSS's "start") and, on a Persian
# page, right-to-left prose with figures, formulas, code and slider tracks kept left to
# right. Each paragraph still takes the direction of its first letter
# (unicode-bidi: plaintext), so a Latin-only line reads correctly inside the Persian page.
_DOCUMENT_SCRIPT = """
<script>
document.documentElement.lang = "{lang}";
document.documentElement.dir = "{direction}";
</script>
"""
_RTL_CSS = """
<style>
/* Streamlit's frame stays left to right (its collapsed sidebar slides out to the left:
   laid out right to left it would slide over the page on a phone); what it holds does not. */
[data-testid="stApp"] { direction: ltr; }
[data-testid="stMain"], [data-testid="stSidebarContent"] { direction: rtl; text-align: start; }
[data-testid="stMain"] :is(p, li, label, h1, h2, h3, h4, td, th, summary) {
  unicode-bidi: plaintext; text-align: start;
}
/* Persian units are words («+۱۱ واحد درصد»): a metric wraps rather than being cut. */
[data-testid="stMetricValue"], [data-testid="stMetricValue"] div,
[data-testid="stMetricLabel"] p { white-space: normal; overflow: visible; }
[data-testid="stMetricValue"] { font-size: 1.9rem; line-height: 1.25; }
/* Plotly measures its labels in a hidden #js-plotly-tester in the body: measured right
   to left, its axis titles would be placed over the tick labels. */
.katex, .js-plotly-plot, #js-plotly-tester, pre, code, [data-testid="stSlider"] > [role="group"] {
  direction: ltr; unicode-bidi: isolate;
}
</style>
"""


def language_picker() -> None:
    """A sidebar picker mirrored in ``?lang=``, so a lesson link can carry its language.
    ``app.py`` calls it before anything that speaks, so a link's language holds from
    its first paint (the browser tab's title included)."""
    with st.sidebar:
        choice(st.selectbox, t("common.language"), LANGUAGES, key=LANGUAGE_KEY,
               default=DEFAULT_LANGUAGE, format_func=LANGUAGES.get, translated=False)


def apply_direction() -> None:
    """The document's ``lang`` and ``dir``, and the Persian page's direction rules."""
    language = current_language()
    direction = "rtl" if is_right_to_left() else "ltr"
    script = _DOCUMENT_SCRIPT.replace("{lang}", language).replace("{direction}", direction)
    st.html(script + (_RTL_CSS if is_right_to_left() else ""), unsafe_allow_javascript=True)


PRESENT_KEY = "present"  # session-state key and URL query parameter (?present=1)
_PRESENT_VALUES = {"1": True, "true": True, "0": False, "false": False}
# For a projector: Streamlit's chrome and the sidebar out of the way, larger type, the
# page using the whole width.
_PRESENT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stDecoration"] { display: none !important; }
html { font-size: 18px; }
[data-testid="stMainBlockContainer"] {
  padding: 1rem 2rem 2rem 2rem !important; max-width: 100% !important;
}
</style>
"""


def presenter_mode() -> bool:
    """``?present=1``: the view for a projector at the front of a room. The choice is
    kept in the session and written back to the URL on every run, so it stays on while
    moving between lessons and a prepared link opens exactly that view."""
    if PRESENT_KEY not in st.session_state:
        raw = st.query_params.get(PRESENT_KEY)
        st.session_state[PRESENT_KEY] = _PRESENT_VALUES.get(str(raw).lower(), False)
        if raw is not None and str(raw).lower() not in _PRESENT_VALUES:
            warn_ignored(PRESENT_KEY, raw)
    on = bool(st.session_state[PRESENT_KEY])
    if on:
        if st.query_params.get(PRESENT_KEY) != "1":
            st.query_params[PRESENT_KEY] = "1"
        st.html(_PRESENT_CSS)
    elif PRESENT_KEY in st.query_params:
        del st.query_params[PRESENT_KEY]
    return on


def presenting() -> bool:
    return bool(st.session_state.get(PRESENT_KEY, False))


def leave_presenter_mode() -> None:
    st.session_state[PRESENT_KEY] = False
