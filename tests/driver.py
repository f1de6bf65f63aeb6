"""Drive a page's controls under Streamlit's AppTest, as a student would.

Shared by tests/test_pages.py (does every control still work?) and bench/rerun.py (how
long does a rerun take?), so both exercise exactly the same interactions.

A control is found again after every rerun (AppTest rebuilds its element tree on each
run), by its key when it has one and otherwise by its position among widgets of its kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from string import Formatter
from typing import Any

from streamlit.testing.v1 import AppTest

from ui.text import load_catalogue

ROOT = Path(__file__).resolve().parent.parent

# The widget kinds a lesson uses, as named by AppTest's element lists. Buttons are driven
# too: "changing" a button is one click.
KINDS = (
    "slider", "select_slider", "selectbox", "radio", "checkbox", "toggle",
    "number_input", "button",
)
# Element kinds that can carry a self-check's verdict and explanation.
MESSAGE_KINDS = ("success", "error", "warning", "info", "markdown", "caption")
TIMEOUT = 60  # seconds per script run: the first import of scikit-learn can be slow


@dataclass(frozen=True)
class Control:
    kind: str
    key: str | None  # the user's widget key, when the page gave one
    index: int  # position among the page's widgets of this kind
    label: str

    def __str__(self) -> str:
        return f"{self.kind} {self.key or self.index} ({self.label!r})"

    def widget(self, at: AppTest):
        widgets = getattr(at, self.kind)
        return widgets(self.key) if self.key else widgets[self.index]


def open_page(path: Path | str) -> AppTest:
    """A page (or app.py) under AppTest, not run yet."""
    return AppTest.from_file(str(Path(path).resolve()), default_timeout=TIMEOUT)


def controls(at: AppTest) -> list[Control]:
    """Every enabled control on the page as last run, main area and sidebar."""
    found = []
    for kind in KINDS:
        for index, w in enumerate(getattr(at, kind)):
            if not w.disabled and not getattr(w.proto, "is_form_submitter", False):
                found.append(Control(kind, w.key, index, w.label))
    return found


def is_self_check(w) -> bool:
    """Self-check questions are radios that start unanswered (index=None)."""
    return w.type == "radio" and w.value is None


def current_value(w) -> Any:
    """The control's value in the page's own terms (what set_value takes back)."""
    return False if w.type == "button" else w.value


def changed_value(w) -> Any:
    """A valid value different from the current one: the other end of a range, the
    next option, the other state of a switch; the first option of an unanswered radio."""
    kind, value = w.type, w.value
    if kind == "button":
        return True  # a click
    if kind in ("checkbox", "toggle"):
        return not value
    if kind in ("selectbox", "radio"):
        i = -1 if w.index is None else w.index  # unanswered → first option
        return w.options[(i + 1) % len(w.options)]
    if kind == "select_slider":
        labels = [w.format_func(v) for v in _as_list(value)]
        first, last = w.options[0], w.options[-1]
        if len(labels) == 2:
            return [first, first] if labels == [first, last] else [first, last]
        return last if labels[0] != last else first
    if kind == "slider":
        lo, hi = _slider_number(w, w.proto.min), _slider_number(w, w.proto.max)
        if isinstance(value, (list, tuple)):
            return [lo, lo] if list(value) == [lo, hi] else [lo, hi]
        return hi if value != hi else lo
    if kind == "number_input":
        if value is None:
            return w.min if w.min is not None else 0
        step = int(w.step) if isinstance(value, int) else w.step  # the proto's is a float
        return value + step if w.max is None or value + step <= w.max else value - step
    raise ValueError(f"no changed value for a {kind}")


def set_value(at: AppTest, control: Control, value: Any) -> None:
    """Give the control ``value`` for the next run (a button: click when value is true).
    A control inside a form only counts once the form is submitted, so submit it."""
    w = control.widget(at)
    if control.kind == "button":
        if value:
            w.click()
    else:
        w.set_value(value)
    form_id = getattr(w.proto, "form_id", "")
    if form_id:
        submit = next(b for b in at.button if b.proto.is_form_submitter
                      and b.proto.form_id == form_id)
        submit.click()


def change(at: AppTest, control: Control) -> None:
    set_value(at, control, changed_value(control.widget(at)))


def messages(at: AppTest) -> set[tuple[str, str]]:
    """Every text element on the page, to see what a run added."""
    return {(kind, str(el.value)) for kind in MESSAGE_KINDS for el in getattr(at, kind)}


def titles(at: AppTest) -> list[str]:
    return [el.value for el in at.title]


def _as_list(value) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _slider_number(w, bound: float):
    # The proto stores bounds as doubles; an int slider wants ints back.
    if w.proto.data_type not in (w.proto.INT, w.proto.FLOAT):
        raise ValueError(f"{w.label!r}: only number sliders are driven, not dates or times")
    return int(bound) if w.proto.data_type == w.proto.INT else bound


def texts(at: AppTest, kind: str) -> str:
    """Every box of one kind (``info`` for the notices, ``error``, ``warning``,
    ``success``) the page shows, joined."""
    return " ".join(block.value for block in getattr(at, kind))


def shown(text: str, key: str) -> dict[str, str] | None:
    """Where ``text`` holds the English catalogue sentence ``key``, the values its
    placeholders were filled with, as shown ({"k": "10", ...}); None if it is not there."""
    pattern, seen = [], set()
    for literal, field, _, _ in Formatter().parse(load_catalogue("en")[key]):
        pattern.append(re.escape(literal))
        if field:
            pattern.append(f"(?P={field})" if field in seen else f"(?P<{field}>.+?)")
            seen.add(field)
    found = re.search("".join(pattern), text)
    return found.groupdict() if found else None
