"""Lesson: where transfer comes from — related tasks (slides 4–5).

A relatedness control from unrelated tasks (0: independent rules, 90° apart) to the same
task (1), the slide's own examples as presets (violin → piano, mathematics → literature),
and opposite rules (180°) as a separate extreme. The plane shows the two noise-free rules
and the angle between them; the transfer gain is plotted against relatedness with the
presets and the current setting marked: little overlap gives little or negative gain, and
overlap alone does not guarantee gain.
"""

import streamlit as st

from tllib import plots
from tllib.experiments import related_tasks as experiment
from ui import cache, controls, lesson
from ui.figures import FIRST_HEIGHT, scatter, show
from ui.text import numerals, t

SLUG = "related_tasks"
K_OPTIONS, N_DRAWS, PRESETS = experiment.K_OPTIONS, experiment.N_DRAWS, experiment.PRESETS
OPPOSITE_X = -0.25  # where opposite rules sit on the gain figure, apart from the curve
pct = lesson.percent


def use_preset(relatedness: float) -> None:
    """A slide example's button: set the slider (the URL follows) and leave opposite."""
    controls.set_bound("rt_relatedness", relatedness)
    controls.set_bound("rt_opposite", False)


def rules_plane(result):
    """The target's points with the two noise-free rules and the angle between them,
    and the two learners' boundaries on top."""
    fig = scatter(result.pair, show_source=False,
                  title=t(f"{SLUG}.plane_title", angle=result.angle))
    plots.add_true_rules(fig, result.rules, angle=result.angle,
                         names=(t(f"{SLUG}.source_rule"), t(f"{SLUG}.target_rule")),
                         angle_label=t(f"{SLUG}.angle", angle=result.angle))
    for name, model, role in ((t(f"{SLUG}.transfer_model"), result.transfer, "transfer"),
                              (t(f"{SLUG}.target_model"), result.target, "target_only")):
        plots.add_decision_boundary(fig, model, name=name, role=role)
    fig.update_layout(legend=dict(y=-0.24, x=-0.15, entrywidth=130, font=dict(size=11)))
    return fig


def gain_figure(result, k: int, opposite: bool):
    """The mean gain over relatedness, opposite rules as a point of their own, the
    slide's examples marked, and ticks that give the angle between the rules too."""
    far = result.opposite_sweep
    # Two lines per tick, the relatedness and the angle.
    ticks = {OPPOSITE_X: f"{t(f'{SLUG}.opposite_tick')}<br>{t(f'{SLUG}.angle', angle=180)}",
             **{v: f"{numerals(f'{v:g}')}<br>{t(f'{SLUG}.angle', angle=90 * (1 - v))}"
                for v in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)}}
    fig = plots.gain_curve(
        result.sweep, label=t(f"{SLUG}.gain_y"), x_title=t(f"{SLUG}.gain_x"),
        y_title=t(f"{SLUG}.gain_y"), title=t(f"{SLUG}.gain_title", n=N_DRAWS, k=k),
        marker_x=OPPOSITE_X if opposite else result.relatedness,
        marker_label=t(f"{SLUG}.current"), positive_label=t(f"{SLUG}.positive"),
        negative_label=t(f"{SLUG}.negative"), ticks=ticks,
        marks={t(f"{SLUG}.presets.{name}"): x for name, x in PRESETS.items()},
        extreme=(OPPOSITE_X, float(far.mean["gain"][0]), float(far.std["gain"][0])))
    fig.update_layout(showlegend=False)  # the title says what is drawn
    return fig


lesson.header(SLUG, with_intuition=False)

# Controls right above the figures: relatedness, labels, seed; under them the slide's
# examples and the opposite extreme. The toggle is read first: it disables the slider.
c1, c2, c3 = st.columns([3, 3, 1])
row = st.container(horizontal=True, vertical_alignment="center")
with row:
    st.markdown(t(f"{SLUG}.presets_label"))
    for name, value in PRESETS.items():
        st.button(t(f"{SLUG}.presets.{name}"), key=f"rt_preset_{name}", on_click=use_preset,
                  args=(value,), help=t(f"{SLUG}.presets_help", r=value))
    opposite = controls.bound(st.toggle, t(f"{SLUG}.opposite"), key="rt_opposite",
                              value=False, help=t(f"{SLUG}.opposite_help"))
with c1:
    relatedness = controls.bound(
        st.slider, t(f"{SLUG}.relatedness"), key="rt_relatedness", min_value=0.0,
        max_value=1.0, value=0.8, step=0.05, disabled=opposite,
        help=t(f"{SLUG}.relatedness_help"))
with c2:
    k = controls.labelled_points("rt", SLUG, options=K_OPTIONS, default=8)
with c3:
    seed = controls.seed("rt")

result = cache.run(experiment.run, relatedness=relatedness, k=k, seed=seed,
                   opposite=opposite, memo=cache.memo)
transfer_acc, target_acc = result.transfer_accuracy, result.target_accuracy

left, right = st.columns(2)
with left:
    show(rules_plane(result), height=FIRST_HEIGHT)
with right:
    show(gain_figure(result, k, opposite), height=FIRST_HEIGHT)

m1, m2, m3 = st.columns(3)
m1.metric(t(f"{SLUG}.transfer"), pct(transfer_acc))
m2.metric(t(f"{SLUG}.target_only"), pct(target_acc))
m3.metric(t("negative_transfer.gain_metric"), lesson.gain(transfer_acc, target_acc),
          help=t("negative_transfer.gain_metric_help"))

lesson.intuition(SLUG)
lesson.notes(SLUG, result.notes)

lesson.show_code(experiment.run, experiment.gain_sweep)
lesson.self_checks(SLUG, "math", "opposite", "guarantee")
