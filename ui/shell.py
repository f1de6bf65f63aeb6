"""What ``app.py`` puts around every page: the language picker and the reading
direction."""

from __future__ import annotations

import streamlit as st

from .controls import choice
from .text import DEFAULT_LANGUAGE, LANGUAGE_KEY, LANGUAGES, is_right_to_left, t

# Right-to-left for the page's prose; figures, formulas and code stay left-to-right. Each
# paragraph takes the direction of its first letter (unicode-bidi: plaintext), so a
# string not yet translated still reads correctly, left to right, inside the RTL page.
_RTL_CSS = """
<style>
[data-testid="stMain"], [data-testid="stSidebar"] { direction: rtl; text-align: start; }
[data-testid="stMain"] p, [data-testid="stMain"] li, [data-testid="stMain"] label,
[data-testid="stMain"] h1, [data-testid="stMain"] h2, [data-testid="stMain"] h3,
[data-testid="stMain"] td, [data-testid="stMain"] th { unicode-bidi: plaintext; }
.katex, .js-plotly-plot, pre, code, [data-testid="stSlider"] {
  direction: ltr; unicode-bidi: isolate;
}
</style>
"""


def language_picker() -> None:
    """A sidebar picker mirrored in ``?lang=``, so a lesson link can carry its language."""
    with st.sidebar:
        choice(st.selectbox, t("common.language"), LANGUAGES, key=LANGUAGE_KEY,
               default=DEFAULT_LANGUAGE, format_func=LANGUAGES.get)


def apply_direction() -> None:
    if is_right_to_left():
        st.html(_RTL_CSS)
