"""Lesson: multi-view learning (slide 10).

Videos seen through two views, images and audio. Co-training round by round (the two
view learners' agreement rising, read from the estimator's history), its accuracy
against a single-view learner and a learner on both views side by side, and controls
that break the two assumptions it rests on: each view sufficient, views independent.
"""

import streamlit as st

from tllib import multiview, plots
from tllib.experiments import multi_view as experiment
from ui import cache, controls, lesson
from ui.figures import FIRST_HEIGHT, show
from ui.text import entry, t

SLUG = "multi_view"
LEARNERS = experiment.LEARNERS
pct = lesson.percent

lesson.header(SLUG, with_intuition=False)

c1, c2, c3 = st.columns([3, 3, 1])
with c1:
    sufficiency = controls.bound(
        st.slider, t(f"{SLUG}.sufficiency"), key="mv_sufficiency", min_value=0.0,
        max_value=1.0, value=1.0, step=0.25, help=t(f"{SLUG}.sufficiency_help"))
with c2:
    independence = controls.bound(
        st.slider, t(f"{SLUG}.independence"), key="mv_independence", min_value=0.0,
        max_value=1.0, value=1.0, step=0.25, help=t(f"{SLUG}.independence_help"))
with c3:
    seed = controls.seed("mv")

run = cache.run(experiment.run, sufficiency=sufficiency, independence=independence,
                seed=seed, memo=cache.memo)
data, result = run.data, run.comparison
accuracy = result.accuracy

left, right = st.columns(2)
for col, view, title in ((left, 0, "image_title"), (right, 1, "audio_title")):
    x_name, y_name = (t(f"{SLUG}.features.{data.feature_names[i]}") for i in data.views[view])
    with col:
        show(plots.domain_scatter(
            data.as_pair(view), show_source=False, max_points=300,
            title=t(f"{SLUG}.{title}", x=x_name, y=y_name), target_name=t(f"{SLUG}.video"),
            labelled_name=t(f"{SLUG}.labelled"), class_names=entry("common.class_names"),
            axis_titles=(x_name, y_name)), height=FIRST_HEIGHT)
st.caption(t(f"{SLUG}.colour_note"))

cols = st.columns(3)
for col, name in zip(cols, LEARNERS):
    col.metric(t(f"{SLUG}.{name}"), pct(accuracy[name]), help=t(f"{SLUG}.metric_help"))

lesson.intuition(SLUG)

labels = {k: t(f"{SLUG}.{k}") for k in ("agreement", "accuracy", "pseudo_label_accuracy")}
show(plots.accuracy_curves(result.round_curves(), labels=labels,
                           x_title=t(f"{SLUG}.rounds_x"), y_title=t(f"{SLUG}.rounds_y"),
                           title=t(f"{SLUG}.rounds_title"), chance=0.5,
                           chance_label=t("common.chance")))

lesson.notes(SLUG, run.notes)

lesson.show_code(experiment.run, multiview.CoTrainingClassifier.fit)
lesson.self_checks(SLUG, "agreement", "sufficiency")
