"""Lesson: negative transfer (slide 6).

The gain goes below zero, live. The slide's two factors vary separately: how related the
tasks are, and the learner's ability to find what they share — a choice between blind
pooling (the source swamps the few target labels) and L2-SP (the source kept only as far
as the target labels allow). Both learners' mean accuracy over relatedness against
target-only's, this draw on it, and a detector a practitioner could run without target
test labels, with how often it is right.
"""

import streamlit as st

from tllib import negative, plots
from tllib.experiments import negative_transfer as experiment
from tllib.parameter import SourcePriorLogisticRegression
from ui import cache, controls, lesson
from ui.figures import FIRST_HEIGHT, show
from ui.text import entry, numerals, t

SLUG = "negative_transfer"
K_OPTIONS, N_DRAWS, LEARNERS = experiment.K_OPTIONS, experiment.N_DRAWS, experiment.LEARNERS
pct, pp = lesson.percent, lesson.pp


def learner_name(key: str) -> str:
    return t(f"{SLUG}.learners.{key}")


lesson.header(SLUG, with_intuition=False)

# The controls in one row, right above the figure they drive.
c1, c2, c3, c4 = st.columns([3, 3, 2, 1])
with c1:
    relatedness = controls.relatedness("nt", SLUG, default=0.3)
with c2:
    learner = controls.choice(
        st.radio, t(f"{SLUG}.learner"), LEARNERS, key="nt_learner", default="pooled",
        format_func=learner_name, horizontal=True, help=t(f"{SLUG}.learner_help"))
with c3:
    k = controls.labelled_points("nt", SLUG, options=K_OPTIONS, default=10)
with c4:
    seed = controls.seed("nt")

result = cache.run(experiment.run, relatedness=relatedness, learner=learner, k=k,
                   seed=seed, memo=cache.memo)
gain, record = result.gain, result.record

show(plots.accuracy_curves(
    result.background.curves,
    labels={key: learner_name(key) for key in ("target_only", *LEARNERS)},
    x_title=t(f"{SLUG}.curves_x"), y_title=t(f"{SLUG}.curves_y"),
    title=t(f"{SLUG}.curves_title", n=N_DRAWS, k=k), marker_x=relatedness,
    marker_label=t(f"{SLUG}.current", learner=learner_name(learner)),
    chance=0.5, chance_label=t("common.chance"),
), height=FIRST_HEIGHT)

m1, m2, m3 = st.columns(3)
m1.metric(t(f"{SLUG}.gain_metric"), lesson.gain(result.transfer, result.target_only),
          help=t(f"{SLUG}.gain_metric_help", learner=learner_name(learner)))
m2.metric(learner_name(learner), pct(result.transfer))
m3.metric(learner_name("target_only"), pct(result.target_only))
flag, icon = result.flag, {"flag_behind": "down", "flag_ahead": "up"}.get(result.flag.name, "flat")
box = {"flag_behind": st.error, "flag_ahead": st.success}.get(flag.name, st.info)
box(t(f"{SLUG}.notice.{flag.name}", **flag.values),
    icon=f":material/trending_{icon}:")

lesson.intuition(SLUG)
st.markdown(t(f"{SLUG}.learners_intro", k=k, strength=experiment.STRENGTH))
lesson.notes(SLUG, result.notes)

# -- Detecting it without target test labels -----------------------------------------
st.subheader(t(f"{SLUG}.detector_heading"))
st.markdown(t(f"{SLUG}.detector_intro", k=k, learner=learner_name(learner)))
detection = result.detection
if detection.reason:  # a class with fewer than two labels: no cross-validation
    st.info(t(f"{SLUG}.detector_too_few", k=k), icon=":material/info:")
else:
    st.markdown(t(
        f"{SLUG}.detector_now", estimated=pp(detection.estimated_gain), true=pp(gain),
        verdict=t(f"{SLUG}.verdict_{'negative' if detection.negative else 'positive'}"),
        right=t(f"{SLUG}.{'right' if result.detector_right else 'wrong'}"),
    ))
st.markdown(f"**{t(f'{SLUG}.record_title', n=N_DRAWS, r=result.column)}**")
rows, cols = entry(f"{SLUG}.record_rows"), entry(f"{SLUG}.record_cols")


def count(n: int):
    """A count as the table shows it: st.table writes numbers in Latin digits, so in a
    language with its own digits the count goes in as text."""
    shown = numerals(str(n))
    return n if shown == str(n) else shown


st.table({
    "": rows,
    cols[0]: [count(record.true_positives), count(record.false_positives)],
    cols[1]: [count(record.false_negatives), count(record.true_negatives)],
})
st.markdown(t(f"{SLUG}.record_summary", correct=record.n_correct, n=N_DRAWS,
              accuracy=pct(record.accuracy)))
lesson.notes(SLUG, (result.detector_note,))

lesson.show_code(experiment.run, negative.fit_weighted_pooling,
                 SourcePriorLogisticRegression.fit, negative.detect_negative_transfer)
lesson.self_checks(SLUG, "factors", "selective", "french", "detect")
