"""Lesson: instance-based transfer (slide 12).

Importance weights (KMM, KLIEP, a domain classifier) drawn as marker areas on the source,
the effective sample size, and which part of the source the weights keep; on a concept
shift the same weights cannot help (TrAdaBoost, with a few target labels, is the next
lesson).
"""

import streamlit as st

from tllib import method_plots, plots
from tllib.experiments import instance_based as experiment
from ui import cache, controls, lesson
from ui.figures import FIRST_HEIGHT, show
from ui.text import entry, t

SLUG = "instance_based"
KINDS, WEIGHTINGS, K_OPTIONS = experiment.KINDS, experiment.WEIGHTINGS, experiment.K_OPTIONS
pct = lesson.percent

lesson.header(SLUG, with_intuition=False)

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
result = cache.run(experiment.run, kind=kind, method=method, strength=strength, k=k,
                   seed=seed, memo=cache.memo)
pair, table, n, ess = result.pair, result.table, result.n, result.ess
acc, src, target = (table.accuracy[method], table.accuracy["source_only"],
                    table.accuracy["target_only"])

left, right = st.columns([3, 2])
with left:
    fig = method_plots.weighted_scatter(
        pair.X_source, pair.y_source, table.model.weights_, pair.X_target,
        title=t(f"{SLUG}.scatter_title"), source_name=t("common.source"),
        target_name=t("common.target"), class_names=entry("common.class_names"))
    plots.add_decision_boundary(fig, table.source, name=t(f"{SLUG}.boundary_source"),
                                role="source_only")
    plots.add_decision_boundary(fig, table.model, name=t(f"{SLUG}.boundary_weighted"),
                                role="transfer")
    show(fig, height=FIRST_HEIGHT - 30)  # under two rows of controls
with right:
    names = [t(f"{SLUG}.source_only")] + [t(f"{SLUG}.methods.{m}") for m in WEIGHTINGS] \
        + [t(f"{SLUG}.target_only")]
    show(plots.task_accuracy_bars(
        names, {t(f"{SLUG}.bars_series"): [src, *(table.accuracy[m] for m in WEIGHTINGS),
                                         target]},
        task_roles=["source_only", *["transfer"] * len(WEIGHTINGS), "target_only"],
        chance=table.chance, chance_label=t("common.chance"), y_title=t("common.accuracy"),
        title=t(f"{SLUG}.bars_title"), highlight=name), height=FIRST_HEIGHT - 30)

m1, m2, m3, m4, m5 = st.columns([1, 1, 1.2, 1.2, 1])
m1.metric(t(f"{SLUG}.source_only"), pct(src), t(f"{SLUG}.no_labels"), delta_color="off")
m2.metric(t(f"{SLUG}.target_only"), pct(target), t(f"{SLUG}.with_labels", k=k),
          delta_color="off")
m3.metric(t(f"{SLUG}.weighted", method=name), pct(acc), t(f"{SLUG}.no_labels"),
          delta_color="off")
m4.metric(t(f"{SLUG}.gain_metric"), lesson.gain(acc, src), help=t(f"{SLUG}.gain_help"))
m5.metric(t(f"{SLUG}.ess_metric"), t(f"{SLUG}.ess_value", ess=ess, n=n),
          help=t(f"{SLUG}.ess_help"))

# A loss against the source model as it is is not negative transfer: that is a loss
# against learning without the source (here, with no target label, a guess).
if result.flag is not None:
    box, icon = ((st.error, ":material/trending_down:") if result.flag.name == "negative"
                 else (st.warning, ":material/warning:"))
    box(t(f"{SLUG}.notice.{result.flag.name}", **result.flag.values), icon=icon)

lesson.intuition(SLUG)

lesson.notes(SLUG, result.notes)

lesson.show_code(type(table.model).fit, experiment.compare_methods)
lesson.self_checks(SLUG, "kept", "concept")
