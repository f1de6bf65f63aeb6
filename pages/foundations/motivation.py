"""Lesson: why transfer learning? (slides 1–2)

The two assumptions of classical machine learning, broken live: (1) the target
distribution drifts away from the source, (2) the target has only a few labels.
"""

import streamlit as st

from tllib import datasets, evaluate, plots
from ui import cache, controls, lesson
from ui.figures import scatter, show
from ui.text import t

SLUG = "motivation"
KINDS = ("covariate", "prior", "conditional", "feature", "label_space", "none")
STRENGTHS = tuple(round(0.1 * i, 1) for i in range(11))  # the sweep's grid
K_GRID = (0, 2, 4, 8, 16, 32, 64, 128)  # labelled target points on the curve
pct = lesson.percent

lesson.header(SLUG)

# -- 1 · The distribution moves ------------------------------------------------------
st.header(t("motivation.drift.heading"))
st.markdown(t("motivation.drift.intro"))
c1, c2, c3 = st.columns([2, 2, 1])
with c1:
    shift = controls.shift_kind("m", kinds=KINDS)
with c2:
    strength = controls.strength("m")
with c3:
    seed = controls.seed("m")
st.caption(t(f"shift.{shift}.description"))

pair = cache.run(datasets.make_domain_pair, shift=shift, strength=strength,
                 n_target_labelled=0, random_state=seed)
model = cache.run(evaluate.fit_baseline, name="source_only", pair=pair)
sweep = cache.run(evaluate.shift_sweep, shift=shift, strengths=STRENGTHS, seeds=range(5))
source_acc = model.score(pair.X_source_test, pair.y_source_test)
target_acc = model.score(pair.X_test, pair.y_test)

m1, m2 = st.columns(2)
m1.metric(t("motivation.drift.metric_source"), pct(source_acc))
m2.metric(t("motivation.drift.metric_target"), pct(target_acc),
          delta=lesson.gain(target_acc, source_acc),
          help=t("motivation.drift.metric_target_help"))

left, right = st.columns(2)
with left:
    show(scatter(pair, title=t("motivation.drift.scatter_title"),
                 models={t("motivation.drift.boundary"): model}))
with right:
    show(plots.accuracy_curves(
        sweep,
        labels={"source": t("common.accuracy_on_source"),
                "target": t("common.accuracy_on_target")},
        x_title=t("motivation.drift.sweep_x"), y_title=t("common.accuracy"),
        title=t("motivation.drift.sweep_title"), marker_x=strength,
        marker_label=t("motivation.drift.current"), chance=0.5,
        chance_label=t("common.chance"),
    ))

acc0 = sweep.mean["target"][0]  # no shift, averaged over the sweep's draws
points = [t("motivation.drift.notice_drop", acc0=pct(acc0), acc=pct(target_acc),
            src=pct(source_acc))]
if shift in ("none", "prior", "label_space"):
    points.append(t(f"motivation.drift.notice_{shift}", acc0=pct(acc0), acc=pct(target_acc)))
if target_acc < 0.5:
    points.append(t("motivation.drift.notice_worse_than_chance", acc=pct(target_acc)))
lesson.notice(points)
lesson.show_code(datasets.make_domain_pair, evaluate.fit_baseline, evaluate.shift_sweep)


# -- 2 · Labels are scarce (a fragment: moving k reruns only this part) ---------------
@st.fragment
def scarce_labels(shift: str, strength: float, seed: int) -> None:
    st.header(t("motivation.scarce.heading"))
    st.markdown(t("motivation.scarce.intro"))
    k = controls.bound(st.select_slider, t("motivation.scarce.k"), key="m_k",
                       options=K_GRID, value=8, help=t("motivation.scarce.k_help"))
    curves = cache.run(evaluate.learning_curve, n_labelled=K_GRID, shift=shift,
                       strength=strength, seeds=(seed, seed + 1, seed + 2))
    few = cache.run(datasets.make_domain_pair, shift=shift, strength=strength,
                    n_target_labelled=k, random_state=seed)
    pooled = cache.run(evaluate.fit_baseline, name="pooled", pair=few)

    left, right = st.columns(2)
    with left:
        # From scratch needs at least one label.
        scratch = cache.run(evaluate.fit_baseline, name="target_only", pair=few) if k else None
        show(scatter(few, show_source=False, target_labels=False,
                     title=t("motivation.scarce.scatter_title"),
                     models={t("motivation.scarce.from_scratch"): scratch,
                             t("motivation.scarce.from_source"): pooled}))
    with right:
        show(plots.accuracy_curves(
            curves,
            labels={"target_only": t("motivation.scarce.from_scratch"),
                    "pooled": t("motivation.scarce.from_source"),
                    "source_only": t("motivation.scarce.source_only")},
            x_title=t("motivation.scarce.curve_x"), title=t("motivation.scarce.curve_title"),
            marker_x=k, chance=0.5, chance_label=t("common.chance"), evenly_spaced=True,
        ))

    i = K_GRID.index(k)
    scratch_acc, pooled_acc = curves.mean["target_only"], curves.mean["pooled"]
    if k == 0:
        points = [t("motivation.scarce.notice_no_labels")]
    else:
        points = [t("motivation.scarce.notice_small_k", k=k, scratch=pct(scratch_acc[i]),
                    pooled=pct(pooled_acc[i]))]
    points.append(t("motivation.scarce.notice_crossing", k_max=K_GRID[-1],
                    scratch_max=pct(scratch_acc[-1]), pooled_max=pct(pooled_acc[-1])))
    lesson.notice(points)
    lesson.show_code(evaluate.learning_curve)


scarce_labels(shift, strength, seed)

lesson.self_checks(SLUG, "valid", "labels", "what_then")
