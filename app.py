"""The course's entry point: page set-up, language, and the navigation over every
lesson. It only routes; each lesson is a script under pages/<section>/.

Run with ``make run`` (or ``streamlit run app.py``).
"""

import streamlit as st

from ui import course, shell, warmup
from ui.text import t

warmup.preload()  # at the server's start-up run, not in the first student's lesson

shell.language_picker()  # first: the link's language names the browser tab too
# An emoji, not a Material icon: Streamlit fetches those from fonts.gstatic.com, and a
# classroom may have no internet.
st.set_page_config(page_title=t("app.name"), page_icon="🎓", layout="wide")
shell.apply_direction()
shell.presenter_mode()


def page(lesson: course.Lesson, **kwargs) -> st.Page:
    return st.Page(lesson.path, title=t(f"{lesson.slug}.nav"), icon=lesson.icon,
                   url_path=lesson.url_path, **kwargs)


# The home page sits above the sections; a section appears once it has a lesson.
navigation = {"": [page(course.HOME, default=True)]}
for section in course.SECTIONS:
    if lessons := course.pages_in(section):
        navigation[t(f"section.{section}")] = [page(lesson) for lesson in lessons]

st.navigation(navigation, expanded=True).run()
