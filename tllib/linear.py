"""Many small logistic regressions at once: the workhorse behind the lessons' averages.

A lesson's background figure (a learning curve, a gain map, a detector's record) fits
the same tiny model hundreds of times: a few hundred points in two or three dimensions,
once per seed, per budget, per setting. scikit-learn's ``LogisticRegression`` spends
almost all of its ~2 ms per fit on checks and set-up, not on the optimisation, so
:func:`fit_logistic` solves a whole *batch* of problems together with Newton's method,
one vectorised step for all of them, and :func:`accuracy` scores a batch in one line.

Each problem ``b`` of the batch is binary (labels 0/1) and minimises::

    sum_i  s[b, i] * log(1 + exp(-(2 y[b, i] - 1) (w . x[b, i] + c)))
        + (alpha / 2) * ||w - w0[b]||^2  +  (alpha_intercept / 2) * (c - c0[b])^2

* scikit-learn's ``LogisticRegression(C=C)`` (L2, unpenalised intercept) is
  ``alpha = 1 / C``, ``alpha_intercept = 0``, ``w0 = 0``; the tests check that both give
  the same weights to 1e-5;
* L2-SP (:class:`tllib.parameter.SourcePriorLogisticRegression`) is ``alpha =
  alpha_intercept = lambda`` with ``(w0, c0)`` the source model's weights.

Sample weights ``s = 0`` drop a point from a problem, so problems of different sizes
(nested label budgets, cross-validation folds) share one padded array.

Newton's method: with ``p = sigmoid(w . x + c)`` the gradient is ``X'(s (p - y)) +
A (theta - theta0)`` and the Hessian ``X' diag(s p (1 - p)) X + A``; each step solves the
``(d + 1) x (d + 1)`` system of every problem at once and is halved where it would not
decrease the objective. The objective is strictly convex whenever ``alpha > 0``, so this
converges in a handful of steps. A problem whose points are all of one class has no
finite intercept when ``alpha_intercept = 0``: give it a penalty, or fit it differently
(the callers use a constant predictor, as :func:`tllib.evaluate.fit_baseline` does).
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit
from sklearn.linear_model import LogisticRegression

from ._validation import check_nonnegative, check_positive

__all__ = ["fit_logistic", "fit_batch", "source_models", "accuracy", "as_estimator"]


def fit_logistic(X, y, sample_weight=None, *, alpha=1.0, alpha_intercept=0.0,
                 coef_init=None, intercept_init=None, start=None, max_iter=50, tol=1e-7):
    """Fit a batch of binary logistic regressions with Newton's method.

    Parameters
    ----------
    X : array of shape (n, d) or (B, n, d)
        Inputs, shared by every problem (2-D) or one set per problem (3-D).
    y : array of shape (n,) or (B, n)
        Labels in {0, 1}.
    sample_weight : array of shape (B, n), (n,) or None
        Weight of each point in each problem (0 leaves it out). ``None``: all 1.
        The batch size ``B`` is the leading dimension of whichever argument has one.
    alpha, alpha_intercept : float
        The penalties on the weights and on the intercept (see the module docstring);
        ``alpha`` > 0, ``alpha_intercept`` >= 0. Scalars, or arrays of shape (B,).
    coef_init, intercept_init : arrays of shape (B, d) / (d,) and (B,) / scalar, or None
        ``w0`` and ``c0``: the centre of the penalty. ``None`` is zero.
    start : tuple (coef, intercept) of arrays shaped like the result, or None
        Where Newton starts (a warm start: a nearby problem's solution, e.g. the full
        data's for a cross-validation fold, saves most of the steps). ``None``: at
        the centre of the penalty.
    max_iter : int
        At most this many Newton steps.
    tol : float
        Stop once no coordinate of any problem moves by more than ``tol``.

    Returns
    -------
    coef : ndarray of shape (B, d)
    intercept : ndarray of shape (B,)
    """
    X, y, s, batch = _broadcast(X, y, sample_weight)
    d = X.shape[-1]
    alpha = np.broadcast_to(np.asarray(alpha, dtype=float), (batch,))
    alpha_c = np.broadcast_to(np.asarray(alpha_intercept, dtype=float), (batch,))
    check_positive("alpha", float(alpha.min()))
    check_nonnegative("alpha_intercept", float(alpha_c.min()))
    centre = np.zeros((batch, d + 1))
    if coef_init is not None:
        centre[:, :d] = np.broadcast_to(np.asarray(coef_init, dtype=float), (batch, d))
    if intercept_init is not None:
        centre[:, d] = np.broadcast_to(np.asarray(intercept_init, dtype=float), (batch,))
    penalty = np.concatenate([np.repeat(alpha[:, None], d, axis=1), alpha_c[:, None]], axis=1)

    Xa = np.concatenate([X, np.ones(X.shape[:-1] + (1,))], axis=-1)  # ([B,] n, d + 1)
    theta = centre.copy()
    if start is not None:
        theta[:, :d] = np.broadcast_to(np.asarray(start[0], dtype=float), (batch, d))
        theta[:, d] = np.broadcast_to(np.asarray(start[1], dtype=float), (batch,))
    loss = _objective(Xa, y, s, theta, centre, penalty)
    diagonal = np.arange(d + 1)
    for _ in range(max_iter):
        p = expit(_margins(Xa, theta))
        # Batched matrix products (BLAS), X shared by the batch or one per problem.
        grad = (s * (p - y))[:, None, :] @ Xa
        grad = grad[:, 0, :] + penalty * (theta - centre)
        weighted = Xa * (s * p * (1.0 - p))[..., None]  # (B, n, d + 1)
        hessian = np.swapaxes(weighted, 1, 2) @ Xa
        hessian[:, diagonal, diagonal] += penalty + 1e-12
        step = np.linalg.solve(hessian, grad[..., None])[..., 0]
        # Halve the step where it would not lower the objective (rarely needed).
        scale = np.ones(batch)
        for _ in range(30):
            trial = _objective(Xa, y, s, theta - scale[:, None] * step, centre, penalty)
            worse = trial > loss + 1e-12 * np.abs(loss)
            if not worse.any():
                break
            scale[worse] *= 0.5
        theta = theta - scale[:, None] * step
        loss = np.minimum(loss, trial)
        if np.max(np.abs(scale[:, None] * step)) < tol:
            break
    return theta[:, :d], theta[:, d]


def accuracy(coef, intercept, X, y) -> np.ndarray:
    """Accuracy of each problem's model on ``X`` (shape (n, d) or (B, n, d)) with
    labels ``y`` in {0, 1}: an array of shape (B,)."""
    coef, intercept = np.atleast_2d(coef), np.atleast_1d(intercept)
    scores = _margins(np.asarray(X, dtype=float), coef) + intercept[:, None]
    return np.mean((scores > 0) == (np.asarray(y) == 1), axis=-1)


def as_estimator(coef, intercept, classes=(0, 1)) -> LogisticRegression:
    """A fitted scikit-learn ``LogisticRegression`` holding one problem's solution, so
    a figure can draw its boundary and a student can call ``predict`` on it."""
    model = LogisticRegression()
    model.coef_ = np.asarray(coef, dtype=float).reshape(1, -1)
    model.intercept_ = np.atleast_1d(np.asarray(intercept, dtype=float))
    model.classes_ = np.asarray(classes)
    model.n_features_in_ = model.coef_.shape[1]
    model.n_iter_ = np.zeros(1, dtype=int)
    return model


def fit_batch(problems, *, alpha=1.0, alpha_intercept=0.0, coef_init=None,
              intercept_init=None) -> tuple[np.ndarray, np.ndarray]:
    """Fit one binary logistic regression per ``(X, y, sample_weight)`` in
    ``problems`` (all of one shape; labels 0/1) in a single
    :func:`fit_logistic` call. The defaults are
    :func:`tllib.evaluate.default_estimator` (``LogisticRegression()``, C = 1); ``alpha``,
    ``alpha_intercept`` and the ``*_init`` centres give L2-SP.

    A problem whose weighted labels are all of one class, with an unpenalised
    intercept, gets the constant predictor of that class (zero weights, intercept
    ±1), as :func:`tllib.evaluate.fit_baseline` does for target-only.

    Returns ``coef`` (B, d) and ``intercept`` (B,), for :func:`accuracy`.
    """
    X = np.stack([np.asarray(p[0], dtype=float) for p in problems])
    y = np.stack([np.asarray(p[1]) for p in problems]).astype(float)
    w = np.stack([np.asarray(p[2], dtype=float) for p in problems])
    n, d = len(problems), X.shape[-1]
    alpha = np.broadcast_to(np.asarray(alpha, dtype=float), (n,))
    alpha_c = np.broadcast_to(np.asarray(alpha_intercept, dtype=float), (n,))
    w0 = np.zeros((n, d)) if coef_init is None else np.broadcast_to(coef_init, (n, d))
    c0 = np.zeros(n) if intercept_init is None else np.broadcast_to(intercept_init, (n,))
    ones, zeros = (w * y).sum(axis=1) > 0, (w * (1 - y)).sum(axis=1) > 0
    coef, intercept = np.array(w0, dtype=float), np.where(ones, 1.0, -1.0)
    solvable = (ones & zeros) | (alpha_c > 0)
    if not solvable.all():
        coef[~solvable] = 0.0
    if solvable.any():
        coef[solvable], intercept[solvable] = fit_logistic(
            X[solvable], y[solvable], w[solvable], alpha=alpha[solvable],
            alpha_intercept=alpha_c[solvable], coef_init=w0[solvable],
            intercept_init=c0[solvable], tol=1e-6)
    return coef, intercept


def source_models(samples) -> tuple[np.ndarray, np.ndarray]:
    """``LogisticRegression()`` fitted on each source sample ``(X, y)`` (labels 0/1),
    batched; identical samples (one seed's source across target settings) are fitted
    once. Returns ``coef`` (B, d) and ``intercept`` (B,)."""
    samples = [(np.asarray(X), np.asarray(y)) for X, y in samples]
    first: dict = {}  # content -> index of the first sample holding it
    index = np.array([first.setdefault((X.tobytes(), y.tobytes()), i)
                      for i, (X, y) in enumerate(samples)])
    unique = sorted(set(index.tolist()))
    coef, intercept = fit_batch([(*samples[i], np.ones(len(samples[i][1]))) for i in unique])
    row = {i: r for r, i in enumerate(unique)}
    rows = np.array([row[i] for i in index])
    return coef[rows], intercept[rows]


def _margins(X, coef) -> np.ndarray:
    """``X . coef`` for every problem: shape (B, n), X shared (n, d) or per problem."""
    return (X @ coef[..., None])[..., 0]


def _objective(Xa, y, s, theta, centre, penalty) -> np.ndarray:
    z = _margins(Xa, theta)
    # log(1 + exp(-m)) with m the signed margin, stable for any |m|.
    losses = np.logaddexp(0.0, (1.0 - 2.0 * y) * z)
    return np.sum(s * losses, axis=-1) + 0.5 * np.sum(penalty * (theta - centre) ** 2, axis=-1)


def _broadcast(X, y, sample_weight):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if X.ndim not in (2, 3):
        raise ValueError(f"X must have shape (n, d) or (B, n, d); got {X.shape}.")
    if not np.isin(y, (0.0, 1.0)).all():
        raise ValueError("y must hold labels 0 and 1 only.")
    s = np.ones(y.shape[-1]) if sample_weight is None else np.asarray(sample_weight, float)
    if (s < 0).any() or not np.isfinite(s).all():
        raise ValueError("sample_weight must be finite and >= 0.")
    batch = max(a.shape[0] if a.ndim == nd else 1 for a, nd in ((X, 3), (y, 2), (s, 2)))
    n = X.shape[-2]
    if y.shape[-1] != n or s.shape[-1] != n:
        raise ValueError(f"X, y and sample_weight must agree on the number of points; "
                         f"got {n}, {y.shape[-1]} and {s.shape[-1]}.")
    return X, np.broadcast_to(y, (batch, n)), np.broadcast_to(s, (batch, n)), batch
