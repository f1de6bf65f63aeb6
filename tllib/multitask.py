"""Multi-task learning: several related tasks learned together, sharing part of a model.

Intuition: multi-task learning is the closest relative of transfer learning. Both share
parameters between tasks; the difference is whom the training serves. Multi-task
learning gives every task **equal** attention, so the shared part is what helps all of
them; transfer learning cares about one **target** task, and the others are only there
to help it. Here a single knob, the task weights ``a_t``, moves between the two.

Regularised multi-task learning (Evgeniou & Pontil, 2004) writes task ``t``'s weights
as a shared vector plus a task offset, ``w_t = w_0 + v_t``. With task weights
``a_t > 0`` (how much task ``t``'s whole problem counts, ``A = sum_t a_t``),
``kappa = coupling``, labels ``s = ±1`` and per-task intercepts ``b_t = b_0 + c_t``,
:class:`MultiTaskLogisticRegression` minimises over ``w_0, v_t, b_0, c_t``::

    C * sum_t a_t sum_{i in t} log(1 + exp(-s_i (w_t.x_i + b_t)))
        + (beta / 2) ||w_0||^2 + (alpha / 2) sum_t a_t ||v_t||^2
        + (kappa / 2) sum_t a_t c_t^2

    alpha = 1 + kappa,   beta = (1 + kappa) A / kappa,   b_0 free.

Minimising over ``w_0`` and ``b_0`` for fixed ``w_t``, ``b_t`` (``w̄``, ``b̄``: the
``a``-weighted means over tasks) gives ``w_0 = kappa / (1 + kappa) * w̄`` and leaves::

    sum_t a_t [ C sum_{i in t} loss_i + ||w_t||^2 / 2 ]
        + (kappa / 2) sum_t a_t ( ||w_t - w̄||^2 + (b_t - b̄)^2 )

(expand ``sum_t a_t ||w_t||^2 = sum_t a_t ||w_t - w̄||^2 + A ||w̄||^2``). Hence the two
limits, exactly:

- ``coupling = 0``: the tasks separate, and task ``t`` minimises ``a_t`` times
  scikit-learn's objective: each task is ``LogisticRegression(C=C)`` on its own data,
  whatever the weights (with nothing shared, attention changes nothing), and
  ``w_0 = 0``;
- ``coupling -> inf``: all ``(w_t, b_t)`` become one ``(w, b)``, and the objective is
  ``A`` times ``(C / A) sum_t a_t sum_i loss + ||w||^2 / 2``: ONE
  ``LogisticRegression(C=C / A)`` on all tasks' data pooled with sample weights
  ``a_t`` (``C / T`` with equal weights); ``v_t = 0``.

Intercepts are never shrunk towards zero, only towards each other (the pooled model has
a single intercept). The optimiser works on whitened variables ``u_0 = sqrt(beta) w_0``,
``u_t = sqrt(alpha a_t) v_t``, ``e_t = sqrt((1 + kappa) a_t) c_t``, whose penalty is
``||u||^2 / 2 + kappa / (1 + kappa) * ||e||^2 / 2``: well conditioned from
``coupling = 0`` to ``1e8``.

References
----------
Evgeniou, T. & Pontil, M. (2004). Regularized multi-task learning. KDD.
Caruana, R. (1997). Multitask learning. Machine Learning 28(1).
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, column_or_1d, validate_data

from .datasets import _binary_classes, _check_float, _check_int, _flip
from .evaluate import _check_grid
from .parameter import _record_stop

__all__ = [
    "MultiTaskLogisticRegression",
    "MultiTaskData",
    "make_multitask_data",
    "multitask_normals",
    "MultiTaskComparison",
    "compare_multitask",
]

# A coupling this large ties the tasks to within ~1e-8: one pooled model.
POOLED = 1e8


class MultiTaskLogisticRegression(ClassifierMixin, BaseEstimator):
    """Binary logistic regression for several tasks at once: ``w_t = w_0 + v_t``.

    Parameters
    ----------
    coupling : float, default=1.0
        ``kappa`` in [0, inf): how strongly the tasks are forced to share. 0 fits each
        task alone; a very large value (1e8) fits one model to all tasks pooled.
    task_weights : array-like of shape (n_tasks,) or None, default=None
        ``a_t`` > 0, one per task in the order of ``tasks_`` (sorted task ids): how
        much each task's whole problem (its loss and its own penalty) counts. ``None``:
        all 1, equal attention to every task (multi-task learning). A larger weight
        for one task makes it the target the shared part serves (transfer). Without
        coupling nothing is shared and the weights change nothing.
    C : float, default=1.0
        Inverse regularisation strength, as scikit-learn's ``C``; > 0.
    max_iter : int, default=500
        At most this many L-BFGS-B iterations; >= 1.
    tol : float, default=1e-6
        L-BFGS-B stops when the largest gradient component is below it; > 0.

    Attributes
    ----------
    tasks_ : ndarray of shape (n_tasks,)
        The task ids seen in ``fit``, sorted; row ``t`` of every per-task array.
    shared_coef_ : ndarray of shape (n_features,)
        ``w_0``, the part every task shares.
    task_coef_ : ndarray of shape (n_tasks, n_features)
        ``v_t``, each task's own offset from the shared part.
    coef_ : ndarray of shape (n_tasks, n_features)
        ``w_t = w_0 + v_t``, the weights each task predicts with.
    intercept_ : ndarray of shape (n_tasks,)
        ``b_t``, one per task.
    classes_ : ndarray of shape (2,)
    n_features_in_ : int
    n_iter_ : int
        L-BFGS-B iterations.
    termination_ : str
        Why it stopped: L-BFGS-B's message.

    Examples
    --------
    >>> from tllib.multitask import make_multitask_data, MultiTaskLogisticRegression
    >>> data = make_multitask_data(4, relatedness=0.8, random_state=0)
    >>> model = MultiTaskLogisticRegression(1.0).fit(data.X, data.y, tasks=data.tasks)
    >>> model.score(data.X_test, data.y_test, tasks=data.tasks_test)  # doctest: +SKIP
    """

    def __init__(self, coupling=1.0, *, task_weights=None, C=1.0, max_iter=500, tol=1e-6):
        self.coupling = coupling
        self.task_weights = task_weights
        self.C = C
        self.max_iter = max_iter
        self.tol = tol

    def fit(self, X, y, *, tasks):
        """Fit every task's model at once; ``tasks[i]`` is the task of row ``X[i]``."""
        _check_float("coupling", self.coupling, 0.0, np.inf, high_open=True)
        _check_float("C", self.C, 0.0, np.inf, low_open=True, high_open=True)
        _check_int("max_iter", self.max_iter, 1)
        _check_float("tol", self.tol, 0.0, np.inf, low_open=True, high_open=True)
        X, y = validate_data(self, X, y)
        check_classification_targets(y)
        self.classes_ = _binary_classes(y)
        tasks = column_or_1d(tasks)
        if len(tasks) != len(X):
            raise ValueError(f"tasks must have one task id per row of X ({len(X)}); "
                             f"got {len(tasks)}.")
        self.tasks_, codes = np.unique(tasks, return_inverse=True)
        if len(self.tasks_) < 2:
            raise ValueError("tasks must hold at least 2 different task ids; got "
                             f"{len(self.tasks_)}: {self.tasks_.tolist()}.")
        a = self._task_weights(len(self.tasks_))

        # 1. Each sample's label as s = ±1; each task's weight a_t.
        s = np.where(y == self.classes_[1], 1.0, -1.0)
        problem = _Problem(X, s, codes, a, self.C, self.coupling)
        # 2. Minimise the objective from zero with L-BFGS-B.
        result = problem.solve(np.zeros(problem.size), self.max_iter, self.tol)
        # 3. Back from whitened variables to w_0, v_t, w_t and b_t.
        self.shared_coef_, self.task_coef_, self.intercept_ = problem.unpack(result.x)
        self.coef_ = self.shared_coef_ + self.task_coef_
        _record_stop(self, result)
        return self

    def decision_function(self, X, *, tasks):
        """``w_t.x + b_t`` with ``t = tasks[i]`` for each row: positive for
        ``classes_[1]``. Shape (n_samples,)."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        codes = self._codes(tasks, len(X))
        return np.einsum("ij,ij->i", X, self.coef_[codes]) + self.intercept_[codes]

    def predict_proba(self, X, *, tasks):
        """Columns: P(classes_[0] | x, t), P(classes_[1] | x, t) = sigmoid(w_t.x + b_t)."""
        p1 = expit(self.decision_function(X, tasks=tasks))
        return np.column_stack([1.0 - p1, p1])

    def predict(self, X, *, tasks):
        positive = self.decision_function(X, tasks=tasks) > 0
        return self.classes_[positive.astype(int)]

    def score(self, X, y, *, tasks, sample_weight=None):
        """Mean accuracy over all rows (each predicted by its own task's model)."""
        y = column_or_1d(y)
        correct = self.predict(X, tasks=tasks) == y
        return float(np.average(correct, weights=sample_weight))

    def _task_weights(self, n_tasks: int) -> np.ndarray:
        if self.task_weights is None:
            return np.ones(n_tasks)
        a = np.asarray(self.task_weights)
        if a.ndim != 1 or len(a) != n_tasks:
            raise ValueError(f"task_weights must hold one weight per task ({n_tasks}); "
                             f"got {self.task_weights!r}.")
        if not np.issubdtype(a.dtype, np.number) or np.issubdtype(a.dtype, np.bool_):
            raise TypeError(f"task_weights must hold numbers, got {self.task_weights!r}.")
        a = a.astype(float)
        if not np.all(np.isfinite(a) & (a > 0)):
            raise ValueError(f"task_weights must all be finite and > 0; got {a.tolist()}.")
        return a

    def _codes(self, tasks, n: int) -> np.ndarray:
        """Row ``t`` of the per-task arrays for each sample's task id."""
        tasks = column_or_1d(tasks)
        if len(tasks) != n:
            raise ValueError(f"tasks must have one task id per row of X ({n}); "
                             f"got {len(tasks)}.")
        unknown = np.setdiff1d(tasks, self.tasks_)
        if unknown.size:
            raise ValueError(f"tasks must hold task ids seen in fit "
                             f"{self.tasks_.tolist()}; got {unknown.tolist()}.")
        return np.searchsorted(self.tasks_, tasks)


# -- the objective, beside its gradient ---------------------------------------------


class _Problem:
    """The objective on whitened variables ``p = (u_0, u_1..u_T, b_0, e_1..e_T)``::

        w_0 = u_0 / sqrt(beta),  v_t = u_t / sqrt(alpha a_t),
        b_t = b_0 + e_t / sqrt((1 + kappa) a_t)
        f = C sum_i a_t(i) log(1 + exp(-m_i)) + ||u||^2 / 2 + (kappa / (1 + kappa)) ||e||^2 / 2

    with ``m_i = s_i (w_t.x_i + b_t)`` for sample i of task ``t = t(i)``.
    """

    def __init__(self, X, s, codes, task_weights, C, coupling):
        a, k = np.asarray(task_weights, dtype=float), float(coupling)
        self.X, self.s, self.codes, self.c = X, s, codes, C * a[codes]
        self.T, self.d = len(a), X.shape[1]
        self.onehot = np.eye(self.T)[codes]  # (n, T): which task each row belongs to
        self.shared_scale = np.sqrt(k / ((1.0 + k) * a.sum()))  # 1/sqrt(beta); 0 at k=0
        self.task_scale = 1.0 / np.sqrt((1.0 + k) * a)  # 1/sqrt(alpha a_t), shape (T,)
        self.offset_scale = self.task_scale  # 1/sqrt((1 + kappa) a_t)
        self.offset_penalty = k / (1.0 + k)
        self.size = (self.T + 1) * self.d + 1 + self.T

    def unpack(self, p) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(w_0, V, b)`` from the whitened vector: shapes (d,), (T, d), (T,)."""
        d, T = self.d, self.T
        u0, U = p[:d], p[d:(T + 1) * d].reshape(T, d)
        b0, e = p[(T + 1) * d], p[(T + 1) * d + 1:]
        return (self.shared_scale * u0, self.task_scale[:, None] * U,
                b0 + self.offset_scale * e)

    def objective_and_gradient(self, p) -> tuple[float, np.ndarray]:
        d, T = self.d, self.T
        u0, U, e = p[:d], p[d:(T + 1) * d].reshape(T, d), p[(T + 1) * d + 1:]
        w0, V, b = self.unpack(p)
        W = w0 + V
        margins = self.s * (np.einsum("ij,ij->i", self.X, W[self.codes]) + b[self.codes])
        loss = np.dot(self.c, np.logaddexp(0.0, -margins))  # log(1 + e^-m), no overflow
        f = (loss + 0.5 * (u0 @ u0 + np.sum(U * U))
             + 0.5 * self.offset_penalty * (e @ e))
        # d loss / d (w_t.x_i + b_t) = r_i; summed per task: G = X_t^T r_t, g = sum r_t.
        r = -self.c * self.s * expit(-margins)
        G = self.onehot.T @ (r[:, None] * self.X)
        g = self.onehot.T @ r
        grad = np.concatenate([
            self.shared_scale * G.sum(axis=0) + u0,            # d f / d u_0
            (self.task_scale[:, None] * G + U).ravel(),         # d f / d u_t
            [g.sum()],                                          # d f / d b_0
            self.offset_scale * g + self.offset_penalty * e,    # d f / d e_t
        ])
        return f, grad

    def solve(self, start, max_iter, tol):
        return minimize(
            self.objective_and_gradient, start, jac=True, method="L-BFGS-B",
            options={"maxiter": max_iter, "gtol": tol, "ftol": 64 * np.finfo(float).eps},
        )


# -- data: several tasks sharing one direction --------------------------------------


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
    _check_int("n_tasks", n_tasks, 3)
    _check_float("relatedness", relatedness, 0.0, 1.0)
    _check_int("n_per_task", n_per_task, 2)
    _check_int("n_test", n_test, 1)
    _check_int("n_features", n_features, n_tasks + 1)
    if target_n is not None:
        _check_int("target_n", target_n, 2)
    _check_float("noise", noise, 0.0, 0.5, high_open=True)
    if not (random_state is None or isinstance(random_state, np.random.Generator)
            or (isinstance(random_state, numbers.Integral)
                and not isinstance(random_state, bool))):
        raise TypeError("random_state must be None, an int or a numpy Generator; got "
                        f"{type(random_state).__name__}.")
    rng = np.random.default_rng(random_state)
    relatedness = float(relatedness)
    normals = multitask_normals(n_tasks, relatedness, n_features)

    def draw(n: int, normal: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        # Redraw until both classes appear (only likely for a handful of points).
        while True:
            X = rng.standard_normal((n, n_features))
            y = _flip(rng, (X @ normal > 0).astype(int), noise)
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


# -- the lesson's experiment ----------------------------------------------------------


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

    def at(self, target_weight: float) -> int:
        """The row of ``target_weight`` in the per-weight arrays."""
        hits = np.flatnonzero(np.isclose(self.target_weights, target_weight))
        if not hits.size:
            raise ValueError(f"target_weight must be one of "
                             f"{self.target_weights.tolist()}; got {target_weight!r}.")
        return int(hits[0])


def compare_multitask(
    relatedness: float = 0.8,
    *,
    coupling: float = 1.0,
    target_weights=(1, 2, 4, 8, 16),
    n_tasks: int = 4,
    n_per_task: int = 20,
    target_n: int | None = None,
    n_features: int = 10,
    noise: float = 0.05,
    C: float = 1.0,
    n_draws: int = 10,
    random_state=0,
) -> MultiTaskComparison:
    """Multi-task learning at each target weight, learning alone and pooling, on
    ``n_draws`` independent draws of :func:`make_multitask_data`.

    "Alone" and "pooled" are the objective at coupling 0 and :data:`POOLED` with equal
    weights: scikit-learn's ``LogisticRegression(C)`` per task and
    ``LogisticRegression(C / n_tasks)`` on all tasks (the tests check both), solved
    here by the same code for speed. Each draw is then fitted once per target weight,
    from the previous weight's solution (a warm start: same optimum, fewer
    iterations). The draws come from
    ``numpy.random.default_rng(random_state).spawn(n_draws)``.
    """
    grid = _check_grid("target_weights", target_weights).astype(float)
    if not np.all(np.isfinite(grid) & (grid > 0)):
        raise ValueError(f"target_weights must all be finite numbers > 0, got "
                         f"{list(target_weights)!r}.")
    _check_int("n_draws", n_draws, 1)
    _check_float("coupling", coupling, 0.0, np.inf, high_open=True)
    _check_float("C", C, 0.0, np.inf, low_open=True, high_open=True)
    _check_int("n_tasks", n_tasks, 3)
    _check_int("n_features", n_features, n_tasks + 1)
    draws = np.random.default_rng(random_state).spawn(n_draws)
    G = len(grid)
    accuracy = np.zeros((n_draws, G, n_tasks))
    alone, pooled = np.zeros((n_draws, n_tasks)), np.zeros((n_draws, n_tasks))
    shared = np.zeros((n_draws, G, n_features))
    specific = np.zeros((n_draws, G, n_tasks, n_features))
    for k, rng in enumerate(draws):
        data = make_multitask_data(n_tasks, relatedness, n_per_task=n_per_task,
                                   target_n=target_n, n_features=n_features, noise=noise,
                                   random_state=rng)
        s = np.where(data.y == 1, 1.0, -1.0)
        # 1. The coupling's two limits (exactly scikit-learn's fits, see the module
        #    docstring): each task alone, and one model for all tasks pooled.
        alone[k] = _fit(data, s, np.ones(n_tasks), 0.0, C)[2]
        pooled[k] = _fit(data, s, np.ones(n_tasks), POOLED, C)[2]
        # 2. Multi-task learning at each target weight, warm-started along the grid;
        #    the target counts `weight` times as much as each other task, and the
        #    weights sum to n_tasks (so the pooled limit stays C / n_tasks).
        p = None
        for g, weight in enumerate(grid):
            a = np.ones(n_tasks)
            a[0] = weight
            p, (shared[k, g], specific[k, g]), accuracy[k, g] = _fit(
                data, s, a * n_tasks / a.sum(), coupling, C, start=p)
    return MultiTaskComparison(
        target_weights=grid, accuracy=accuracy.mean(axis=0), alone=alone.mean(axis=0),
        pooled=pooled.mean(axis=0), shared_coef=shared.mean(axis=0),
        task_coef=specific.mean(axis=0), normals=data.normals, coupling=float(coupling),
        relatedness=float(relatedness), n_draws=n_draws,
    )


def _fit(data: MultiTaskData, s, a, coupling, C, start=None):
    """Solve the objective on ``data`` (labels ``s = ±1``, task weights ``a``): the
    whitened solution, ``(w_0, V)`` and the test accuracy on each task."""
    problem = _Problem(data.X, s, data.tasks, a, C, coupling)
    p = problem.solve(np.zeros(problem.size) if start is None else start, 500, 1e-6).x
    w0, V, b = problem.unpack(p)
    t = data.tasks_test
    predicted = np.einsum("ij,ij->i", data.X_test, (w0 + V)[t]) + b[t] > 0
    correct = (predicted == data.y_test).astype(float)
    return p, (w0, V), np.bincount(t, weights=correct) / np.bincount(t)
