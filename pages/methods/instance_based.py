"""Lesson: instance-based transfer (slide 12).

Part 1: importance weights (KMM, KLIEP, a domain classifier) drawn as marker areas on the
source, the effective sample size, and which part of the source the weights keep; on a
concept shift the same weights cannot help. Part 2: TrAdaBoost round by round, misleading
source points ringed as they lose weight.
"""

import streamlit as st

from tllib import evaluate, instance, method_plots, plots, tradaboost
from tllib.datasets import make_domain_pair
from ui import cache, controls, lesson
from ui.figures import show
from ui.text import entry, t

SLUG = "instance_based"
KINDS = ("covariate", "conditional")
WEIGHTINGS = ("kmm", "kliep", "discriminator")
K_OPTIONS = (5, 10, 20, 50)
ROUNDS = 10
PLAY_SECONDS = 1.2  # one round per tick while playing
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
        title=t(f"{SLUG}.bars_title")))

points = [t(f"{SLUG}.notice_now", method=name, acc=pct(acc), src=pct(src),
            gain=lesson.gain(acc, src))]
top_fifth = instance.top_weight_share(model.weights_, 0.2)
if kind == "covariate":
    points.append(t(f"{SLUG}.notice_{'kept' if top_fifth > 0.5 else 'uniform'}",
                    share=pct(top_fifth), ess=ess, n=n))
else:
    points.append(t(f"{SLUG}.notice_concept", acc=pct(acc), src=pct(src)))
if acc < src - 0.02:
    st.error(t(f"{SLUG}.notice_hurt", gain=lesson.gain(acc, src)), icon=":material/warning:")
lesson.notice(points)

# -- TrAdaBoost ------------------------------------------------------------------------
B = f"{SLUG}.boost"
st.subheader(t(f"{B}.subheader"))
st.markdown(t(f"{B}.intro"))
c1, c2, c3, c4 = st.columns([3, 3, 2, 1])
with c1:
    b_strength = controls.strength("tb", default=0.3, label=t(f"{B}.strength"))
with c2:
    b_k = controls.bound(st.select_slider, t(f"{B}.k"), key="tb_k", options=K_OPTIONS,
                         value=10, help=t(f"{B}.k_help"))
with c3:
    playing = st.toggle(t(f"{B}.play"), key="tb_play", help=t(f"{B}.play_help"))
with c4:
    b_seed = controls.seed("tb")

b_pair = cache.run(make_domain_pair, shift="conditional", strength=b_strength,
                   n_target_labelled=b_k, random_state=b_seed)
boost = cache.run(evaluate.fit_transfer, pair=b_pair,
                  estimator=tradaboost.TrAdaBoostClassifier(n_estimators=ROUNDS, random_state=0))
b_base = cache.run(evaluate.score_baselines, pair=b_pair, names=("source_only", "target_only"))
b_acc = boost.score(b_pair.X_test, b_pair.y_test)
misleading = b_pair.target_rule(b_pair.X_source) != b_pair.y_source
share = tradaboost.source_weight_share(boost, misleading)

m1, m2, m3, m4 = st.columns(4)
m1.metric(t(f"{SLUG}.source_only"), pct(b_base["source_only"]))
m2.metric(t(f"{SLUG}.target_only"), pct(b_base["target_only"]),
          t(f"{SLUG}.with_labels", k=b_k), delta_color="off")
m3.metric(t(f"{B}.boost_metric"), pct(b_acc))
m4.metric(t(f"{B}.gain_metric"), lesson.gain(b_acc, b_base["target_only"]),
          help=t(f"{B}.gain_help"))
if b_acc < b_base["target_only"] - 0.02:
    st.error(t(f"{B}.notice_negative", gain=lesson.gain(b_acc, b_base["target_only"])),
             icon=":material/warning:")
if b_acc < b_base["source_only"] - 0.02:
    st.warning(t(f"{B}.notice_below_source", gain=lesson.gain(b_acc, b_base["source_only"])),
               icon=":material/warning:")


@st.fragment(run_every=PLAY_SECONDS if playing else None)
def rounds() -> None:
    """One round of boosting; while playing, each tick moves to the next round (only
    this part of the page reruns)."""
    if playing:
        controls.set_bound("tb_round", st.session_state.get("tb_round", ROUNDS) % ROUNDS + 1)
    round_ = controls.bound(st.slider, t(f"{B}.round"), key="tb_round", min_value=1,
                            max_value=ROUNDS, value=ROUNDS, help=t(f"{B}.round_help"))
    record = boost.history_[round_ - 1]
    left, right = st.columns([3, 2])
    with left:
        show(method_plots.boosting_round(
            b_pair.X_source, b_pair.y_source, b_pair.X_target_labelled,
            b_pair.y_target_labelled, record.weights, misleading=misleading,
            title=t(f"{B}.figure_title", round=round_), source_name=t("common.source"),
            labelled_name=t(f"{B}.labelled"), misleading_name=t(f"{B}.misleading"),
            class_names=entry("common.class_names")))
    with right:
        show(method_plots.history_curves(
            {t(f"{B}.error_curve"): boost.errors_, t(f"{B}.share_curve"): share},
            current=round_, reference=0.5, reference_label=t(f"{B}.half"),
            x_title=t(f"{B}.round_label"), title=t(f"{B}.curves_title")))
    lesson.notice([
        t(f"{B}.notice_round", round=round_, error=pct(record.error), beta=record.beta,
          share=pct(share[round_ - 1]), share0=pct(share[0])),
        *([t(f"{B}.notice_half")] if record.error > 0.45 else
          [t(f"{B}.notice_zero")] if record.error < 0.01 else []),
        t(f"{B}.notice_result", acc=pct(b_acc), k=b_k, target=pct(b_base["target_only"]),
          src=pct(b_base["source_only"])),
    ])


rounds()
lesson.show_code(tradaboost.TrAdaBoostClassifier.fit)
lesson.self_checks(SLUG, "kept", "tradaboost")
