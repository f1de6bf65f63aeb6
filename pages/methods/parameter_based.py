"""Lesson: parameter-based transfer (slide 14).

Start from the source model's weights and let a few target labels move them, with a
penalty λ that keeps them near the source's (L2-SP). The target's labelling rule is the
source's rotated (concept shift): the weights travel from the target's solution to the
source's as λ grows, and a strong shift turns the source prior into a wrong pull.
"""

import numpy as np
import streamlit as st

from tllib import evaluate, plots
from tllib.datasets import make_domain_pair
from tllib.parameter import SourcePriorLogisticRegression, source_prior_path
from ui import cache, controls, lesson
from ui.figures import scatter, show
from ui.text import t

SLUG = "parameter_based"
LAMBDAS = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
PATH_GRID = tuple(np.logspace(-2, 2, 33))  # finer than the control, for a smooth path
K_OPTIONS = (4, 8, 16, 32, 64)
CURVE_KS = (2, 4, 8, 16, 32, 64)
STRONG = 0.5  # from here on the target's rule is at least 90° from the source's
CLOSE = 0.03  # "like target-only" within 3 points of accuracy
TIE = 0.02  # a verdict needs more than 2 points: less is the noise of one draw
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


def l2sp(pull: float) -> SourcePriorLogisticRegression:
    return SourcePriorLogisticRegression(source_strength=pull)


pair = cache.run(make_domain_pair, shift="conditional", strength=strength,
                 n_target_labelled=k, random_state=seed)
source = cache.run(evaluate.fit_baseline, name="source_only", pair=pair)
target = cache.run(evaluate.fit_baseline, name="target_only", pair=pair)
model = cache.run(evaluate.fit_transfer, estimator=l2sp(lam), pair=pair)
weakest = cache.run(evaluate.fit_transfer, estimator=l2sp(LAMBDAS[0]), pair=pair)
strongest = cache.run(evaluate.fit_transfer, estimator=l2sp(LAMBDAS[-1]), pair=pair)
path = cache.run(source_prior_path, X=pair.X_source, y=pair.y_source, Xt=pair.X_target,
                 yt=pair.y_target_visible, strengths=PATH_GRID)
curves = cache.run(evaluate.learning_curve, n_labelled=CURVE_KS,
                   names=("source_only", "target_only"), methods={"l2sp": l2sp(lam)},
                   shift="conditional", strength=strength, seeds=range(5))
acc = {name: m.score(pair.X_test, pair.y_test) for name, m in (
    ("source", source), ("target", target), ("l2sp", model), ("weakest", weakest),
    ("strongest", strongest))}
better = max(acc["source"], acc["target"])
angle = pair.details["angle_deg"]
numbers = dict(lam=f"{lam:g}", angle=f"{angle:.0f}", k=k, l2sp=pct(acc["l2sp"]),
               source=pct(acc["source"]), target=pct(acc["target"]))

m1, m2, m3, m4 = st.columns(4)
m1.metric(t(f"{SLUG}.source_only"), pct(acc["source"]))
m2.metric(t(f"{SLUG}.target_only"), pct(acc["target"]))
m3.metric(t(f"{SLUG}.l2sp", lam=f"{lam:g}"), pct(acc["l2sp"]))
m4.metric(t(f"{SLUG}.gain_metric"), gain(acc["l2sp"], better),
          help=t(f"{SLUG}.gain_metric_help"))
helps = acc["l2sp"] > better + TIE
if acc["l2sp"] < acc["target"] - TIE:
    lower = t(f"{SLUG}.flag_lower") if lam > LAMBDAS[0] else ""
    st.error(f'{t(f"{SLUG}.flag_negative", **numbers)} {lower}',
             icon=":material/trending_down:")
elif acc["l2sp"] < acc["source"] - TIE:
    st.warning(t(f"{SLUG}.flag_source_better", **numbers), icon=":material/info:")
elif helps:
    st.success(t(f"{SLUG}.flag_helps", **numbers), icon=":material/trending_up:")
else:
    st.info(t(f"{SLUG}.flag_tie", **numbers), icon=":material/balance:")

left, right = st.columns(2)
with left:
    show(plots.coefficient_path(
        PATH_GRID, path, model.source_coef_, current=lam, x_title=t(f"{SLUG}.path_x"),
        y_title=t(f"{SLUG}.path_y"), title=t(f"{SLUG}.path_title"),
        current_label=t(f"{SLUG}.current"), source_label=t("common.source"),
    ))
with right:
    show(scatter(pair, show_source=False, title=t(f"{SLUG}.plane_title"),
                 models={t(f"{SLUG}.source_only"): source,
                         t(f"{SLUG}.l2sp", lam=f"{lam:g}"): model,
                         t(f"{SLUG}.target_only"): target}))
show(plots.accuracy_curves(
    curves, labels={"source_only": t(f"{SLUG}.source_only"),  # the scatter's order,
                    "l2sp": t(f"{SLUG}.l2sp", lam=f"{lam:g}"),  # so colours match
                    "target_only": t(f"{SLUG}.target_only")},
    x_title=t(f"{SLUG}.curve_x"), y_title=t("common.accuracy_on_target"),
    title=t(f"{SLUG}.curve_title"), marker_x=k, marker_label=t(f"{SLUG}.current"),
    chance=0.5, chance_label=t("common.chance"), evenly_spaced=True,
))

weak = ("close" if abs(acc["weakest"] - acc["target"]) <= CLOSE
        else "picks" if acc["weakest"] > acc["target"] else "hurts")
lesson.notice([
    t(f"{SLUG}.notice_small_{weak}", small=f"{LAMBDAS[0]:g}",
      acc=pct(acc["weakest"]), **numbers),
    t(f"{SLUG}.notice_large", large=f"{LAMBDAS[-1]:g}", acc=pct(acc["strongest"]),
      **numbers),
    t(f"{SLUG}.notice_{'helps' if helps else 'no_help'}", gain=gain(acc["l2sp"], better),
      **numbers),
    t(f"{SLUG}.notice_strong", large=f"{LAMBDAS[-1]:g}", worst=pct(acc["strongest"]),
      **numbers) if strength >= STRONG else t(f"{SLUG}.notice_try_strong", **numbers),
])
lesson.show_code(SourcePriorLogisticRegression.fit)
lesson.self_checks(SLUG, "lambda", "negative")
