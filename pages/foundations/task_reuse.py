"""Lesson: a task already done — from cars to bicycles (slide 3).

A finished source model (plenty of labels) is reused for a related target task with few
labels: which pipeline steps it skips, which parameters it reuses, how many labels it
saves at a chosen accuracy.
"""

import streamlit as st

from tllib import plots
from tllib.experiments import task_reuse as experiment
from ui import cache, controls, lesson
from ui.figures import FIRST_HEIGHT, scatter, show
from ui.text import entry, numerals, t

SLUG = "task_reuse"
K_GRID = experiment.K_GRID
N_DRAWS = len(experiment.CURVE_SEEDS)
pct = lesson.percent

lesson.header(SLUG, with_intuition=False)

c1, c2, c3, c4 = st.columns([3, 3, 3, 1])
with c1:
    relatedness = controls.relatedness("tr", SLUG, default=0.85)
with c2:
    k = controls.labelled_points("tr", SLUG, options=K_GRID, default=8)
with c3:
    goal = controls.bound(
        st.slider, t(f"{SLUG}.goal"), key="tr_goal", min_value=0.6, max_value=0.95,
        value=0.8, step=0.05, help=t(f"{SLUG}.goal_help"))
with c4:
    seed = controls.seed("tr")

result = cache.run(experiment.run, relatedness=relatedness, k=k, goal=goal, seed=seed,
                   memo=cache.memo)
pair, curves = result.pair, result.curves
k_scratch, k_reuse = result.k_scratch, result.k_reuse

# -- What is reused, and what it saves -----------------------------------------------
left, right = st.columns(2)
with left:
    show(scatter(pair, show_source=False, target_labels=False,
                 title=t(f"{SLUG}.scatter_title"),
                 models={t(f"{SLUG}.car_model"): result.car,
                         t(f"{SLUG}.fine_tuned"): result.reused,
                         t(f"{SLUG}.scratch"): result.scratch},
                 roles=("source_only", "transfer", "target_only")), height=FIRST_HEIGHT)
with right:
    show(plots.accuracy_curves(
        curves,
        labels={"source_only": t(f"{SLUG}.car_model"), "reuse": t(f"{SLUG}.fine_tuned"),
                "target_only": t(f"{SLUG}.scratch")},  # the scatter's and bars' order
        x_title=t(f"{SLUG}.curve_x"), y_title=t(f"{SLUG}.curve_y"),
        title=t(f"{SLUG}.curve_title", n=N_DRAWS), marker_x=k,
        goal=goal, goal_label=t(f"{SLUG}.goal_label", goal=pct(goal)), evenly_spaced=True,
    ), height=FIRST_HEIGHT)

lesson.intuition(SLUG)

# -- The pipeline: what reuse skips --------------------------------------------------
st.subheader(t(f"{SLUG}.pipeline"))
# A step needing "more than k_max" labels: the goal is not reached on this grid.
classical = entry(f"{SLUG}.classical_steps" if result.scratch_reaches
                  else f"{SLUG}.classical_steps_never")
reuse = entry(f"{SLUG}.reuse_steps" if result.reuse_reaches else f"{SLUG}.reuse_steps_never")
st.table({
    t(f"{SLUG}.step"): entry(f"{SLUG}.steps"),
    # Filled here, not by t(): numbers in the language's digits all the same.
    t(f"{SLUG}.classical"): [
        numerals(s.format(n=int(k_scratch) if result.scratch_reaches else K_GRID[-1]))
        for s in classical],
    t(f"{SLUG}.reuse"): [
        numerals(s.format(k=int(k_reuse) if result.reuse_reaches else K_GRID[-1]))
        for s in reuse],
})

st.subheader(t(f"{SLUG}.what_reused"))
weights = result.weights
feature_names = entry(f"{SLUG}.weights_features")
show(plots.weight_bars(
    {role: weights[role] for role in ("car", "reused", "scratch", "ideal")},
    n_shown=len(feature_names), feature_names=feature_names,
    labels={"car": t(f"{SLUG}.car_model"), "reused": t(f"{SLUG}.fine_tuned"),
            "scratch": t(f"{SLUG}.scratch"), "ideal": t(f"{SLUG}.ideal")},
    x_title=t(f"{SLUG}.weights_x"), y_title=t(f"{SLUG}.weights_y"),
    title=t(f"{SLUG}.weights_title"),
))
st.caption(t(f"{SLUG}.weights_caption", d=result.n_features))

lesson.notes(SLUG, result.notes)

lesson.show_code(experiment.run, experiment.fit_reuse, experiment.learning_curves)
lesson.self_checks(SLUG, "skipped", "why")
