"""The parts every lesson is made of, in the order a lesson uses them:
``header`` → controls → first figure → metrics → ``intuition`` → the rest → ``notice`` →
``show_code`` → ``self_check``.

One layout for every lesson, so it fits the screen it is taught on: on a projector
(1280×720) the title, the controls and the first figure they drive are in view together
without scrolling, so a teacher moves a control and the class sees the effect. Hence a
one-line header, the controls in one row directly above the first figure (Streamlit
stacks them above it on a phone), and the prose — the intuition first — after it."""

from __future__ import annotations

import ast
import functools
import inspect
import math
import textwrap

import streamlit as st

from streamlit.errors import StreamlitAPIException

from tllib.evaluate import shown_points

from .course import LESSONS, ROOT, Lesson
from .shell import leave_presenter_mode, presenting
from .text import DEFAULT_LANGUAGE, current_language, entry, is_right_to_left, numerals, t


# A lesson's page, tightened so the first figure fits 720 px with its controls: less
# empty space above the title, a smaller title. (A <style>-only st.html takes no space.)
_COMPACT_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 4rem; }
[data-testid="stMain"] h1 { font-size: 1.75rem; padding: 0.25rem 0 0 0; }
</style>
"""


def header(slug: str, *, with_intuition: bool = True) -> None:
    """Title with the slides it teaches on one line; then the lesson's intuition in a
    few sentences, unless the lesson shows it under its first figure
    (``with_intuition=False``, then :func:`intuition` there). In presenter mode
    (``?present=1``) the line also holds the previous and next lessons, in slide order,
    and the slide number is as large as the title."""
    st.html(_COMPACT_CSS)
    slides = next((lesson.slides for lesson in LESSONS if lesson.slug == slug), "")
    if presenting():
        _presenter_header(slug, slides)
    else:
        title, reference = st.columns([6, 1], vertical_alignment="bottom")
        title.title(t(f"{slug}.title"))
        if slides:
            reference.caption(t("common.slides", slides=slides))
    if with_intuition:
        intuition(slug)


def _presenter_header(slug: str, slides: str) -> None:
    index = next(i for i, lesson in enumerate(LESSONS) if lesson.slug == slug)
    previous = LESSONS[index - 1] if index > 0 else None
    following = LESSONS[index + 1] if index + 1 < len(LESSONS) else None
    back, title, number, forward, leave = st.columns([1.3, 5.4, 2.2, 1.3, 0.5],
                                                     vertical_alignment="center")
    # Arrows point the way the reader reads: "previous" points right in Persian.
    arrows = (":material/arrow_back:", ":material/arrow_forward:")
    before, after = arrows[::-1] if is_right_to_left() else arrows
    with back:
        if previous:
            _neighbour(previous, t("present.previous"), before)
    title.title(t(f"{slug}.title"))
    if slides:
        number.markdown(f"### {t('present.slides', slides=slides)}")
    with forward:
        if following:
            _neighbour(following, t("present.next"), after)
    leave.button(":material/close_fullscreen:", key="present_leave", help=t("present.leave"),
                 on_click=leave_presenter_mode)


def _neighbour(lesson: Lesson, label: str, icon: str) -> None:
    """A link to the lesson before or after this one that keeps the view's settings."""
    query = {"present": "1", **({"lang": current_language()}
                                if current_language() != DEFAULT_LANGUAGE else {})}
    try:
        st.page_link(str(lesson.path.relative_to(ROOT)), label=label, icon=icon,
                     help=t(f"{lesson.slug}.title"), query_params=query)
    except StreamlitAPIException:  # the page runs on its own, without the navigation
        st.markdown(f"[{label}](/{lesson.url_path}?present=1)")


def intuition(slug: str) -> None:
    """The lesson's core idea in a few sentences, under its first figure."""
    st.markdown(t(f"{slug}.intuition"))


def notice(points: list[str]) -> None:
    """The "what to notice" block: a few sentences tying the figures to the idea."""
    body = "\n".join(f"- {p}" for p in points)
    st.info(f"**{t('common.notice')}**\n\n{body}", icon=":material/visibility:")


def notes(slug: str, chosen) -> None:
    """The "what to notice" block from an experiment's notes
    (:class:`tllib.experiments.Note`): each one's sentence, ``<slug>.notice.<name>``,
    filled with its numbers."""
    notice([t(f"{slug}.notice.{note.name}", **note.values) for note in chosen])


@functools.lru_cache(maxsize=64)
def _source(fn) -> str:
    """``fn``'s source as a lesson shows it: the lines that are the method, without the
    docstring and the argument checks (a ``check_…(…)`` call on its own line, an
    ``if …: raise …``), which the library keeps and the idea does not need."""
    source = textwrap.dedent(inspect.getsource(fn))
    function = ast.parse(source).body[0]
    dropped = set()
    for node in ast.walk(function):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and _is_docstring(body[0]):
            dropped.update(range(body[0].lineno, body[0].end_lineno + 1))
        if _is_check(node):
            dropped.update(range(node.lineno, node.end_lineno + 1))
    lines = source.splitlines()
    return "\n".join(line for number, line in enumerate(lines, 1) if number not in dropped)


def _is_docstring(node) -> bool:
    return (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str))


def _is_check(node) -> bool:
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        name = getattr(node.value.func, "id", getattr(node.value.func, "attr", ""))
        return name.startswith(("check_", "_check_"))
    return (isinstance(node, ast.If) and not node.orelse
            and all(isinstance(statement, ast.Raise) for statement in node.body))


def show_code(*functions) -> None:
    """An expander with the source of the tllib functions the lesson ran."""
    with st.expander(t("common.show_code"), icon=":material/code:"):
        st.caption(t("common.show_code_help"))
        for fn in functions:
            st.markdown(f"`{fn.__module__}.{fn.__qualname__}`")
            st.code(_source(fn), language="python", line_numbers=True)


def self_check(slug: str, question: str) -> None:
    """A question with choices; once answered, whether it was right and why."""
    base = f"{slug}.quiz.{question}"
    options = [numerals(option) for option in entry(f"{base}.options")]
    choice = st.radio(
        t(f"{base}.question"), range(len(options)), index=None,
        format_func=lambda i: options[i], key=f"{slug}_quiz_{question}",
    )
    if choice is None:
        return
    right = choice == entry(f"{base}.answer")
    verdict = t("common.correct") if right else t("common.not_quite")
    # Each option's own explanation (why it is right, or what it confuses), where the
    # catalogue has them; otherwise the question's one explanation.
    explanations = entry(f"{base}.explanations", None)
    why = numerals(explanations[choice]) if explanations else t(f"{base}.explanation")
    if why.startswith(verdict):  # "Right. …" already says it: say it once, in bold
        why = why[len(verdict):].lstrip()
    message = f"**{verdict}** {why}"
    if right:
        st.success(message, icon=":material/check_circle:")
    else:
        st.warning(message, icon=":material/lightbulb:")


def self_checks(slug: str, *questions: str) -> None:
    """The lesson's closing self-check section."""
    st.subheader(t("common.self_check"))
    for question in questions:
        self_check(slug, question)


def percent(x: float) -> str:
    """An accuracy or share as a whole percent, in the language's digits ("79%", «۷۹٪»)."""
    return "—" if math.isnan(x) else numerals(f"{x:.0%}")


def pp(x: float) -> str:
    """A difference of accuracies in percentage points, signed ("+3 pp"); rounded
    first, so a tiny loss never shows as "-0"; nan → dash."""
    return "—" if math.isnan(x) else t("common.points", points=round(x * 100))


def gain(new: float, old: float) -> str:
    """``new - old`` in percentage points, from the two accuracies *as shown* (whole
    percents), so the difference always matches what a student can subtract on screen
    (88 % vs 87 % is "+1 pp", never "+0 pp"); nan → dash."""
    if math.isnan(new) or math.isnan(old):
        return "—"
    return pp(shown_points(new, old) / 100)


def lesson_link(lesson: Lesson, label: str) -> None:
    """A link to a lesson: in-app navigation under ``app.py``; a plain link when the
    page runs on its own (no navigation knows the lesson then)."""
    try:
        st.page_link(str(lesson.path.relative_to(ROOT)), label=f"**{label}**", icon=lesson.icon)
    except StreamlitAPIException:
        st.markdown(f"[**{label}**](/{lesson.url_path})")
