"""Lesson: feature-based transfer (slide 13).

The target measures the same objects with recalibrated sensors. Each mapping (CORAL with
and without mean alignment, subspace alignment, TCA) is learned from the target's inputs
alone; source and target are drawn before and after it, and its target accuracy with no
target label sits beside source-only, target-only and feature augmentation.
"""

import streamlit as st

from tllib import method_plots, plots
from tllib.experiments import feature_based as experiment
from ui import cache, controls, lesson
from ui.figures import FIRST_HEIGHT, scatter, show
from ui.text import entry, t

SLUG = "feature_based"
MAPPINGS, K_OPTIONS = experiment.MAPPINGS, experiment.K_OPTIONS
pct = lesson.percent

lesson.header(SLUG, with_intuition=False)

c1, c2, c3, c4 = st.columns([3, 4, 3, 1.4])
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
result = cache.run(experiment.run, method=method, strength=strength, k=k, seed=seed,
                   memo=cache.memo)
pair, table = result.pair, result.table
acc, src, target = (table.accuracy[method], table.accuracy["source_only"],
                    table.accuracy["target_only"])

left, right = st.columns(2)
with left:
    show(scatter(pair, title=t(f"{SLUG}.before_title"),
                 models={t(f"{SLUG}.boundary_source"): table.source, short: table.model},
                 roles=("source_only", "transfer")),
         height=FIRST_HEIGHT)
with right:
    show(method_plots.mapped_scatter(
        result.mapped_source, pair.y_source, result.mapped_target, pair.y_target,
        classifier=result.classifier, classifier_name=t(f"{SLUG}.boundary_after"),
        title=t(f"{SLUG}.after_title", method=short), source_name=t("common.source"),
        target_name=t("common.target"), class_names=entry("common.class_names"),
        axis_titles=tuple(entry(f"{SLUG}.axes.{method}")),
    ), height=FIRST_HEIGHT)
st.caption(f'{t(f"{SLUG}.explain.{method}")} {t(f"{SLUG}.colours_note")}')

m1, m2, m3, m4 = st.columns(4)
m1.metric(t(f"{SLUG}.source_only"), pct(src), t(f"{SLUG}.no_labels"), delta_color="off")
m2.metric(t(f"{SLUG}.target_only"), pct(target), t(f"{SLUG}.with_labels", k=k),
          delta_color="off")
m3.metric(name, pct(acc), t(f"{SLUG}.no_labels"), delta_color="off")
m4.metric(t(f"{SLUG}.gain_metric"), lesson.gain(acc, src), help=t(f"{SLUG}.gain_help"))

# A loss against the source model as it is is not negative transfer: that is a loss
# against learning without the source (here, with no target label, a guess).
if result.flag is not None:
    box, icon = ((st.error, ":material/trending_down:") if result.flag.name == "negative"
                 else (st.warning, ":material/warning:"))
    box(t(f"{SLUG}.notice.{result.flag.name}", **result.flag.values), icon=icon)

lesson.intuition(SLUG)

names = [t(f"{SLUG}.source_only")] + [t(f"{SLUG}.methods.{m}") for m in MAPPINGS] \
    + [t(f"{SLUG}.methods.augmentation"), t(f"{SLUG}.target_only")]
scores = [src, *(table.accuracy[m] for m in MAPPINGS), table.accuracy["augmentation"],
          target]
show(plots.task_accuracy_bars(
    names, {t(f"{SLUG}.bars_series"): scores},
    task_roles=["source_only", *["transfer"] * (len(MAPPINGS) + 1), "target_only"],
    chance=table.chance, chance_label=t("common.chance"), y_title=t("common.accuracy"),
    title=t(f"{SLUG}.bars_title"), highlight=name))

lesson.notice([t(f"{SLUG}.notice.{note.name}",  # a mapping's name, in the page's language
                 **{**note.values, **({"best": t(f"{SLUG}.methods.{note.values['best']}")}
                                      if "best" in note.values else {})})
               for note in result.notes])

lesson.show_code(type(table.model)._fit_map, experiment.run)
lesson.self_checks(SLUG, "unsupervised", "limits")
