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


import numpy as np
from scipy.optimize import minimize
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, column_or_1d, validate_data

from ._base import record_stop
from ._validation import binary_classes, check_float, check_int
from .multitask_data import MultiTaskData, make_multitask_data, multitask_normals

__all__ = [
    "MultiTaskLogisticRegression",
    "MultiTaskData",
    "make_multitask_data",
    "multitask_normals",
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

    def fit(self, X, y, *, tasks=None):
        """Fit every task's model at once; ``tasks[i]`` is the task of row ``X[i]``.

        ``tasks=None``: every row belongs to one task (``tasks_ = [0]``). With one task
        nothing is coupled and the model is exactly scikit-learn's
        ``LogisticRegression(C=C)`` (L2, with intercept), whatever ``coupling``; it then
        predicts without ``tasks``, which lets scikit-learn's checks drive it."""
        check_float("coupling", self.coupling, 0.0, np.inf, high_open=True)
        check_float("C", self.C, 0.0, np.inf, low_open=True, high_open=True)
        check_int("max_iter", self.max_iter, 1)
        check_float("tol", self.tol, 0.0, np.inf, low_open=True, high_open=True)
        X, y = validate_data(self, X, y)
        check_classification_targets(y)
        self.classes_ = binary_classes(y)
        if tasks is None:
            self.tasks_, codes = np.array([0]), np.zeros(len(X), dtype=int)
        else:
            tasks = column_or_1d(tasks)
            if len(tasks) != len(X):
                raise ValueError(f"tasks must have one task id per row of X ({len(X)}); "
                                 f"got {len(tasks)}.")
            self.tasks_, codes = np.unique(tasks, return_inverse=True)
            if len(self.tasks_) < 2:
                raise ValueError("tasks must hold at least 2 different task ids; got "
                                 f"{len(self.tasks_)}: {self.tasks_.tolist()} (for a "
                                 "single task, leave tasks=None).")
        a = self._task_weights(len(self.tasks_))

        # 1. Each sample's label as s = ±1; each task's weight a_t.
        s = np.where(y == self.classes_[1], 1.0, -1.0)
        problem = _Problem(X, s, codes, a, self.C, self.coupling)
        # 2. Minimise the objective from zero with L-BFGS-B.
        result = problem.solve(np.zeros(problem.size), self.max_iter, self.tol)
        # 3. Back from whitened variables to w_0, v_t, w_t and b_t.
        self.shared_coef_, self.task_coef_, self.intercept_ = problem.unpack(result.x)
        self.coef_ = self.shared_coef_ + self.task_coef_
        record_stop(self, result)
        return self

    def decision_function(self, X, *, tasks=None):
        """``w_t.x + b_t`` with ``t = tasks[i]`` for each row: positive for
        ``classes_[1]``. Shape (n_samples,)."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        codes = self._codes(tasks, len(X))
        return np.einsum("ij,ij->i", X, self.coef_[codes]) + self.intercept_[codes]

    def predict_proba(self, X, *, tasks=None):
        """Columns: P(classes_[0] | x, t), P(classes_[1] | x, t) = sigmoid(w_t.x + b_t)."""
        p1 = expit(self.decision_function(X, tasks=tasks))
        return np.column_stack([1.0 - p1, p1])

    def predict(self, X, *, tasks=None):
        positive = self.decision_function(X, tasks=tasks) > 0
        return self.classes_[positive.astype(int)]

    def score(self, X, y, *, tasks=None, sample_weight=None):
        """Mean accuracy over all rows (each predicted by its own task's model)."""
        y = column_or_1d(y)
        correct = self.predict(X, tasks=tasks) == y
        return float(np.average(correct, weights=sample_weight))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False
        return tags

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
        if tasks is None:
            if len(self.tasks_) == 1:
                return np.zeros(n, dtype=int)
            raise ValueError(f"tasks is required: this model was fitted on "
                             f"{len(self.tasks_)} tasks {self.tasks_.tolist()}; pass "
                             "the task id of every row.")
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
