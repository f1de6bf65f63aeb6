"""Lesson: instance-based transfer (slide 12).

Importance weights (KMM, KLIEP, a domain classifier) drawn as marker areas on the source,
the effective sample size, and which part of the source the weights keep; on a concept
shift the same weights cannot help (TrAdaBoost, with a few target labels, is the next
lesson).
"""

import streamlit as st

from tllib import evaluate, instance, method_plots, plots
from tllib.datasets import make_domain_pair
from ui import cache, controls, lesson
from ui.figures import show
from ui.text import entry, t

SLUG = "instance_based"
KINDS = ("covariate", "conditional")
WEIGHTINGS = ("kmm", "kliep", "discriminator")
K_OPTIONS = (5, 10, 20, 50)
pct = lesson.percent


def weighting(name: str):
    """A fresh, unfitted reweighting estimator for a method's name."""
    if name == "kmm":  # B = 10: no source point may count for more than ten
        return instance.KernelMeanMatching(B=10.0)
    if name == "kliep":
        return instance.KLIEP(random_state=0)
    return instance.DiscriminatorReweighting()


lesson.header(SLUG)

c1, c2, c3 = st.columns([4, 3, 3])
with c1:
    kind = controls.choice(st.radio, t(f"{SLUG}.kind"), KINDS, key="ib_kind",
                           default="covariate", format_func=lambda k: t(f"{SLUG}.kinds.{k}"),
                           help=t(f"{SLUG}.kind_help"))
with c2:
    method = controls.choice(st.selectbox, t(f"{SLUG}.method"), WEIGHTINGS, key="ib_method",
                             default="kmm", format_func=lambda m: t(f"{SLUG}.methods.{m}"),
                             help=t(f"{SLUG}.method_help"))
with c3:
    strength = controls.strength("ib", default=0.6)
c4, c5 = st.columns([6, 1])
with c4:
    k = controls.labelled_points("ib", SLUG, options=K_OPTIONS, default=10)
with c5:
    seed = controls.seed("ib")

name = t(f"{SLUG}.methods.{method}")
pair = cache.run(make_domain_pair, shift=kind, strength=strength, n_target_labelled=k,
                 random_state=seed)
model = cache.run(evaluate.fit_transfer, estimator=weighting(method), pair=pair,
                  target_labels=False)
source = cache.run(evaluate.fit_baseline, name="source_only", pair=pair)
baselines = cache.run(evaluate.score_baselines, pair=pair, names=("source_only", "target_only"))
weighted = cache.run(evaluate.score_methods, pair=pair, target_labels=False,
                     methods={m: weighting(m) for m in WEIGHTINGS})
acc, src, target = weighted[method], baselines["source_only"], baselines["target_only"]
n = len(pair.y_source)
ess = instance.effective_sample_size(model.weights_)

m1, m2, m3, m4, m5 = st.columns(5)
m1.metric(t(f"{SLUG}.source_only"), pct(src), t(f"{SLUG}.no_labels"), delta_color="off")
m2.metric(t(f"{SLUG}.target_only"), pct(target), t(f"{SLUG}.with_labels", k=k),
          delta_color="off")
m3.metric(t(f"{SLUG}.weighted", method=name), pct(acc), t(f"{SLUG}.no_labels"),
          delta_color="off")
m4.metric(t(f"{SLUG}.gain_metric"), lesson.gain(acc, src), help=t(f"{SLUG}.gain_help"))
m5.metric(t(f"{SLUG}.ess_metric"), t(f"{SLUG}.ess_value", ess=ess, n=n),
          help=t(f"{SLUG}.ess_help"))

left, right = st.columns([3, 2])
with left:
    fig = method_plots.weighted_scatter(
        pair.X_source, pair.y_source, model.weights_, pair.X_target,
        title=t(f"{SLUG}.scatter_title"), source_name=t("common.source"),
        target_name=t("common.target"), class_names=entry("common.class_names"))
    plots.add_decision_boundary(fig, source, name=t(f"{SLUG}.boundary_source"), index=0)
    plots.add_decision_boundary(fig, model, name=t(f"{SLUG}.boundary_weighted"), index=1)
    show(fig)
with right:
    names = [t(f"{SLUG}.source_only")] + [t(f"{SLUG}.methods.{m}") for m in WEIGHTINGS] \
        + [t(f"{SLUG}.target_only")]
    show(plots.task_accuracy_bars(
        names, {t(f"{SLUG}.bars_series"): [src, *(weighted[m] for m in WEIGHTINGS), target]},
        title=t(f"{SLUG}.bars_title"), highlight=name))

points = [t(f"{SLUG}.notice_now", method=name, acc=pct(acc), src=pct(src),
            gain=lesson.gain(acc, src))]
top_fifth = instance.top_weight_share(model.weights_, 0.2)
if kind == "covariate":
    points.append(t(f"{SLUG}.notice_{'kept' if top_fifth > 0.5 else 'uniform'}",
                    share=pct(top_fifth), ess=ess, n=n))
else:
    points.append(t(f"{SLUG}.notice_concept", acc=pct(acc), src=pct(src)))
if ess < 0.05 * n:
    points.append(t(f"{SLUG}.notice_few", ess=ess))
if acc < src - 0.02:
    st.error(t(f"{SLUG}.notice_hurt", gain=lesson.gain(acc, src)), icon=":material/warning:")
lesson.notice(points)

lesson.show_code(type(model).fit, instance.effective_sample_size)
lesson.self_checks(SLUG, "kept", "concept")
