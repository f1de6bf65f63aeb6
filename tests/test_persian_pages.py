"""Every lesson opened in Persian reads in Persian: at least four fifths of the words
it shows (prose, labels, metrics, tables, figure titles, axes and legends) are Persian;
code, formulas and method names aside."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from ui.course import LAB, LESSONS, ROOT

# Method and symbol names written in Latin in both languages, as their papers write them.
NAMES = {"KMM", "KLIEP", "TrAdaBoost", "AdaBoost", "CORAL", "TCA", "SA", "L2-SP", "SP",
         "L2", "Pan", "Yang", "Daumé", "III", "TAMAR", "tllib"}
_SKIP = re.compile(r"\$[^$]*\$|`[^`]*`|<[^>]+>|%\{[^}]*\}|:material/[a-z_]+:")
_FIGURE_TEXT = {"text", "name", "ticktext"}
_PUNCTUATION = "()[]{}.,:;«»\"'*\u2066\u2069\u202b\u202c"


def _figure_texts(spec, found: list[str]) -> None:
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key in _FIGURE_TEXT and isinstance(value, str):
                found.append(value)
            elif key == "ticktext" and isinstance(value, list):
                found += [v for v in value if isinstance(v, str)]
            else:
                _figure_texts(value, found)
    elif isinstance(spec, list):
        for value in spec:
            _figure_texts(value, found)


def shown_texts(at: AppTest) -> list[str]:
    found = []
    for kind in ("markdown", "caption", "title", "subheader", "header", "info",
                 "success", "warning", "error"):
        found += [str(el.value) for el in at.get(kind)]
    for metric in at.get("metric"):
        found += [metric.label, str(metric.value)]
    for kind in ("slider", "select_slider", "selectbox", "radio", "number_input",
                 "toggle", "checkbox", "button"):
        found += [str(el.label) for el in at.get(kind)]
    for table in [*at.get("table"), *at.get("dataframe")]:
        frame = table.value
        found += [str(c) for c in frame.columns] + [str(v) for v in frame.to_numpy().ravel()]
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        _figure_texts(spec.get("layout", {}), found)
        _figure_texts(spec.get("data", []), found)
    return found


def persian_share(texts: list[str]) -> tuple[float, list[str]]:
    persian, latin = 0, []
    for text in texts:
        for word in _SKIP.sub(" ", text).split():
            if re.search(r"[\u0600-\u06ff]", word):
                persian += 1
            elif re.search(r"[A-Za-z]", word) and word.strip(_PUNCTUATION) not in NAMES:
                latin.append(word)
    return persian / max(persian + len(latin), 1), latin


@pytest.mark.parametrize("lesson", [*LESSONS, LAB], ids=lambda lesson: lesson.slug)
def test_a_lesson_in_persian_shows_at_least_four_fifths_persian_words(lesson):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = "fa"
    at.run()
    at.switch_page(str(lesson.path.relative_to(ROOT))).run()
    assert not at.exception
    share, latin = persian_share(shown_texts(at))
    assert share >= 0.8, f"{share:.0%} Persian; Latin words: {sorted(set(latin))[:30]}"
