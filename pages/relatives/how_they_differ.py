"""Lesson: transfer learning and its relatives, side by side (slides 8–10).

One problem, five learners — supervised, semi-supervised, multi-view, multi-task and
transfer — each given the same few target labels plus the one resource its setting
assumes; a table of what each needs and optimises, and the accuracies: the average of
the fixed draws in the bars, this draw (the seed) in the table.
"""

import streamlit as st

from tllib import plots, relatives
from tllib.experiments import Note
from tllib.experiments import how_they_differ as experiment
from ui import cache, controls, lesson
from ui.figures import FIRST_HEIGHT, show
from ui.text import entry, numerals, t

SLUG = "how_they_differ"
pct = lesson.percent

lesson.header(SLUG, with_intuition=False)

c1, c2, c3 = st.columns([3, 3, 1])
with c1:
    k = controls.labelled_points("hd", SLUG, options=experiment.K_OPTIONS, default=8)
with c2:
    relatedness = controls.relatedness("hd", SLUG, default=0.9)
with c3:
    seed = controls.seed("hd")

result = cache.run(experiment.run, n_labelled=k, relatedness=relatedness, seed=seed,
                   memo=cache.memo)
mean, here = result.mean, result.this_draw
names = {learner: t(f"{SLUG}.learners.{learner}") for learner in relatives.LEARNERS}

series = t(f"{SLUG}.series")
# The target labels alone and transfer in their roles' colours, as in every lesson.
roles = {"supervised": "target_only", "transfer": "transfer"}
ticks = [name.replace(" (", "<br>(") for name in names.values()]  # two short lines each
show(plots.task_accuracy_bars(
    ticks, {series: [mean[n] for n in names]},
    task_roles=[roles.get(n) for n in names],
    spread={series: [result.std[n] for n in names]},
    chance=0.5, chance_label=t("common.chance"),
    y_title=t(f"{SLUG}.accuracy_y"), title=t(f"{SLUG}.accuracy_title", draws=result.n_draws),
), height=FIRST_HEIGHT)
st.caption(t(f"{SLUG}.spread_note", draws=result.n_draws))

lesson.intuition(SLUG)

columns = ("labelled", "unlabelled", "other", "views", "serves")
rows = {n: [numerals(cell.format(k=k)) for cell in entry(f"{SLUG}.needs.{n}")]
        for n in names}
st.table({
    t(f"{SLUG}.table_learner"): list(names.values()),
    **{t(f"{SLUG}.table_{c}"): [rows[n][i] for n in names] for i, c in enumerate(columns)},
    t(f"{SLUG}.table_accuracy"): [pct(here[n]) for n in names],
    t(f"{SLUG}.table_mean", draws=result.n_draws): [pct(mean[n]) for n in names],
})


LEARNER_KEYS = ("best", "tied", "ahead", "other")  # notes' values that are learners


def named(value):
    """A learner's key (or a tuple of them) in a note, as the page names it."""
    if isinstance(value, tuple):
        return t(f"{SLUG}.list_separator").join(names[v] for v in value)
    return names[value]


lesson.notes(SLUG, [Note(note.name, {key: named(v) if key in LEARNER_KEYS else v
                                     for key, v in note.values.items()})
                    for note in result.notes])
lesson.show_code(experiment.run, relatives.score_one_draw)
lesson.self_checks(SLUG, "difference", "multitask")
