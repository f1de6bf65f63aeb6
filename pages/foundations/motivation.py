"""Lesson: why transfer learning? (slides 1–2)

The two assumptions of classical machine learning, broken live: (1) the target
distribution drifts away from the source, (2) the target has only a few labels.
"""

import streamlit as st

from tllib import datasets, plots
from tllib.experiments import motivation as experiment
from ui import cache, controls, lesson
from ui.figures import FIRST_HEIGHT, scatter, show
from ui.text import t

SLUG = "motivation"
K_GRID = experiment.K_GRID
N_DRAWS = len(experiment.SEEDS)
pct = lesson.percent

lesson.header(SLUG, with_intuition=False)

# -- 1 · The distribution moves ------------------------------------------------------
st.subheader(t("motivation.drift.heading"))
c1, c2, c3 = st.columns([2, 2, 1])
with c1:
    shift = controls.shift_kind("m", kinds=experiment.KINDS)
with c2:
    strength = controls.strength("m")
with c3:
    seed = controls.seed("m")

drift = cache.run(experiment.run, shift=shift, strength=strength, seed=seed, memo=cache.memo)
source_acc, target_acc = drift.source_accuracy, drift.target_accuracy

left, right = st.columns(2)
with left:
    show(scatter(drift.pair, title=t("motivation.drift.scatter_title"),
                 models={t("motivation.drift.boundary"): drift.model},
                 roles=("source_only",)), height=FIRST_HEIGHT)
with right:
    show(plots.accuracy_curves(
        drift.sweep,
        labels={"source": t("common.accuracy_on_source"),
                "target": t("common.accuracy_on_target")},
        x_title=t("motivation.drift.sweep_x"), y_title=t("common.accuracy"),
        title=t("motivation.drift.sweep_title", n=N_DRAWS), marker_x=strength,
        marker_label=t("motivation.drift.current"), chance=drift.chance,
        styles=plots.SOURCE_MODEL_ON,
        chance_label=t("common.chance"),
    ), height=FIRST_HEIGHT)
st.caption(t(f"shift.{shift}.description"))

m1, m2 = st.columns(2)
m1.metric(t("motivation.drift.metric_source"), pct(source_acc))
m2.metric(t("motivation.drift.metric_target"), pct(target_acc),
          delta=lesson.gain(target_acc, source_acc),
          help=t("motivation.drift.metric_target_help"))

lesson.intuition(SLUG)
st.markdown(t("motivation.drift.intro"))
lesson.notes(SLUG, drift.notes)
lesson.show_code(experiment.run, datasets.make_domain_pair)


# -- 2 · Labels are scarce (a fragment: moving k reruns only this part) ---------------
@st.fragment
def scarce_labels(shift: str, strength: float, seed: int) -> None:
    st.subheader(t("motivation.scarce.heading"))
    st.markdown(t("motivation.scarce.intro"))
    k = controls.bound(st.select_slider, t("motivation.scarce.k"), key="m_k",
                       options=K_GRID, value=8, help=t("motivation.scarce.k_help"))
    result = cache.run(experiment.scarce_labels, shift=shift, strength=strength, k=k,
                       seed=seed, memo=cache.memo)

    left, right = st.columns(2)
    with left:
        show(scatter(result.pair, show_source=False, target_labels=False,
                     title=t("motivation.scarce.scatter_title"),
                     models={t("motivation.scarce.from_scratch"): result.scratch,
                             t("motivation.scarce.from_source"): result.pooled},
                     roles=("target_only", "pooled")))
    with right:
        show(plots.accuracy_curves(
            result.curves,
            labels={"target_only": t("motivation.scarce.from_scratch"),
                    "pooled": t("motivation.scarce.from_source"),
                    "source_only": t("motivation.scarce.source_only")},
            x_title=t("motivation.scarce.curve_x"), y_title=t("common.accuracy_on_target"),
            title=t("motivation.scarce.curve_title", n=N_DRAWS), marker_x=k,
            chance=result.chance, chance_label=t("common.chance"), evenly_spaced=True,
        ))

    lesson.notes(SLUG, result.notes)
    lesson.show_code(experiment.scarce_labels, experiment.scarce_curves)


scarce_labels(shift, strength, seed)

lesson.self_checks(SLUG, "valid", "labels", "what_then")
