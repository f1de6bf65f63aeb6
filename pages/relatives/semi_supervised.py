"""Lesson: semi-supervised learning, and where it stops (slides 2 and 8).

Eight labelled points and 300 unlabelled ones on two moons: labels only vs
self-training vs label spreading, self-training round by round from its recorded
history, then a shift that turns and moves the unlabelled data away from the labelled
points' distribution, with accuracy against the shift: the slide's question, "how does
semi-supervised learning differ from transfer learning?", answered by the plot.
"""

import streamlit as st

from tllib import plots, semi_supervised
from tllib.experiments import semi_supervised as experiment
from ui import cache, controls, lesson
from ui.figures import FIRST_HEIGHT, show
from ui.text import entry, t

SLUG = "semi_supervised"
METHODS = semi_supervised.SSL_METHODS  # supervised, self_training, label_spreading
RESOLUTION = 40  # boundary grid: 1,600 neighbour look-ups a model, every rerun
pct = lesson.percent

lesson.header(SLUG, with_intuition=False)

c1, c2, c3 = st.columns([3, 3, 1])
with c1:
    shift = controls.bound(st.slider, t(f"{SLUG}.shift"), key="ss_shift", min_value=0.0,
                           max_value=1.0, value=0.0, step=0.1, help=t(f"{SLUG}.shift_help"))
with c2:
    round_ = controls.bound(st.slider, t(f"{SLUG}.round"), key="ss_round", min_value=0,
                            max_value=experiment.N_ROUNDS, value=3, step=1,
                            help=t(f"{SLUG}.round_help"))
with c3:
    seed = controls.seed("ss", default=1)

run = cache.run(experiment.run, shift=shift, seed=seed, memo=cache.memo)
draw, sweep = run.draw, run.sweep
accuracy, history = draw.accuracy, draw.history
round_ = run.round_of(round_)
n_labelled = int(history.labelled_counts[round_])


def scatter(round_, title):
    """The points as the learners see them at ``round_`` (labelled: stars)."""
    return plots.domain_scatter(
        history.as_pair(round_), show_source=False, target_labels=False, title=title,
        target_name=t(f"{SLUG}.unlabelled"), labelled_name=t(f"{SLUG}.labelled"),
        class_names=entry("common.class_names"), max_points=300)


left, right = st.columns(2)
with left:
    fig = scatter(0, t(f"{SLUG}.plane_title"))
    for index, m in enumerate(METHODS):
        plots.add_decision_boundary(fig, draw.models[m], name=t(f"{SLUG}.{m}"), index=index,
                                    role="target_only" if m == "supervised" else None,
                                    resolution=RESOLUTION)
    show(fig, height=FIRST_HEIGHT)
with right:
    fig = scatter(round_, t(f"{SLUG}.round_title", round=round_, n=history.n_iter,
                            n_labelled=n_labelled))
    show(plots.add_decision_boundary(fig, history.models[round_],
                                     name=t(f"{SLUG}.round_model"), index=1,
                                     resolution=RESOLUTION), height=FIRST_HEIGHT)

cols = st.columns(4)
for col, m in zip(cols, METHODS):
    col.metric(t(f"{SLUG}.{m}"), pct(accuracy[m]), help=t(f"{SLUG}.metric_help"))
n_right, n_given = run.pseudo_counts(round_)
pseudo = t(f"{SLUG}.pseudo_count", right=n_right, given=n_given) if round_ else "—"
cols[3].metric(t(f"{SLUG}.pseudo_metric"), pseudo, help=t(f"{SLUG}.pseudo_help"))

lesson.intuition(SLUG)

labels = {m: t(f"{SLUG}.{m}") for m in (*METHODS, "target_labels")}
show(plots.accuracy_curves(sweep, labels=labels, x_title=t(f"{SLUG}.sweep_x"),
                           y_title=t(f"{SLUG}.sweep_y"),
                           title=t(f"{SLUG}.sweep_title", draws=experiment.N_DRAWS),
                           marker_x=shift, marker_label=t(f"{SLUG}.current"),
                           chance=0.5, chance_label=t("common.chance")))

lesson.notes(SLUG, (*run.notes, *experiment.round_notes(run, round_)))

lesson.show_code(experiment.ssl_experiment, semi_supervised.self_training_history)
lesson.self_checks(SLUG, "difference", "shift", "rounds")
