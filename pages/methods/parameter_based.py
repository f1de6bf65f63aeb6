"""Lesson: parameter-based transfer (slide 14).

Start from the source model's weights and let a few target labels move them, with a
penalty λ that keeps them near the source's (L2-SP). The target's labelling rule is the
source's rotated (concept shift): the weights travel from the target's solution to the
source's as λ grows, and a strong shift turns the source prior into a wrong pull.
"""

import streamlit as st

from tllib import plots
from tllib.experiments import parameter_based as experiment
from ui import cache, controls, lesson
from ui.figures import scatter, show
from ui.text import t

SLUG = "parameter_based"
LAMBDAS, K_OPTIONS = experiment.LAMBDAS, experiment.K_OPTIONS
pct, gain = lesson.percent, lesson.gain

lesson.header(SLUG)

c1, c2, c3, c4 = st.columns([3, 3, 3, 1])
with c1:
    strength = controls.strength("pb", default=0.3, label=t(f"{SLUG}.strength"))
with c2:
    lam = controls.bound(
        st.select_slider, t(f"{SLUG}.lambda"), key="pb_lambda", options=LAMBDAS,
        value=0.1, format_func=lambda v: f"{float(v):g}", help=t(f"{SLUG}.lambda_help"))
with c3:
    k = controls.labelled_points("pb", SLUG, options=K_OPTIONS, default=8)
with c4:
    seed = controls.seed("pb")


result = cache.run(experiment.run, strength=strength, lam=lam, k=k, seed=seed,
                   memo=cache.memo)
acc, angle = result.accuracy, result.angle
numbers = dict(lam=f"{lam:g}", angle=f"{angle:.0f}", k=k, l2sp=pct(acc["l2sp"]),
               source=pct(acc["source"]), target=pct(acc["target"]))

m1, m2, m3, m4 = st.columns(4)
m1.metric(t(f"{SLUG}.source_only"), pct(acc["source"]))
m2.metric(t(f"{SLUG}.target_only"), pct(acc["target"]))
m3.metric(t(f"{SLUG}.l2sp", lam=f"{lam:g}"), pct(acc["l2sp"]))
m4.metric(t(f"{SLUG}.gain_metric"), gain(acc["l2sp"], acc["target"]),
          help=t(f"{SLUG}.gain_metric_help"))
# Negative transfer is a loss against the target labels alone (learning without the
# source); a loss against the source model as it is has its own, milder flag.
helps = result.gain.verdict == "ahead" and result.vs_source.verdict != "behind"
if result.gain.verdict == "behind":
    lower = t(f"{SLUG}.flag_lower") if lam > LAMBDAS[0] else ""
    st.error(f'{t(f"{SLUG}.flag_negative", **numbers)} {lower}',
             icon=":material/trending_down:")
elif result.vs_source.verdict == "behind":
    st.warning(t(f"{SLUG}.flag_source_better", **numbers), icon=":material/info:")
elif helps:
    st.success(t(f"{SLUG}.flag_helps", **numbers), icon=":material/trending_up:")
else:
    st.info(t(f"{SLUG}.flag_tie", **numbers), icon=":material/balance:")

left, right = st.columns(2)
with left:
    show(plots.coefficient_path(
        experiment.PATH_GRID, result.path, result.source_coef, current=lam, x_title=t(f"{SLUG}.path_x"),
        y_title=t(f"{SLUG}.path_y"), title=t(f"{SLUG}.path_title"),
        current_label=t(f"{SLUG}.current"), source_label=t("common.source"),
    ))
with right:
    show(scatter(result.pair, show_source=False, title=t(f"{SLUG}.plane_title"),
                 models={t(f"{SLUG}.source_only"): result.source,
                         t(f"{SLUG}.l2sp", lam=f"{lam:g}"): result.model,
                         t(f"{SLUG}.target_only"): result.target}))
show(plots.accuracy_curves(
    result.curves, labels={"source_only": t(f"{SLUG}.source_only"),  # the scatter's order,
                    "l2sp": t(f"{SLUG}.l2sp", lam=f"{lam:g}"),  # so colours match
                    "target_only": t(f"{SLUG}.target_only")},
    x_title=t(f"{SLUG}.curve_x"), y_title=t("common.accuracy_on_target"),
    title=t(f"{SLUG}.curve_title"), marker_x=k, marker_label=t(f"{SLUG}.current"),
    chance=0.5, chance_label=t("common.chance"), evenly_spaced=True,
))

weak = {"tie": "close", "ahead": "picks"}.get(result.weakest_vs_target.verdict, "hurts")
lesson.notice([
    t(f"{SLUG}.notice_small_{weak}", small=f"{LAMBDAS[0]:g}",
      acc=pct(acc["weakest"]), **numbers),
    t(f"{SLUG}.notice_large", large=f"{LAMBDAS[-1]:g}", acc=pct(acc["strongest"]),
      **numbers),
    t(f"{SLUG}.notice_{'helps' if helps else 'no_help'}", gain=gain(acc["l2sp"], acc["target"]),
      **numbers),
    t(f"{SLUG}.notice_strong", large=f"{LAMBDAS[-1]:g}", worst=pct(acc["strongest"]),
      **numbers) if result.strong else t(f"{SLUG}.notice_try_strong", **numbers),
])
lesson.show_code(experiment.fit_l2sp, experiment.run)
lesson.self_checks(SLUG, "lambda", "negative")
