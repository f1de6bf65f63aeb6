"""Lesson: multi-task learning, the closest relative of transfer learning (slide 9).

Four related tasks with few labels each, learned jointly: every task's weights are a
shared part plus a part of its own. Controls move the coupling (how much must be
shared), the relatedness, and the target task's weight from equal attention
(multi-task) to the target first (transfer); each task's accuracy is compared with
learning it alone and with pooling all tasks.
"""

import streamlit as st

from tllib import plots
from tllib.experiments import multi_task as experiment
from ui import cache, controls, lesson
from ui.figures import FIRST_HEIGHT, show
from ui.text import t

SLUG = "multi_task"
N_TASKS, N_DRAWS = experiment.N_TASKS, experiment.N_DRAWS
COUPLINGS, WEIGHTS = experiment.COUPLINGS, experiment.WEIGHTS
pct, gain = lesson.percent, lesson.gain


lesson.header(SLUG, with_intuition=False)

c1, c2, c3, c4 = st.columns([3, 3, 3, 1.5])
with c1:
    relatedness = controls.relatedness("mt", SLUG, default=0.5)
with c2:
    coupling = controls.bound(st.select_slider, t(f"{SLUG}.coupling"), key="mt_coupling",
                              options=COUPLINGS, value=3, help=t(f"{SLUG}.coupling_help"))
with c3:
    weight = controls.bound(st.select_slider, t(f"{SLUG}.weight"), key="mt_weight",
                            options=WEIGHTS, value=1, help=t(f"{SLUG}.weight_help"))
with c4:
    seed = controls.seed("mt")

run = cache.run(experiment.run, relatedness=relatedness, coupling=coupling, weight=weight,
                seed=seed, memo=cache.memo)
result, row = run.record, run.row
mt = result.accuracy[row]

tasks = [t(f"{SLUG}.target_task")] + [t(f"{SLUG}.task", n=i + 1) for i in range(1, N_TASKS)]
left, right = st.columns(2)
with left:
    show(plots.task_accuracy_bars(
        tasks, {"alone": result.alone, "multi_task": mt, "pooled": result.pooled},
        labels={role: t(f"{SLUG}.{role}") for role in ("alone", "multi_task", "pooled")},
        spread=run.spread, chance=0.5, chance_label=t("common.chance"),
        y_title=t(f"{SLUG}.accuracy_y"), title=t(f"{SLUG}.accuracy_title", draws=N_DRAWS),
    ), height=FIRST_HEIGHT)
with right:
    show(plots.attention_curves(
        WEIGHTS, result.accuracy[:, 0], result.others,
        marker_x=weight, target_spread=result.accuracy_std[:, 0],
        others_spread=result.others_std, chance=0.5, chance_label=t("common.chance"),
        target_name=t(f"{SLUG}.attention_target"),
        others_name=t(f"{SLUG}.attention_others"), x_title=t(f"{SLUG}.attention_x"),
        y_title=t(f"{SLUG}.attention_y"), title=t(f"{SLUG}.attention_title", draws=N_DRAWS),
    ), height=FIRST_HEIGHT)

m1, m2, m3 = st.columns(3)
moved = weight != 1  # against equal attention; no arrow while attention is equal
m1.metric(t(f"{SLUG}.metric_target"), pct(run.target),
          gain(run.target, result.accuracy[run.equal, 0]) if moved else None, help=t(f"{SLUG}.metric_delta_help"))
m2.metric(t(f"{SLUG}.metric_others"), pct(run.others),
          gain(run.others, result.others[run.equal]) if moved else None, help=t(f"{SLUG}.metric_delta_help"))
m3.metric(t(f"{SLUG}.metric_vs_alone"), gain(run.table["multi_task"][2], run.table["alone"][2]),
          help=t(f"{SLUG}.metric_vs_alone_help"))

lesson.intuition(SLUG)
st.caption(t(f"{SLUG}.examples"))

parts = {t(f"{SLUG}.shared_part"): result.shared_coef[row]}
parts.update({t(f"{SLUG}.own_part", task=name): v
              for name, v in zip(tasks, result.task_coef[row])})
features = [t(f"{SLUG}.feature_shared")] + [t(f"{SLUG}.feature_own", n=i + 2, task=name)
                                            for i, name in enumerate(tasks)]
show(plots.weight_bars(parts, n_shown=N_TASKS + 1, feature_names=features,
                       x_title=t(f"{SLUG}.weights_x"), y_title=t(f"{SLUG}.weights_y"),
                       title=t(f"{SLUG}.weights_title", draws=N_DRAWS)))

learners = ("alone", "multi_task", "pooled")
st.caption(t(f"{SLUG}.table_caption", draws=N_DRAWS))
st.table({
    t(f"{SLUG}.table_learner"): [t(f"{SLUG}.{k}") for k in learners],
    t(f"{SLUG}.table_shares"): [t(f"{SLUG}.shares_{k}") for k in ("nothing", "some", "all")],
    t(f"{SLUG}.table_target"): [pct(run.table[k][0]) for k in learners],
    t(f"{SLUG}.table_others"): [pct(run.table[k][1]) for k in learners],
    t(f"{SLUG}.table_all"): [pct(run.table[k][2]) for k in learners],
    t(f"{SLUG}.table_this_draw"): [pct(run.table[k][3]) for k in learners],
})

lesson.notes(SLUG, run.notes)

lesson.show_code(experiment.run, experiment.solve_multitask)
lesson.self_checks(SLUG, "closest", "attention", "transfer")
