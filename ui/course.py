"""The course map: every section and lesson, in the order the slides teach them.

One immutable registry feeds the navigation (``app.py``), the home page's map and the
tests, so adding a lesson is: write ``pages/<section>/<slug>.py``, add its text to
``content/``, add one line here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Lesson:
    section: str  # folder under pages/ and key of the section's name in content/
    slug: str  # file name (without .py), URL path (with - for _) and content key
    icon: str  # a Material icon name, shown in the navigation
    slides: str  # which slides of the course it teaches, e.g. "1–2"

    @property
    def path(self) -> Path:
        return ROOT / "pages" / self.section / f"{self.slug}.py"

    @property
    def url_path(self) -> str:
        return self.slug.replace("_", "-")


SECTIONS = ("foundations", "relatives", "methods", "lab")

HOME = Lesson("home", "home", ":material/home:", "")

LESSONS = (
    Lesson("foundations", "motivation", ":material/trending_down:", "1–2"),
    Lesson("foundations", "task_reuse", ":material/pedal_bike:", "3"),
    Lesson("foundations", "related_tasks", ":material/piano:", "4–5"),
    Lesson("foundations", "negative_transfer", ":material/warning:", "6"),
    Lesson("foundations", "formal_definition", ":material/function:", "7"),
    Lesson("relatives", "semi_supervised", ":material/label:", "2, 8"),
    Lesson("relatives", "multi_task", ":material/hub:", "9"),
    Lesson("relatives", "multi_view", ":material/videocam:", "10"),
    Lesson("relatives", "how_they_differ", ":material/compare:", "8–10"),
    Lesson("methods", "categories", ":material/category:", "11"),
    Lesson("methods", "instance_based", ":material/scale:", "12"),
    Lesson("methods", "tradaboost", ":material/rocket_launch:", "12"),
    Lesson("methods", "feature_based", ":material/transform:", "13"),
    Lesson("methods", "parameter_based", ":material/tune:", "14"),
)


# Not a lesson (no slide, no self-check): the tool a student uses after the lessons.
LAB = Lesson("lab", "lab", ":material/science:", "")


def lessons_in(section: str) -> tuple[Lesson, ...]:
    return tuple(lesson for lesson in LESSONS if lesson.section == section)


def pages_in(section: str) -> tuple[Lesson, ...]:
    """What the navigation lists under ``section``: its lessons, then the Lab."""
    return lessons_in(section) + ((LAB,) if LAB.section == section else ())
