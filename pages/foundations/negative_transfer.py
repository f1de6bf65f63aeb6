"""Lesson: negative transfer (slide 6).

The gain goes below zero, live. The slide's two factors vary separately: how related the
tasks are, and how much the learner trusts the source (its ability to discount it). A map
of the mean gain over both, the current point on it, and a detector a practitioner could
run without target test labels, with how often it is right.
"""

import streamlit as st

from tllib import negative, plots
from tllib.experiments import negative_transfer as experiment
from ui import cache, controls, lesson
from ui.figures import show
from ui.text import entry, t

SLUG = "negative_transfer"
K_OPTIONS, N_DRAWS = experiment.K_OPTIONS, experiment.N_DRAWS
pct, pp = lesson.percent, lesson.pp


lesson.header(SLUG)

c1, c2, c3, c4 = st.columns([3, 3, 2, 1])
with c1:
    relatedness = controls.relatedness("nt", SLUG, default=0.3)
with c2:
    share = controls.bound(
        st.slider, t(f"{SLUG}.share"), key="nt_share", min_value=0.0, max_value=0.95,
        value=0.8, step=0.05, help=t(f"{SLUG}.share_help"))
with c3:
    k = controls.labelled_points("nt", SLUG, options=K_OPTIONS, default=10)
with c4:
    seed = controls.seed("nt")

result = cache.run(experiment.run, relatedness=relatedness, share=share, k=k, seed=seed,
                   memo=cache.memo)
gain, gain_map, record = result.gain, result.gain_map, result.record

m1, m2, m3 = st.columns(3)
m1.metric(t(f"{SLUG}.gain_metric"), lesson.gain(result.pooled, result.target_only),
          help=t(f"{SLUG}.gain_metric_help"))
m2.metric(t(f"{SLUG}.transfer_metric"), pct(result.pooled))
m3.metric(t(f"{SLUG}.target_metric"), pct(result.target_only))
flag, icon = result.flag, {"flag_behind": "down", "flag_ahead": "up"}.get(result.flag.name, "flat")
box = {"flag_behind": st.error, "flag_ahead": st.success}.get(flag.name, st.info)
box(t(f"{SLUG}.notice.{flag.name}", **flag.values), icon=f":material/trending_{icon}:")

show(plots.gain_heatmap(
    gain_map.relatedness, gain_map.source_shares, gain_map.gain_mean,
    current=(relatedness, share), x_title=t(f"{SLUG}.map_x"), y_title=t(f"{SLUG}.map_y"),
    colour_title=t(f"{SLUG}.map_colour"), title=t(f"{SLUG}.map_title", n=experiment.N_MAP_DRAWS),
    current_label=t(f"{SLUG}.current"), zero_label=t(f"{SLUG}.zero_line"),
))

# -- Detecting it without target test labels -----------------------------------------
st.subheader(t(f"{SLUG}.detector_heading"))
st.markdown(t(f"{SLUG}.detector_intro", k=k))
detection = result.detection
if detection.reason:  # a class with fewer than two labels: no cross-validation
    st.info(t(f"{SLUG}.detector_too_few", k=k), icon=":material/info:")
else:
    st.markdown(t(
        f"{SLUG}.detector_now", estimated=pp(detection.estimated_gain), true=pp(gain),
        verdict=t(f"{SLUG}.verdict_{'negative' if detection.negative else 'positive'}"),
        right=t(f"{SLUG}.{'right' if result.detector_right else 'wrong'}"),
    ))
st.markdown(f"**{t(f'{SLUG}.record_title', n=N_DRAWS)}**")
rows, cols = entry(f"{SLUG}.record_rows"), entry(f"{SLUG}.record_cols")
st.table({
    "": rows,
    cols[0]: [record.true_positives, record.false_positives],
    cols[1]: [record.false_negatives, record.true_negatives],
})
st.markdown(t(f"{SLUG}.record_summary", correct=record.n_correct, n=N_DRAWS,
              accuracy=pct(record.accuracy)))

lesson.notes(SLUG, result.notes)

lesson.show_code(experiment.run, negative.fit_weighted_pooling,
                 negative.detect_negative_transfer)
lesson.self_checks(SLUG, "factors", "french", "detect")
