"""Lesson: multi-task learning, the closest relative of transfer learning (slide 9).

Four related tasks with few labels each, learned jointly: every task's weights are a
shared part plus a part of its own. Controls move the coupling (how much must be
shared), the relatedness, and the target task's weight from equal attention
(multi-task) to the target first (transfer); each task's accuracy is compared with
learning it alone and with pooling all tasks.
"""

import numpy as np
import streamlit as st

from tllib import multitask, plots
from ui import cache, controls, lesson
from ui.figures import show
from ui.text import t

SLUG = "multi_task"
N_TASKS = 4
N_PER_TASK = 10  # few labels per task: where sharing pays
N_FEATURES = 6  # x1 shared, x2..x5 one per task, x6 irrelevant
N_DRAWS = 20
COUPLINGS = (0, 1, 3, 10, 30, 100, 1000)
WEIGHTS = (1, 2, 4, 8)
pct, pp = lesson.percent, lesson.pp


lesson.header(SLUG)
st.caption(t(f"{SLUG}.examples"))

c1, c2, c3, c4 = st.columns([3, 3, 3, 1.5])
with c1:
    relatedness = controls.relatedness("mt", SLUG, default=0.6)
with c2:
    coupling = controls.bound(st.select_slider, t(f"{SLUG}.coupling"), key="mt_coupling",
                              options=COUPLINGS, value=10, help=t(f"{SLUG}.coupling_help"))
with c3:
    weight = controls.bound(st.select_slider, t(f"{SLUG}.weight"), key="mt_weight",
                            options=WEIGHTS, value=1, help=t(f"{SLUG}.weight_help"))
with c4:
    seed = controls.seed("mt")

# One cached run covers every target weight, so moving that control costs no fit.
result = cache.run(multitask.compare_multitask, relatedness=relatedness, coupling=coupling,
                   target_weights=WEIGHTS, n_tasks=N_TASKS, n_per_task=N_PER_TASK,
                   n_features=N_FEATURES, n_draws=N_DRAWS, random_state=seed)
row, equal = result.at(weight), result.at(1)
mt = result.accuracy[row]
others, others_equal = mt[1:].mean(), result.accuracy[equal, 1:].mean()

m1, m2, m3 = st.columns(3)
moved = weight != 1  # against equal attention; no arrow while attention is equal
m1.metric(t(f"{SLUG}.metric_target"), pct(mt[0]),
          pp(mt[0] - result.accuracy[equal, 0]) if moved else None,
          help=t(f"{SLUG}.metric_delta_help"))
m2.metric(t(f"{SLUG}.metric_others"), pct(others),
          pp(others - others_equal) if moved else None, help=t(f"{SLUG}.metric_delta_help"))
m3.metric(t(f"{SLUG}.metric_vs_alone"), pp(mt.mean() - result.alone.mean()),
          help=t(f"{SLUG}.metric_vs_alone_help"))

tasks = [t(f"{SLUG}.target_task")] + [t(f"{SLUG}.task", n=i + 1) for i in range(1, N_TASKS)]
left, right = st.columns(2)
with left:
    show(plots.task_accuracy_bars(
        tasks, {t(f"{SLUG}.alone"): result.alone, t(f"{SLUG}.multi_task"): mt,
                t(f"{SLUG}.pooled"): result.pooled},
        y_title=t(f"{SLUG}.accuracy_y"), title=t(f"{SLUG}.accuracy_title", draws=N_DRAWS),
    ))
with right:
    show(plots.attention_curves(
        WEIGHTS, result.accuracy[:, 0], result.accuracy[:, 1:].mean(axis=1),
        marker_x=weight, target_name=t(f"{SLUG}.attention_target"),
        others_name=t(f"{SLUG}.attention_others"), x_title=t(f"{SLUG}.attention_x"),
        y_title=t(f"{SLUG}.attention_y"), title=t(f"{SLUG}.attention_title"),
    ))

parts = {t(f"{SLUG}.shared_part"): result.shared_coef[row]}
parts.update({t(f"{SLUG}.own_part", task=name): v
              for name, v in zip(tasks, result.task_coef[row])})
features = [t(f"{SLUG}.feature_shared")] + [t(f"{SLUG}.feature_own", n=i + 2, task=name)
                                            for i, name in enumerate(tasks)]
show(plots.weight_bars(parts, n_shown=N_TASKS + 1, feature_names=features,
                       x_title=t(f"{SLUG}.weights_x"), y_title=t(f"{SLUG}.weights_y"),
                       title=t(f"{SLUG}.weights_title", draws=N_DRAWS)))

st.table({
    t(f"{SLUG}.table_learner"): [t(f"{SLUG}.{k}") for k in ("alone", "multi_task", "pooled")],
    t(f"{SLUG}.table_shares"): [t(f"{SLUG}.shares_{k}") for k in ("nothing", "some", "all")],
    t(f"{SLUG}.table_target"): [pct(a[0]) for a in (result.alone, mt, result.pooled)],
    t(f"{SLUG}.table_others"): [pct(a[1:].mean()) for a in (result.alone, mt, result.pooled)],
})

equal_mean = result.accuracy[equal].mean()
points = [t(f"{SLUG}.notice_now", draws=N_DRAWS, mt=pct(equal_mean),
            alone=pct(result.alone.mean()), pooled=pct(result.pooled.mean()))]
best_limit = max(result.alone.mean(), result.pooled.mean())
if equal_mean >= best_limit + 0.01:
    points.append(t(f"{SLUG}.notice_best"))
elif equal_mean > best_limit - 0.01:
    points.append(t(f"{SLUG}.notice_close"))
elif result.pooled.mean() >= result.alone.mean():
    points.append(t(f"{SLUG}.notice_pool_wins"))
else:
    points.append(t(f"{SLUG}.notice_alone_wins"))
if weight == 1:
    points.append(t(f"{SLUG}.notice_equal"))
elif coupling == 0:
    points.append(t(f"{SLUG}.notice_target_alone"))
else:
    points.append(t(f"{SLUG}.notice_target", w=weight, dt=pp(mt[0] - result.accuracy[equal, 0]),
                    do=pp(others - others_equal)))
w0 = result.shared_coef[row]
norm = float(np.linalg.norm(w0))
points.append(t(f"{SLUG}.notice_shared", share=f"{abs(w0[0]) / norm:.2f}") if norm > 1e-9
              else t(f"{SLUG}.notice_no_shared"))
lesson.notice(points)

lesson.show_code(multitask.compare_multitask, multitask.MultiTaskLogisticRegression.fit,
                 multitask._Problem.objective_and_gradient)
lesson.self_checks(SLUG, "closest", "attention", "transfer")
