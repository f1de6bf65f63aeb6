"""The multi-task lesson (slide 9): four related tasks learned alone, pooled, and
jointly (:class:`tllib.multitask.MultiTaskLogisticRegression`'s objective), with the
target task's weight moving from equal attention (multi-task) to the target first.

The figures are the average of :data:`N_DRAWS` fixed draws, a background that depends
on the relatedness and the coupling only (every target weight is solved in it, so that
control costs nothing); the seed picks *this draw*, whose accuracies the table adds.
Every objective is solved by :func:`tllib.linear.fit_logistic`, batched over draws and
weights: the multi-task objective on whitened variables is an L2 logistic regression
on an augmented design (see :func:`solve_multitask`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .._validation import check_float, check_grid, check_int
from ..evaluate import Comparison, compare, shown_points
from ..linear import fit_logistic
from ..multitask_data import make_multitask_data
from . import Note, call

__all__ = ["COUPLINGS", "WEIGHTS", "RELATEDNESS", "N_DRAWS", "MultiTaskComparison",
           "solve_multitask", "compare_multitask", "background", "MultiTaskResult", "run",
           "background_settings"]

N_TASKS, N_PER_TASK, N_FEATURES = 4, 10, 6  # x1 shared, x2..x5 one per task, x6 irrelevant
N_DRAWS = 20
COUPLINGS = (0, 1, 3, 10, 30, 100, 1000)
WEIGHTS = (1, 2, 4, 8)
RELATEDNESS = tuple(round(0.05 * i, 2) for i in range(21))
ALIGNED = 0.7  # |cos(w_0, x1)| from which the shared part "points mostly along x1"


@dataclass(frozen=True)
class MultiTaskComparison:
    """Per-task test accuracy of multi-task learning against learning each task alone
    and pooling all tasks, averaged over ``n_draws`` draws of the data.

    Attributes
    ----------
    target_weights : ndarray of shape (n_weights,)
        How many times as much the target (task 0) counts as each other task: task
        weights ``(w, 1, …, 1)`` scaled to sum to ``n_tasks`` (so the pooled limit stays
        ``LogisticRegression(C / n_tasks)``). 1 is equal attention (multi-task).
    accuracy : ndarray of shape (n_weights, n_tasks)
        Multi-task accuracy on each task, for each target weight.
    alone, pooled : ndarrays of shape (n_tasks,)
        Each task learned alone (``LogisticRegression(C)``), and one model for all tasks
        pooled (``LogisticRegression(C / n_tasks)``): the coupling's two limits.
    shared_coef : ndarray of shape (n_weights, n_features)
        ``w_0``, averaged over draws (the true normals are the same in every draw).
    task_coef : ndarray of shape (n_weights, n_tasks, n_features)
        ``v_t``, averaged over draws.
    normals : ndarray of shape (n_tasks, n_features)
    coupling, relatedness : float
    n_draws : int
    accuracy_draws : ndarray of shape (n_draws, n_weights, n_tasks)
        ``accuracy`` before averaging over draws (for :func:`~tllib.evaluate.compare`).
    alone_draws, pooled_draws : ndarrays of shape (n_draws, n_tasks)
    """

    target_weights: np.ndarray
    accuracy: np.ndarray
    alone: np.ndarray
    pooled: np.ndarray
    shared_coef: np.ndarray
    task_coef: np.ndarray
    normals: np.ndarray
    coupling: float
    relatedness: float
    n_draws: int
    accuracy_draws: np.ndarray = None
    alone_draws: np.ndarray = None
    pooled_draws: np.ndarray = None

    @property
    def others(self) -> np.ndarray:
        """Per target weight, the other tasks' mean accuracy (n_weights,)."""
        return self.accuracy[:, 1:].mean(axis=1)

    @property
    def accuracy_std(self) -> np.ndarray:
        """``accuracy``'s standard deviation over the draws (n_weights, n_tasks)."""
        return self.accuracy_draws.std(axis=0)

    @property
    def others_std(self) -> np.ndarray:
        """Per target weight, the standard deviation over the draws of the other tasks'
        mean accuracy (n_weights,)."""
        return self.accuracy_draws[:, :, 1:].mean(axis=2).std(axis=0)

    @property
    def alone_std(self) -> np.ndarray:
        """``alone``'s standard deviation over the draws (n_tasks,)."""
        return self.alone_draws.std(axis=0)

    @property
    def pooled_std(self) -> np.ndarray:
        """``pooled``'s standard deviation over the draws (n_tasks,)."""
        return self.pooled_draws.std(axis=0)

    @property
    def overall(self) -> np.ndarray:
        """Per target weight, the mean accuracy over all tasks (n_weights,)."""
        return self.accuracy.mean(axis=1)

    def limits(self) -> dict:
        """``{"alone": (target, others, all tasks), "pooled": (...)}``: the two
        limits' accuracy on the target, the other tasks' mean and all tasks' mean."""
        return {name: (float(a[0]), float(a[1:].mean()), float(a.mean()))
                for name, a in (("alone", self.alone), ("pooled", self.pooled))}

    def at(self, target_weight: float) -> int:
        """The row of ``target_weight`` in the per-weight arrays."""
        hits = np.flatnonzero(np.isclose(self.target_weights, target_weight))
        if not hits.size:
            raise ValueError(f"target_weight must be one of "
                             f"{self.target_weights.tolist()}; got {target_weight!r}.")
        return int(hits[0])


def solve_multitask(X, s, tasks, task_weights, coupling, C=1.0):
    """The multi-task objective of :class:`~tllib.multitask.MultiTaskLogisticRegression`
    for a batch of problems at once, by Newton's method.

    On the estimator's whitened variables ``(u_0, u_t, b_0, e_t)`` every margin is
    linear, ``s_i (A_i . theta + b_0)`` with the design row ``A_i = (x_i / sqrt(beta),
    x_i / sqrt(alpha a_t) in task t's block, 1 / sqrt(kappa a_t) in task t's offset
    column)`` (the offsets rescaled so that all penalties are ``||.||^2 / 2``), each
    point weighted ``C a_t``, ``b_0`` free: an L2 logistic regression, which
    :func:`tllib.linear.fit_logistic` solves for every problem together.

    Parameters: ``X`` (B, n, d), ``s`` (B, n) in ±1, ``tasks`` (B, n) task codes
    0..T-1, ``task_weights`` (B, T); ``coupling`` > 0. Returns ``w_0`` (B, d), ``V``
    (B, T, d) and ``b`` (B, T).
    """
    check_float("coupling", coupling, 0.0, np.inf, low_open=True, high_open=True)
    a = np.asarray(task_weights, dtype=float)
    B, n, d = X.shape
    T, k = a.shape[1], float(coupling)
    shared = np.sqrt(k / ((1.0 + k) * a.sum(axis=1)))  # (B,)
    own = 1.0 / np.sqrt((1.0 + k) * a)  # (B, T)
    offset = 1.0 / np.sqrt(k * a)  # own / sqrt(kappa / (1 + kappa))
    onehot = np.eye(T)[tasks]  # (B, n, T)
    a_i = np.take_along_axis(a, tasks, axis=1)  # (B, n)
    design = np.concatenate([
        shared[:, None, None] * X,
        (onehot * np.take_along_axis(own, tasks, axis=1)[..., None])[..., None]
        .__mul__(X[:, :, None, :]).reshape(B, n, T * d),
        onehot * np.take_along_axis(offset, tasks, axis=1)[..., None],
    ], axis=2)
    theta, b0 = fit_logistic(design, (s > 0).astype(float), C * a_i, alpha=1.0)
    w0 = shared[:, None] * theta[:, :d]
    V = own[:, :, None] * theta[:, d:d + T * d].reshape(B, T, d)
    b = b0[:, None] + offset * theta[:, d + T * d:]
    return w0, V, b


def compare_multitask(relatedness: float = 0.8, *, coupling: float = 1.0,
                      target_weights=(1, 2, 4, 8, 16), n_tasks: int = 4,
                      n_per_task: int = 20, target_n: int | None = None,
                      n_features: int = 10, noise: float = 0.05, C: float = 1.0,
                      n_draws: int = 10, random_state=0) -> MultiTaskComparison:
    """Multi-task learning at each target weight, learning alone and pooling, on
    ``n_draws`` independent draws of :func:`~tllib.multitask.make_multitask_data`
    (from ``numpy.random.default_rng(random_state).spawn(n_draws)``).

    "Alone" is ``LogisticRegression(C)`` per task, "pooled" one
    ``LogisticRegression(C / n_tasks)`` on all tasks: the objective at coupling 0 and
    ``POOLED`` (1e8) (the tests check both against scikit-learn). The
    target counts ``weight`` times as much as each other task, the weights scaled to
    sum to ``n_tasks``. Everything is solved batched over draws (and weights).
    """
    grid = check_grid("target_weights", target_weights).astype(float)
    if not np.all(np.isfinite(grid) & (grid > 0)):
        raise ValueError(f"target_weights must all be finite numbers > 0, got "
                         f"{list(target_weights)!r}.")
    check_int("n_draws", n_draws, 1)
    check_float("coupling", coupling, 0.0, np.inf, high_open=True)
    check_float("C", C, 0.0, np.inf, low_open=True, high_open=True)
    check_int("n_tasks", n_tasks, 3)
    check_int("n_features", n_features, n_tasks + 1)
    draws = [make_multitask_data(n_tasks, relatedness, n_per_task=n_per_task,
                                 target_n=target_n, n_features=n_features, noise=noise,
                                 random_state=rng)
             for rng in np.random.default_rng(random_state).spawn(n_draws)]
    X = np.stack([d.X for d in draws])  # (D, n, p): every draw has the same sizes
    y = np.stack([d.y for d in draws]).astype(float)
    tasks = np.stack([d.tasks for d in draws])
    Xt, yt, tt = (np.stack([getattr(d, f) for d in draws])
                  for f in ("X_test", "y_test", "tasks_test"))

    def scores(w, b):  # w (D, T, p), b (D, T) -> accuracy per draw and task
        margin = np.einsum("dip,dip->di", Xt, np.take_along_axis(w, tt[..., None], 1))
        correct = ((margin + np.take_along_axis(b, tt, 1) > 0) == (yt == 1))
        return np.stack([correct[:, tt[0] == t].mean(axis=1) for t in range(n_tasks)], 1)

    # 1. Each task alone: one L2 logistic regression per (draw, task), batched.
    D, T = n_draws, n_tasks
    mask = (tasks[:, None, :] == np.arange(T)[None, :, None]).astype(float)  # (D, T, n)
    coef, b = fit_logistic(np.repeat(X, T, axis=0), np.repeat(y, T, axis=0),
                           mask.reshape(D * T, -1), alpha=1.0 / C)
    alone_w, alone_b = coef.reshape(D, T, -1), b.reshape(D, T)
    alone = scores(alone_w, alone_b)
    # 2. One model for all tasks pooled: LogisticRegression(C / T).
    coef, b = fit_logistic(X, y, alpha=T / C)
    pooled = scores(np.repeat(coef[:, None], T, 1), np.repeat(b[:, None], T, 1))
    # 3. Multi-task at each target weight (coupling 0 is learning alone, whatever the
    #    weights: nothing is shared).
    G = len(grid)
    a = np.ones((G, T))
    a[:, 0] = grid
    a *= T / a.sum(axis=1, keepdims=True)
    if coupling == 0:
        shared = np.zeros((D, G, n_features))
        specific = np.repeat(alone_w[:, None], G, axis=1)
        accuracy = np.repeat(alone[:, None], G, axis=1)
    else:
        w0, V, bt = solve_multitask(np.repeat(X, G, 0), np.repeat(2 * y - 1, G, 0),
                                    np.repeat(tasks, G, 0), np.tile(a, (D, 1)),
                                    float(coupling), C)
        shared, specific = w0.reshape(D, G, -1), V.reshape(D, G, T, -1)
        W = (w0[:, None, :] + V).reshape(D, G, T, -1)
        accuracy = np.stack([scores(W[:, g], bt.reshape(D, G, T)[:, g]) for g in range(G)], 1)
    return MultiTaskComparison(
        target_weights=grid, accuracy=accuracy.mean(axis=0), alone=alone.mean(axis=0),
        pooled=pooled.mean(axis=0), shared_coef=shared.mean(axis=0),
        task_coef=specific.mean(axis=0), normals=draws[0].normals,
        coupling=float(coupling), relatedness=float(relatedness), n_draws=n_draws,
        accuracy_draws=accuracy, alone_draws=alone, pooled_draws=pooled,
    )


def background(relatedness: float, coupling: float) -> MultiTaskComparison:
    """The lesson's :data:`N_DRAWS` fixed draws, every target weight solved."""
    return compare_multitask(relatedness, coupling=coupling, target_weights=WEIGHTS,
                             n_tasks=N_TASKS, n_per_task=N_PER_TASK, n_features=N_FEATURES,
                             n_draws=N_DRAWS, random_state=0)


@dataclass(frozen=True)
class MultiTaskResult:
    """What the multi-task page shows.

    Attributes
    ----------
    record : MultiTaskComparison
        The average of the :data:`N_DRAWS` fixed draws (every figure and metric).
    this_draw : MultiTaskComparison
        The seed's draw alone (the table's last column).
    row, equal : int
        The rows of the chosen target weight and of equal attention (weight 1).
    vs_alone : Comparison
        Multi-task learning at the chosen weight against each task alone, over the
        fixed draws' per-task means.
    sharing : str
        Multi-task learning at the chosen weight against the better of its two limits,
        over the fixed draws: ``"best"`` (ahead of both), ``"close"`` (a tie with the
        better), ``"pool_wins"`` or ``"alone_wins"`` (behind the better);
        ``"nothing_shared"`` at coupling 0 (it *is* learning alone).
    vs_pooled : Comparison
        The same against one pooled model.
    target_vs_equal, others_vs_equal : Comparison
        The target's accuracy (the other tasks' mean) at the chosen weight against
        equal attention, over the fixed draws.
    notes : tuple of Note
        The "what to notice" sentences (``multi_task.notice.<name>``).
    shared_alignment : float
        ``|w_0[0]| / ||w_0||``: how much the shared part points along the common
        direction x1 (nan when nothing is shared).
    table : dict of str to tuple of 4 floats
        Per learner (``"alone"``, ``"multi_task"`` at the chosen weight, ``"pooled"``):
        the fixed draws' accuracy on the target, on the other tasks (mean), on all
        tasks (mean), and this draw's mean over all tasks.
    """

    record: MultiTaskComparison
    this_draw: MultiTaskComparison
    row: int
    equal: int
    vs_alone: Comparison
    sharing: str
    shared_alignment: float
    table: dict
    vs_pooled: Comparison = None
    target_vs_equal: Comparison = None
    others_vs_equal: Comparison = None
    notes: tuple = ()

    @property
    def spread(self) -> dict:
        """Per learner (``"alone"``, ``"multi_task"`` at the chosen weight,
        ``"pooled"``), each task's standard deviation of accuracy over the fixed draws
        (the bars' error bars)."""
        return {"alone": self.record.alone_std,
                "multi_task": self.record.accuracy_std[self.row],
                "pooled": self.record.pooled_std}

    @property
    def target(self) -> float:
        """Multi-task accuracy on the target task at the chosen weight."""
        return float(self.record.accuracy[self.row, 0])

    @property
    def others(self) -> float:
        """The other tasks' mean accuracy at the chosen weight."""
        return float(self.record.others[self.row])

    @property
    def target_change(self) -> float:
        """Target accuracy at the chosen weight minus at equal attention."""
        return self.target - float(self.record.accuracy[self.equal, 0])

    @property
    def others_change(self) -> float:
        """The other tasks' mean accuracy at the chosen weight minus at equal attention."""
        return self.others - float(self.record.others[self.equal])

    @property
    def equal_overall(self) -> float:
        """All tasks' mean accuracy at equal attention (multi-task learning proper)."""
        return float(self.record.overall[self.equal])


def run(relatedness: float = 0.5, coupling: float = 3, weight: float = 1, seed: int = 0,
        *, memo=call) -> MultiTaskResult:
    """The fixed draws' average (background) and the seed's draw, at ``weight``."""
    check_int("seed", seed, 0)  # in words here, not as random_state below
    r = round(relatedness, 2)
    record = memo(background, relatedness=r, coupling=coupling)
    draw = compare_multitask(r, coupling=coupling, target_weights=WEIGHTS, n_tasks=N_TASKS,
                             n_per_task=N_PER_TASK, n_features=N_FEATURES, n_draws=1,
                             random_state=seed)
    row, equal = record.at(weight), record.at(1)
    acc_d = record.accuracy_draws
    overall_d = acc_d[:, row].mean(axis=1)
    vs_alone = compare(overall_d, record.alone_draws.mean(axis=1))
    vs_pooled = compare(overall_d, record.pooled_draws.mean(axis=1))
    better = vs_alone if record.pooled.mean() < record.alone.mean() else vs_pooled
    if coupling == 0:
        sharing = "nothing_shared"
    elif vs_alone.verdict == "ahead" and vs_pooled.verdict == "ahead":
        sharing = "best"
    elif better.verdict == "behind":
        sharing = "pool_wins" if better is vs_pooled else "alone_wins"
    else:
        sharing = "close"
    target_vs_equal = compare(acc_d[:, row, 0], acc_d[:, equal, 0])
    others_vs_equal = compare(acc_d[:, row, 1:].mean(axis=1), acc_d[:, equal, 1:].mean(axis=1))
    w0 = record.shared_coef[row]
    norm = float(np.linalg.norm(w0))
    alignment = abs(float(w0[0])) / norm if norm > 1e-9 else float("nan")
    limits, this = record.limits(), draw.limits()
    mt = record.accuracy[row]
    table = {"alone": (*limits["alone"], this["alone"][2]),
             "multi_task": (float(mt[0]), float(mt[1:].mean()), float(mt.mean()),
                            float(draw.overall[row])),
             "pooled": (*limits["pooled"], this["pooled"][2])}
    result = MultiTaskResult(record, draw, row, equal, vs_alone, sharing, alignment, table,
                             vs_pooled, target_vs_equal, others_vs_equal)
    return replace(result, notes=_notes(result, weight))


def _notes(r: MultiTaskResult, weight: float) -> tuple[Note, ...]:
    """Two or three sentences: where this setting stands against its two limits; what
    the target's weight did; what the shared part holds."""
    mt, alone, pooled = (r.table[k][2] for k in ("multi_task", "alone", "pooled"))
    notes = [Note("now", dict(draws=N_DRAWS, mt=mt, alone=alone, pooled=pooled,
                              gain=shown_points(mt, alone)))]
    if r.sharing == "nothing_shared":
        return (*notes, Note("nothing_shared"))
    notes.append(Note(r.sharing))
    if r.row == r.equal:
        notes.append(Note("equal"))
    else:
        story = {"ahead": "target_gains", "tie": "target_tie", "behind": "target_loses"}
        notes.append(Note(story[r.target_vs_equal.verdict], dict(
            w=int(weight), dt=shown_points(r.target, r.record.accuracy[r.equal, 0]),
            do=shown_points(r.others, r.record.others[r.equal]))))
    notes.append(Note("shared" if r.shared_alignment >= ALIGNED else "shared_unaligned",
                      dict(share=r.shared_alignment)))
    return tuple(notes)


def background_settings():
    """Every (relatedness, coupling) the controls can reach."""
    for r in RELATEDNESS:
        for c in COUPLINGS:
            yield background, {"relatedness": r, "coupling": c}
