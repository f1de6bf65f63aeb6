"""Data for multi-task learning: several related tasks on one domain, each rule a share
``relatedness`` of one common direction and the rest a direction of its own. The
estimator is in :mod:`tllib.multitask`, the lesson's experiment in
:mod:`tllib.experiments.multi_task`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._sampling import flip_labels
from ._validation import MAX_FEATURES, as_generator, check_float, check_int, check_size

__all__ = ["MultiTaskData", "multitask_normals", "make_multitask_data"]


@dataclass(frozen=True)
class MultiTaskData:
    """Training and test samples of several tasks on one domain (read-only arrays).

    Attributes
    ----------
    X, y, tasks : ndarrays of shape (n, n_features), (n,), (n,)
        The labelled training sample of every task; ``tasks[i]`` is row i's task id
        (0 is the target).
    X_test, y_test, tasks_test : ndarrays
        An independent test sample, ``n_test`` points per task.
    normals : ndarray of shape (n_tasks, n_features)
        Each task's true rule normal (unit vectors).
    shared_direction : ndarray of shape (n_features,)
        The direction every rule shares (``e_1``).
    relatedness : float
    angle_deg : float
        The angle between each rule and the shared direction.
    """

    X: np.ndarray
    y: np.ndarray
    tasks: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    tasks_test: np.ndarray
    normals: np.ndarray
    shared_direction: np.ndarray
    relatedness: float
    angle_deg: float

    @property
    def n_tasks(self) -> int:
        return len(self.normals)


def multitask_normals(n_tasks: int, relatedness: float, n_features: int) -> np.ndarray:
    """Unit rule normals ``sqrt(r) e_1 + sqrt(1 - r) e_{t+2}`` for t = 0..n_tasks-1:
    each task turned away from the shared direction ``e_1`` towards a feature of its
    own, so any two tasks' normals have cosine ``r``. Shape (n_tasks, n_features)."""
    normals = np.zeros((n_tasks, n_features))
    normals[:, 0] = np.sqrt(relatedness)
    normals[np.arange(n_tasks), np.arange(n_tasks) + 1] = np.sqrt(1.0 - relatedness)
    return normals


def make_multitask_data(
    n_tasks: int = 4,
    relatedness: float = 0.8,
    *,
    n_per_task: int = 20,
    n_test: int = 500,
    n_features: int = 10,
    target_n: int | None = None,
    noise: float = 0.05,
    random_state=None,
) -> MultiTaskData:
    """Draw several related tasks on one domain, ``x ~ N(0, I)``.

    Task ``t`` labels ``y = 1[n_t.x > 0]`` (each label flipped with probability
    ``noise``), with ``n_t = sqrt(r) e_1 + sqrt(1 - r) e_{t+2}``: a share ``r`` of every
    rule is the common direction ``e_1``, the rest a direction of the task's own. Each
    rule is turned by ``arccos(sqrt(r))`` from the shared direction, as
    :func:`tllib.tasks.make_task_pair` turns its target from its source; any two tasks'
    normals have cosine ``r``.

    Parameters
    ----------
    n_tasks : int, default=4
        At least 3; task 0 is the target.
    relatedness : float, default=0.8
        ``r`` in [0, 1]: 1 the same task everywhere, 0 tasks with nothing in common.
    n_per_task : int, default=20
        Labelled training points per task (but the target), at least 2.
    n_test : int, default=500
        Test points per task, at least 1.
    n_features : int, default=10
        At least ``n_tasks + 1``; features past ``n_tasks + 1`` are irrelevant.
    target_n : int or None, default=None
        Labelled points of task 0, at least 2; ``None``: ``n_per_task``.
    noise : float, default=0.05
        Probability of flipping each label, in [0, 0.5).
    random_state : int, numpy.random.Generator or None, default=None
        Seed for a reproducible draw.
    """
    # All checks before any work.
    check_size("n_tasks", n_tasks, 3, 1000)
    check_float("relatedness", relatedness, 0.0, 1.0)
    check_size("n_per_task", n_per_task, 2)
    check_size("n_test", n_test, 1)
    check_size("n_features", n_features, n_tasks + 1, MAX_FEATURES)
    if target_n is not None:
        check_int("target_n", target_n, 2)
    check_float("noise", noise, 0.0, 0.5, high_open=True)
    rng = as_generator(random_state)
    relatedness = float(relatedness)
    normals = multitask_normals(n_tasks, relatedness, n_features)

    def draw(n: int, normal: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        # Redraw until both classes appear (only likely for a handful of points).
        while True:
            X = rng.standard_normal((n, n_features))
            y = flip_labels(rng, (X @ normal > 0).astype(int), noise)
            if 0 < y.sum() < n:
                return X, y

    # 1. Each task's training sample (fewer for the target if asked), then its test one.
    sizes = [n_per_task if target_n is None else target_n] + [n_per_task] * (n_tasks - 1)
    train = [draw(n, normal) for n, normal in zip(sizes, normals)]
    test = [draw(n_test, normal) for normal in normals]

    def stack(parts, sizes):
        X = np.concatenate([p[0] for p in parts])
        y = np.concatenate([p[1] for p in parts])
        tasks = np.repeat(np.arange(n_tasks), sizes)
        return X, y, tasks

    arrays = (*stack(train, sizes), *stack(test, [n_test] * n_tasks), normals,
              np.eye(n_features)[0])
    for a in arrays:
        a.setflags(write=False)
    angle = float(np.degrees(np.arccos(np.sqrt(relatedness))))
    return MultiTaskData(*arrays, relatedness=relatedness, angle_deg=angle)
