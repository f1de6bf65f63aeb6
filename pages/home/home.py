"""Home: what transfer learning is, in a few sentences, and a map of the course."""

import streamlit as st

from ui import course
from ui.lesson import lesson_link
from ui.text import t

st.title(t("home.title"))
st.markdown(t("home.what"))
st.caption(t("home.how"))

st.header(t("home.map"))
for section in course.SECTIONS:
    lessons = course.lessons_in(section)
    if not lessons:
        continue
    st.subheader(t(f"section.{section}"))
    for lesson in lessons:
        with st.container(border=True):
            lesson_link(lesson, t(f"{lesson.slug}.title"))
            st.caption(t("home.item", summary=t(f"{lesson.slug}.summary"),
                         slides=t("home.slides", slides=lesson.slides)))

# The course's two definitions (tllib.evaluate implements them; every lesson uses them).
st.header(t("home.glossary.heading"))
for term in ("gain", "negative"):
    st.markdown(f"**{t(f'home.glossary.{term}_term')}** — {t(f'home.glossary.{term}')}")
st.caption(t("home.glossary.other"))
