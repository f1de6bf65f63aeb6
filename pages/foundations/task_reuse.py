"""Lesson: a task already done — from cars to bicycles (slide 3).

A finished source model (plenty of labels) is reused for a related target task with few
labels: which pipeline steps it skips, which parameters it reuses, how many labels it
saves at a chosen accuracy.
"""

import math

import numpy as np
import streamlit as st

from tllib import evaluate, plots, tasks
from tllib.parameter import SourcePriorLogisticRegression
from ui import cache, controls, lesson
from ui.figures import scatter, show
from ui.text import entry, t

SLUG = "task_reuse"
K_GRID = (2, 4, 8, 16, 32, 64, 128, 256)
pct = lesson.percent

lesson.header(SLUG)

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

# The pull towards the car's weights: strong enough that two labels cannot spoil them,
# weak enough that a hundred labels correct them (measured at relatedness 0.85: with
# 3.0 fine-tuning is at least as good as both the car model and scratch at every k).
reuse_model = SourcePriorLogisticRegression(source_strength=3.0)
pair = cache.run(tasks.make_task_pair, relatedness=relatedness, n_target_labelled=k,
                 random_state=seed)
car = cache.run(evaluate.fit_baseline, name="source_only", pair=pair)
reused = cache.run(evaluate.fit_transfer, estimator=reuse_model, pair=pair)
scratch = cache.run(evaluate.fit_baseline, name="target_only", pair=pair)
curves = cache.run(evaluate.learning_curve, n_labelled=K_GRID,
                   names=("target_only", "source_only"), methods={"reuse": reuse_model},
                   generator=tasks.make_task_pair, relatedness=relatedness,
                   seeds=range(seed, seed + 5))
n_features = pair.X_target.shape[1]
k_scratch = evaluate.labels_to_reach(curves, "target_only", goal)
k_reuse = evaluate.labels_to_reach(curves, "reuse", goal)

# -- The pipeline: what reuse skips --------------------------------------------------
st.subheader(t(f"{SLUG}.pipeline"))
scratch_reaches, reuse_reaches = not math.isnan(k_scratch), not math.isnan(k_reuse)
n_classical = int(k_scratch) if scratch_reaches else K_GRID[-1]
n_reuse = int(k_reuse) if reuse_reaches else K_GRID[-1]
st.table({
    t(f"{SLUG}.step"): entry(f"{SLUG}.steps"),
    t(f"{SLUG}.classical"): [s.format(n=n_classical) for s in entry(f"{SLUG}.classical_steps")],
    t(f"{SLUG}.reuse"): [s.format(k=n_reuse) for s in entry(f"{SLUG}.reuse_steps")],
})

# -- What is reused, and what it saves -----------------------------------------------
left, right = st.columns(2)
with left:
    show(scatter(pair, show_source=False, target_labels=False,
                 title=t(f"{SLUG}.scatter_title"),
                 models={t(f"{SLUG}.car_model"): car, t(f"{SLUG}.fine_tuned"): reused,
                         t(f"{SLUG}.scratch"): scratch}))
with right:
    show(plots.accuracy_curves(
        curves,
        labels={"reuse": t(f"{SLUG}.fine_tuned"), "target_only": t(f"{SLUG}.scratch"),
                "source_only": t(f"{SLUG}.car_model")},
        x_title=t(f"{SLUG}.curve_x"), title=t(f"{SLUG}.curve_title"), marker_x=k,
        goal=goal, goal_label=t(f"{SLUG}.goal_label", goal=pct(goal)), evenly_spaced=True,
    ))

st.subheader(t(f"{SLUG}.what_reused"))
# The ideal bicycle weights: the true rule's direction, as long as the car model's.
ideal = tasks.task_normal(relatedness, n_features) * np.linalg.norm(reused.source_coef_)
show(plots.weight_bars(
    {t(f"{SLUG}.car_model"): reused.source_coef_, t(f"{SLUG}.fine_tuned"): reused.coef_,
     t(f"{SLUG}.scratch"): getattr(scratch, "coef_", np.zeros(n_features)),
     t(f"{SLUG}.ideal"): ideal},
    x_title=t(f"{SLUG}.weights_x"), y_title=t(f"{SLUG}.weights_y"),
    title=t(f"{SLUG}.weights_title"),
))
st.caption(t(f"{SLUG}.weights_caption", d=n_features))

i = K_GRID.index(k)
points = [t(f"{SLUG}.notice_now", k=k, scratch=pct(curves.mean["target_only"][i]),
            reuse=pct(curves.mean["reuse"][i]), source=pct(curves.mean["source_only"][i]))]
values = dict(goal=pct(goal), k_max=K_GRID[-1], reuse=f"{k_reuse:.0f}")
if scratch_reaches and reuse_reaches:
    points.append(t(f"{SLUG}.notice_saved", scratch=f"{k_scratch:.0f}",
                    saved=f"{max(k_scratch - k_reuse, 0):.0f}", **values))
elif reuse_reaches:
    points.append(t(f"{SLUG}.notice_never_scratch", **values))
elif scratch_reaches:
    points.append(t(f"{SLUG}.notice_never_reuse", **values))
else:
    points.append(t(f"{SLUG}.notice_never", **values))
if curves.mean["reuse"][i] < curves.mean["target_only"][i]:
    points.append(t(f"{SLUG}.notice_unrelated"))
lesson.notice(points)

lesson.show_code(SourcePriorLogisticRegression, tasks.make_task_pair, evaluate.labels_to_reach)
lesson.self_checks(SLUG, "skipped", "why")
