"""Lesson: feature-based transfer (slide 13).

The target measures the same objects with recalibrated sensors. Each mapping (CORAL with
and without mean alignment, subspace alignment, TCA) is learned from the target's inputs
alone; source and target are drawn before and after it, and its target accuracy with no
target label sits beside source-only, target-only and feature augmentation.
"""

import streamlit as st

from tllib import augmentation, evaluate, feature, method_plots, plots
from tllib.datasets import make_domain_pair
from ui import cache, controls, lesson
from ui.figures import scatter, show
from ui.text import entry, t

SLUG = "feature_based"
MAPPINGS = ("coral", "coral_paper", "sa", "tca")
K_OPTIONS = (2, 5, 10, 20, 50, 100)
pct = lesson.percent


def mapping(name: str):
    """A fresh, unfitted estimator for a mapping's name."""
    if name in ("coral", "coral_paper"):
        return feature.CORAL(align_means=name == "coral")
    if name == "sa":
        return feature.SubspaceAlignment(n_components=2)
    return feature.TransferComponentAnalysis(kernel="linear", n_components=1)


lesson.header(SLUG)

c1, c2, c3, c4 = st.columns([3, 4, 3, 1])
with c1:
    strength = controls.strength("fb", default=0.8)
with c2:
    method = controls.choice(st.selectbox, t(f"{SLUG}.method"), MAPPINGS, key="fb_method",
                             default="coral", format_func=lambda m: t(f"{SLUG}.methods.{m}"),
                             help=t(f"{SLUG}.method_help"))
with c3:
    k = controls.labelled_points("fb", SLUG, options=K_OPTIONS, default=10)
with c4:
    seed = controls.seed("fb")

name, short = t(f"{SLUG}.methods.{method}"), t(f"{SLUG}.short.{method}")
pair = cache.run(make_domain_pair, shift="feature", strength=strength, n_target_labelled=k,
                 random_state=seed)
model = cache.run(evaluate.fit_transfer, estimator=mapping(method), pair=pair,
                  target_labels=False)
source = cache.run(evaluate.fit_baseline, name="source_only", pair=pair)
baselines = cache.run(evaluate.score_baselines, pair=pair, names=("source_only", "target_only"))
unsupervised = cache.run(evaluate.score_methods, pair=pair, target_labels=False,
                         methods={m: mapping(m) for m in MAPPINGS})
augmented = cache.run(evaluate.score_methods, pair=pair,
                      methods={"augmentation": augmentation.FeatureAugmentation()})
acc, src, target = unsupervised[method], baselines["source_only"], baselines["target_only"]

m1, m2, m3, m4 = st.columns(4)
m1.metric(t(f"{SLUG}.source_only"), pct(src), t(f"{SLUG}.no_labels"), delta_color="off")
m2.metric(t(f"{SLUG}.target_only"), pct(target), t(f"{SLUG}.with_labels", k=k),
          delta_color="off")
m3.metric(name, pct(acc), t(f"{SLUG}.no_labels"), delta_color="off")
m4.metric(t(f"{SLUG}.gain_metric"), lesson.gain(acc, src), help=t(f"{SLUG}.gain_help"))

left, right = st.columns(2)
with left:
    show(scatter(pair, title=t(f"{SLUG}.before_title"),
                 models={t(f"{SLUG}.boundary_source"): source, short: model}))
with right:
    show(method_plots.mapped_scatter(
        model.transform(pair.X_source, domain="source"), pair.y_source,
        model.transform(pair.X_target, domain="target"), pair.y_target,
        classifier=model.estimator_, classifier_name=t(f"{SLUG}.boundary_after"),
        title=t(f"{SLUG}.after_title", method=short), source_name=t("common.source"),
        target_name=t("common.target"), class_names=entry("common.class_names"),
        axis_titles=tuple(entry(f"{SLUG}.axes.{method}")),
    ))
st.caption(t(f"{SLUG}.colours_note"))

names = [t(f"{SLUG}.source_only")] + [t(f"{SLUG}.methods.{m}") for m in MAPPINGS] \
    + [t(f"{SLUG}.methods.augmentation"), t(f"{SLUG}.target_only")]
scores = [src, *(unsupervised[m] for m in MAPPINGS), augmented["augmentation"], target]
show(plots.task_accuracy_bars(names, {t(f"{SLUG}.bars_series"): scores},
                              title=t(f"{SLUG}.bars_title"), highlight=name))

points = [t(f"{SLUG}.notice_now", method=name, acc=pct(acc), src=pct(src),
            gain=lesson.gain(acc, src)),
          t(f"{SLUG}.explain.{method}"),
          t(f"{SLUG}.notice_target", k=k, target=pct(target))]
if acc > target:
    points.append(t(f"{SLUG}.notice_beats_target", k=k))
if strength == 0:
    points.append(t(f"{SLUG}.notice_none"))
else:
    best = max(MAPPINGS, key=unsupervised.get)
    points.append(t(f"{SLUG}.notice_best", best=t(f"{SLUG}.methods.{best}"),
                    acc=pct(unsupervised[best])))
if acc < src - 0.02:
    st.error(t(f"{SLUG}.notice_hurt", gain=lesson.gain(acc, src)), icon=":material/warning:")
lesson.notice(points)

lesson.show_code(type(model).fit, type(model)._fit_map)
lesson.self_checks(SLUG, "unsupervised", "limits")
