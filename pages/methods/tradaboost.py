"""Lesson: TrAdaBoost, instance-based transfer with a few target labels (slide 12).

The target's labelling rule is the source's, turned: part of the source is still
labelled the target's way, part misleads. TrAdaBoost (Dai et al., 2007) boosts on both;
round by round (a round control and a play toggle) the misleading source points,
ringed, lose weight, beside the target error and beta of each round.
"""

import streamlit as st

from tllib import method_plots, tradaboost
from tllib.experiments import tradaboost as experiment
from ui import cache, controls, lesson
from ui.figures import FIRST_HEIGHT, show
from ui.text import entry, t

SLUG = "tradaboost"
K_OPTIONS, ROUNDS = experiment.K_OPTIONS, experiment.ROUNDS
PLAY_SECONDS = 1.2  # one round per tick while playing
pct = lesson.percent

lesson.header(SLUG, with_intuition=False)

c1, c2, c3, c4 = st.columns([3, 3, 2, 1.4])
with c1:
    strength = controls.strength("tb", default=0.3, label=t(f"{SLUG}.strength"))
with c2:
    k = controls.labelled_points("tb", SLUG, options=K_OPTIONS, default=10)
with c3:
    playing = st.toggle(t(f"{SLUG}.play"), key="tb_play", help=t(f"{SLUG}.play_help"))
with c4:
    seed = controls.seed("tb")

result = cache.run(experiment.run, strength=strength, k=k, seed=seed, memo=cache.memo)
pair, boost, share, misleading = result.pair, result.boost, result.share, result.misleading
acc, source_acc, target_acc = (result.accuracy["boost"], result.accuracy["source_only"],
                               result.accuracy["target_only"])


@st.fragment(run_every=PLAY_SECONDS if playing else None)
def rounds() -> None:
    """One round of boosting; while playing, each tick moves to the next round (only
    this part of the page reruns)."""
    if playing:
        controls.set_bound("tb_round", st.session_state.get("tb_round", ROUNDS) % ROUNDS + 1)
    round_ = controls.bound(st.slider, t(f"{SLUG}.round"), key="tb_round", min_value=1,
                            max_value=ROUNDS, value=ROUNDS, help=t(f"{SLUG}.round_help"))
    record = boost.history_[round_ - 1]
    left, right = st.columns([3, 2])
    with left:
        show(method_plots.boosting_round(
            pair.X_source, pair.y_source, pair.X_target_labelled,
            pair.y_target_labelled, record.weights, misleading=misleading,
            title=t(f"{SLUG}.figure_title", round=round_), source_name=t("common.source"),
            labelled_name=t(f"{SLUG}.labelled"), misleading_name=t(f"{SLUG}.misleading"),
            class_names=entry("common.class_names")), height=FIRST_HEIGHT)
    with right:
        show(method_plots.history_curves(
            {t(f"{SLUG}.error_curve"): boost.errors_, t(f"{SLUG}.share_curve"): share},
            current=round_, reference=0.5, reference_label=t(f"{SLUG}.half"),
            x_title=t(f"{SLUG}.round_label"), title=t(f"{SLUG}.curves_title"),
            roles=("transfer", "source_only")),
            height=FIRST_HEIGHT)
    # Metrics, flag and intuition (the same at every tick) sit in the fragment only so
    # that, as in every lesson, they come between the figures and the notes, which follow
    # the round.
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(t(f"{SLUG}.source_only"), pct(source_acc))
    m2.metric(t(f"{SLUG}.target_only"), pct(target_acc),
              t(f"{SLUG}.with_labels", k=k), delta_color="off")
    m3.metric(t(f"{SLUG}.boost_metric"), pct(acc))
    m4.metric(t(f"{SLUG}.gain_metric"), lesson.gain(acc, target_acc),
              help=t(f"{SLUG}.gain_help"))
    if result.flag is not None:
        box = st.warning if result.flag.name == "below_source" else st.error
        box(t(f"{SLUG}.notice.{result.flag.name}", **result.flag.values),
            icon=":material/warning:")
    lesson.intuition(SLUG)
    lesson.notes(SLUG, result.rounds[round_ - 1] + result.notes)

rounds()

lesson.show_code(tradaboost.TrAdaBoostClassifier.fit, experiment.run)
lesson.self_checks(SLUG, "assumption", "update")
