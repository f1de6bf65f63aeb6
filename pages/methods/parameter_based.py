"""Lesson: parameter-based transfer (slide 14).

Start from the source model's weights and let a few target labels move them, with a
penalty λ that keeps them near the source's (L2-SP). The target's labelling rule is the
source's rotated (concept shift): the weights travel from the target's solution to the
source's as λ grows, and a strong shift turns the source prior into a wrong pull.
"""

import math

import streamlit as st

from tllib import plots
from tllib.experiments import parameter_based as experiment
from ui import cache, controls, lesson
from ui.figures import FIRST_HEIGHT, scatter, show
from ui.text import entry, t

SLUG = "parameter_based"
LAMBDAS, K_OPTIONS = experiment.LAMBDAS, experiment.K_OPTIONS
pct, gain = lesson.percent, lesson.gain

lesson.header(SLUG, with_intuition=False)

c1, c2, c3, c4 = st.columns([3, 3, 3, 1])
with c1:
    strength = controls.strength("pb", default=0.3, label=t(f"{SLUG}.strength"))
with c2:
    # The control binds λ to the URL by its label ("30"); a link may spell the same
    # value another way ("30.0", "3e1"): then set the control to that value by hand.
    raw = st.query_params.get("pb_lambda") if "pb_lambda" not in st.session_state else None
    try:
        same = [v for v in LAMBDAS if math.isclose(float(raw), v, rel_tol=1e-9)]
    except (TypeError, ValueError):
        same = []
    if same and raw != f"{same[0]:g}":
        controls.set_bound("pb_lambda", same[0])
    lam = controls.bound(
        st.select_slider, t(f"{SLUG}.lambda"), key="pb_lambda", options=LAMBDAS,
        value=0.1, format_func=lambda v: f"{float(v):g}", help=t(f"{SLUG}.lambda_help"))
with c3:
    k = controls.labelled_points("pb", SLUG, options=K_OPTIONS, default=8)
with c4:
    seed = controls.seed("pb")

result = cache.run(experiment.run, strength=strength, lam=lam, k=k, seed=seed,
                   memo=cache.memo)
acc = result.accuracy

left, right = st.columns(2)
with left:
    show(plots.coefficient_path(
        experiment.PATH_GRID, result.path, result.source_coef, current=lam,
        feature_names=entry(f"{SLUG}.weight_names"), x_title=t(f"{SLUG}.path_x"),
        y_title=t(f"{SLUG}.path_y"), title=t(f"{SLUG}.path_title"),
        current_label=t(f"{SLUG}.current"), source_label=t("common.source"),
    ), height=FIRST_HEIGHT)
with right:
    show(scatter(result.pair, show_source=False, title=t(f"{SLUG}.plane_title"),
                 models={t(f"{SLUG}.source_only"): result.source,
                         t(f"{SLUG}.l2sp", lam=f"{lam:g}"): result.model,
                         t(f"{SLUG}.target_only"): result.target},
                 roles=("source_only", "transfer", "target_only")), height=FIRST_HEIGHT)

m1, m2, m3, m4 = st.columns(4)
m1.metric(t(f"{SLUG}.source_only"), pct(acc["source"]))
m2.metric(t(f"{SLUG}.target_only"), pct(acc["target"]))
m3.metric(t(f"{SLUG}.l2sp", lam=f"{lam:g}"), pct(acc["l2sp"]))
m4.metric(t(f"{SLUG}.gain_metric"), gain(acc["l2sp"], acc["target"]),
          help=t(f"{SLUG}.gain_metric_help"))
st.caption(t(f"{SLUG}.this_draw", seed=seed, k=k, n_draws=len(experiment.CURVE_SEEDS)))
# Negative transfer is a loss against the target labels alone (learning without the
# source); a loss against the source model as it is has its own, milder flag.
box, icon = {"negative": (st.error, "trending_down"), "negative_lower": (st.error, "trending_down"),
             "helps": (st.success, "trending_up"), "tie": (st.info, "balance")}.get(
    result.flag.name, (st.warning, "info"))
box(t(f"{SLUG}.notice.{result.flag.name}", **result.flag.values), icon=f":material/{icon}:")

lesson.intuition(SLUG)

show(plots.accuracy_curves(
    result.curves, labels={"source_only": t(f"{SLUG}.source_only"),  # the scatter's order,
                    "l2sp": t(f"{SLUG}.l2sp", lam=f"{lam:g}"),  # so colours match
                    "target_only": t(f"{SLUG}.target_only")},
    x_title=t(f"{SLUG}.curve_x"), y_title=t("common.accuracy_on_target"),
    title=t(f"{SLUG}.curve_title"), marker_x=k, marker_label=t(f"{SLUG}.current"),
    chance=0.5, chance_label=t("common.chance"), evenly_spaced=True,
))

lesson.notes(SLUG, result.notes)
lesson.show_code(experiment.fit_l2sp, experiment.run)
lesson.self_checks(SLUG, "lambda", "negative")
