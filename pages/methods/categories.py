"""Lesson: categories of transfer (slide 11).

The usual map of the field (Pan & Yang, 2010): rows are settings, decided by which data
have labels; columns are what is transferred. Say which labels you have and your row
lights up, with links to the lessons that teach its methods. The map itself is data in
content/<language>/categories.toml.
"""

import streamlit as st

from tllib.experiments import categories as experiment
from ui import cache, controls, lesson
from ui.course import LESSONS
from ui.text import entry, is_right_to_left, t

SLUG = "categories"
REGISTERED = {lesson_.slug: lesson_ for lesson_ in LESSONS}
WIDTHS = (2.8, 3, 3, 3, 3)  # the settings' column, then one per kind of transfer

lesson.header(SLUG, with_intuition=False)

c1, c2 = st.columns(2)
with c1:
    source_labelled = controls.bound(
        st.toggle, t(f"{SLUG}.source_labelled"), key="ca_source", value=True,
        help=t(f"{SLUG}.source_labelled_help"))
with c2:
    target_labelled = controls.bound(
        st.toggle, t(f"{SLUG}.target_labelled"), key="ca_target", value=False,
        help=t(f"{SLUG}.target_labelled_help"))

result = cache.run(experiment.run, source_labelled=source_labelled,
                   target_labelled=target_labelled, memo=cache.memo)
setting = result.setting
settings, kinds = entry(f"{SLUG}.settings"), entry(f"{SLUG}.kinds")


def cell(row: str, kind: str) -> tuple[str, str]:
    base = f"{SLUG}.cell.{row}.{kind}"
    return t(f"{base}.methods"), t(f"{base}.lesson")


def state(labelled: bool) -> str:
    return t(f"{SLUG}.{'labelled' if labelled else 'unlabelled'}")


def aside(text: str) -> str:
    """A quiet label: italic in a left-to-right language; bold in Persian, where italics
    swallow the spaces around them."""
    return f"**{text}**" if is_right_to_left() else f"*{text}*"


st.markdown(t(f"{SLUG}.you_are", source=state(source_labelled),
              target=state(target_labelled), setting=t(f"{SLUG}.setting.{setting}.name"),
              definition=t(f"{SLUG}.setting.{setting}.definition")))

# -- The map: a header row, then one row per setting --------------------------------
header = st.columns(WIDTHS)
header[0].markdown(aside(t(f"{SLUG}.setting_header")))
for column, kind in zip(header[1:], kinds):
    column.markdown(f"**{t(f'{SLUG}.kind.{kind}.name')}**  \n{t(f'{SLUG}.kind.{kind}.short')}")

# The lit row comes first, right under the header, so that it is in view on a projector
# (1280×720) whichever setting the toggles choose; the others follow in the map's order.
for row in sorted(settings, key=lambda row_: row_ != setting):
    active = row == setting
    columns = st.columns(WIDTHS)
    name, short = t(f"{SLUG}.setting.{row}.name"), t(f"{SLUG}.setting.{row}.short")
    with columns[0]:
        if active:
            marker = t(f"{SLUG}.your_row_marker", label=t(f"{SLUG}.your_row"))
            st.success(f"**{name}**  \n{short}  \n{marker}")
        else:
            st.container(border=True).markdown(f"**{name}**  \n{short}")
    for column, kind in zip(columns[1:], kinds):
        methods, slug = cell(row, kind)
        with column:
            if active and kind in result.usable:
                st.success(methods, icon=":material/check_circle:")
            elif active and kind in result.blocked:
                box = st.container(border=True)
                box.markdown(methods)
                box.caption(t(f"{SLUG}.needs_source"))
            elif methods:
                st.container(border=True).markdown(methods)
            else:
                st.container(border=True).caption(t(f"{SLUG}.empty"))
            if methods and slug in REGISTERED:
                lesson.lesson_link(REGISTERED[slug], t(f"{SLUG}.open_lesson"))

lesson.intuition(SLUG)
lesson.notes(SLUG, result.notes)
lesson.self_checks(SLUG, "setting", "parameters")
