"""Lesson: transfer learning and its relatives, side by side (slides 8–10).

One problem, five learners — supervised, semi-supervised, multi-view, multi-task and
transfer — each given the same few target labels plus the one resource its setting
assumes; a table of what each needs and optimises, and the accuracies from a live run.
"""

import streamlit as st

from tllib import plots, relatives
from ui import cache, controls, lesson
from ui.figures import show
from ui.text import entry, t

SLUG = "how_they_differ"
K_OPTIONS = (4, 8, 16, 32)
N_DRAWS = 5
pct = lesson.percent

lesson.header(SLUG)

c1, c2, c3 = st.columns([3, 3, 1])
with c1:
    k = controls.labelled_points("hd", SLUG, options=K_OPTIONS, default=8)
with c2:
    relatedness = controls.relatedness("hd", SLUG, default=0.9)
with c3:
    seed = controls.seed("hd")

result = cache.run(relatives.compare_relatives, n_labelled=k, relatedness=relatedness,
                   n_draws=N_DRAWS, random_state=seed)
mean = result.mean
names = {learner: t(f"{SLUG}.learners.{learner}") for learner in relatives.LEARNERS}

show(plots.task_accuracy_bars(
    list(names.values()), {t(f"{SLUG}.series"): [mean[n] for n in names]},
    y_title=t(f"{SLUG}.accuracy_y"), title=t(f"{SLUG}.accuracy_title", draws=N_DRAWS),
))

columns = ("labelled", "unlabelled", "other", "views", "serves")
rows = {n: [cell.format(k=k) for cell in entry(f"{SLUG}.needs.{n}")] for n in names}
st.table({
    t(f"{SLUG}.table_learner"): list(names.values()),
    **{t(f"{SLUG}.table_{c}"): [rows[n][i] for n in names] for i, c in enumerate(columns)},
    t(f"{SLUG}.table_accuracy"): [pct(mean[n]) for n in names],
})

best = max(mean, key=mean.get)
hurt = max(mean["multi_task"], mean["transfer"]) < mean["supervised"]
lesson.notice([
    t(f"{SLUG}.notice_best", best=names[best], acc=pct(mean[best]), k=k,
      sup=pct(mean["supervised"])),
    t(f"{SLUG}.notice_relatives_{'hurt' if hurt else 'help'}", r=f"{relatedness:.2f}",
      mt=pct(mean["multi_task"]), tr=pct(mean["transfer"]), sup=pct(mean["supervised"])),
    t(f"{SLUG}.notice_unlabelled", ssl=pct(mean["semi_supervised"]),
      mv=pct(mean["multi_view"])),
    t(f"{SLUG}.notice_k"),
])
lesson.show_code(relatives.compare_relatives)
lesson.self_checks(SLUG, "difference", "multitask")
