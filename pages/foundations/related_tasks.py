"""Lesson: where transfer comes from — related tasks (slides 4–5).

A relatedness control between source and target tasks (the angle between their
labelling rules) and the transfer gain plotted against it, the current setting marked:
little overlap gives little or negative gain, and overlap alone does not guarantee gain.
"""

import streamlit as st

from tllib import plots
from tllib.experiments import related_tasks as experiment
from ui import cache, controls, lesson
from ui.figures import FIRST_HEIGHT, scatter, show
from ui.text import t

SLUG = "related_tasks"
K_OPTIONS = experiment.K_OPTIONS
pct = lesson.percent

lesson.header(SLUG, with_intuition=False)

c1, c2, c3 = st.columns([3, 3, 1])
with c1:
    relatedness = controls.relatedness("rt", SLUG, default=0.8)
with c2:
    k = controls.labelled_points("rt", SLUG, options=K_OPTIONS, default=8)
with c3:
    seed = controls.seed("rt")

result = cache.run(experiment.run, relatedness=relatedness, k=k, seed=seed,
                   memo=cache.memo)
pair, sweep = result.pair, result.sweep
transfer_acc, target_acc = result.transfer_accuracy, result.target_accuracy

left, right = st.columns(2)
with left:
    show(scatter(pair, show_source=False, title=t(f"{SLUG}.plane_title"),
                 models={t(f"{SLUG}.source_rule"): result.source,
                         t(f"{SLUG}.transfer_model"): result.transfer,
                         t(f"{SLUG}.target_model"): result.target},
                 roles=("source_only", "transfer", "target_only")), height=FIRST_HEIGHT)
with right:
    show(plots.gain_curve(
        sweep, label=t(f"{SLUG}.gain_curve"), x_title=t(f"{SLUG}.gain_x"),
        y_title=t(f"{SLUG}.gain_y"), title=t(f"{SLUG}.gain_title", n=experiment.N_DRAWS),
        marker_x=relatedness,
        marker_label=t(f"{SLUG}.current"), positive_label=t(f"{SLUG}.positive"),
        negative_label=t(f"{SLUG}.negative"),
    ), height=FIRST_HEIGHT)

m1, m2, m3 = st.columns(3)
m1.metric(t(f"{SLUG}.transfer"), pct(transfer_acc))
m2.metric(t(f"{SLUG}.target_only"), pct(target_acc))
m3.metric(t("negative_transfer.gain_metric"), lesson.gain(transfer_acc, target_acc),
          help=t("negative_transfer.gain_metric_help"))

lesson.intuition(SLUG)
st.caption(t(f"{SLUG}.examples"))

lesson.notes(SLUG, result.notes)

lesson.show_code(experiment.run, experiment.gain_sweep)
lesson.self_checks(SLUG, "math", "guarantee")
