"""Parameter-based transfer: start from the source model's weights and stay near them.

Intuition: with a handful of target labels, a model trained on the target alone is
pulled towards zero by its regulariser, which knows nothing about the problem. L2-SP
(*SP = starting point*) replaces "stay near zero" with "stay near the source
solution": the source weights become a prior the target data may move away from, as far
as its evidence allows.

For binary logistic regression with target labels ``s_i = ±1`` on ``k`` points::

    1. (w_s, b_s) = argmin  C * sum_source log(1 + exp(-s (w.x + b))) + ||w||^2 / 2
                                                    (scikit-learn's LogisticRegression)
    2. (w, b)     = argmin  sum_target log(1 + exp(-s_i (w.x_i + b)))
                            + (lambda / 2) * (||w - w_s||^2 + (b - b_s)^2)

with ``lambda = source_strength``: every parameter the source learned, the intercept
included, is a starting point to stay near (a free intercept would swing wildly on two
or three target labels). Step 2 is solved by L-BFGS-B from ``(w_s, b_s)``. As ``lambda`` grows the model *is* the source
model; as it shrinks the target data alone decide. The loss is summed, not averaged,
as in scikit-learn's ``C * sum`` and in a Gaussian prior's MAP estimate: the pull stays
fixed while the evidence grows with ``k``, so a few target labels barely move the source
weights and many labels can override them. When the tasks differ, the prior
pulls towards the wrong rule: negative transfer.

References
----------
Li, X., Grandvalet, Y. & Davoine, F. (2018). Explicit inductive bias for transfer
learning with convolutional networks. ICML.
"""

from __future__ import annotations


import numpy as np
from scipy.optimize import minimize
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from ._base import record_stop, target_data
from ._validation import (
    binary_classes, check_grid, check_int, check_magnitude, check_positive,
)

__all__ = ["SourcePriorLogisticRegression", "source_prior_path"]


class SourcePriorLogisticRegression(ClassifierMixin, BaseEstimator):
    """Binary logistic regression regularised towards the source solution (L2-SP).

    Parameters
    ----------
    source_strength : float, default=1.0
        ``lambda``, the weight of the pull towards the source weights; > 0. Large
        values give the source model, small ones let the target labels decide.
    C : float, default=1.0
        Inverse regularisation of the source model (scikit-learn's ``C``); > 0.
    max_iter : int, default=500
        At most this many L-BFGS-B iterations on the target; >= 1.
    tol : float, default=1e-6
        L-BFGS-B stops when the largest gradient component is below it; > 0.

    Attributes
    ----------
    source_coef_ : ndarray of shape (n_features,)
        ``w_s``, the source model's weights.
    source_intercept_ : float
        ``b_s``.
    coef_ : ndarray of shape (1, n_features)
        ``w``, the fitted target weights (the source's without target labels).
    intercept_ : ndarray of shape (1,)
    classes_ : ndarray of shape (2,)
    n_features_in_ : int
    n_iter_ : int
        L-BFGS-B iterations on the target (0 without target labels).
    termination_ : str
        Why it stopped: ``"no target labels"`` or L-BFGS-B's message.

    Examples
    --------
    >>> from tllib import make_task_pair, SourcePriorLogisticRegression
    >>> pair = make_task_pair(0.9, random_state=0)
    >>> model = SourcePriorLogisticRegression(1.0).fit(
    ...     pair.X_source, pair.y_source, Xt=pair.X_target, yt=pair.y_target_visible)
    """

    def __init__(self, source_strength=1.0, *, C=1.0, max_iter=500, tol=1e-6):
        self.source_strength = source_strength
        self.C = C
        self.max_iter = max_iter
        self.tol = tol

    def fit(self, X, y, *, Xt=None, yt=None):
        """Fit the source model on ``(X, y)``, then move it towards the labelled target
        points (``yt != -1``; ``Xt`` and ``yt`` aligned)."""
        check_positive("source_strength", self.source_strength)
        check_positive("C", self.C)
        check_int("max_iter", self.max_iter, 1)
        check_positive("tol", self.tol)
        X, y = validate_data(self, X, y)
        check_classification_targets(y)
        check_magnitude("X", X)
        self.classes_ = binary_classes(y)

        # 1. The source model: scikit-learn's logistic regression, L2 towards zero.
        source = LogisticRegression(C=self.C).fit(X, y)
        self.source_coef_ = source.coef_[0].copy()
        self.source_intercept_ = float(source.intercept_[0])
        self.coef_ = source.coef_.copy()
        self.intercept_ = source.intercept_.copy()

        # 2. No labelled target point: the model is the source model.
        Xl, s = self._labelled_target(Xt, yt)
        if len(s) == 0:
            self.n_iter_, self.termination_ = 0, "no target labels"
            return self

        # 3. Minimise the target loss + (lambda/2)||theta - theta_s||^2 from theta_s.
        theta_s = np.append(self.source_coef_, self.source_intercept_)
        result = _fit_towards_source(Xl, s, theta_s, float(self.source_strength),
                                     theta_s, self.max_iter, self.tol)
        self.coef_ = result.x[None, :-1]
        self.intercept_ = result.x[-1:]
        record_stop(self, result)
        return self

    def decision_function(self, X):
        """``w.x + b``: positive for ``classes_[1]``. Shape (n_samples,)."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        return X @ self.coef_[0] + self.intercept_[0]

    def predict_proba(self, X):
        """Columns: P(classes_[0] | x), P(classes_[1] | x) = sigmoid(w.x + b)."""
        p1 = expit(self.decision_function(X))
        return np.column_stack([1.0 - p1, p1])

    def predict(self, X):
        positive = self.decision_function(X) > 0
        return self.classes_[positive.astype(int)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False
        return tags

    def _labelled_target(self, Xt, yt) -> tuple[np.ndarray, np.ndarray]:
        """The labelled target points and their labels as s = ±1 (s = +1 for
        ``classes_[1]``). Empty without target labels."""
        Xt, yt = target_data(self, Xt, yt, self.classes_)
        if Xt is None or not (yt != -1).any():
            return np.empty((0, self.n_features_in_)), np.empty(0)
        labelled = yt != -1
        return Xt[labelled], np.where(yt[labelled] == self.classes_[1], 1.0, -1.0)


def source_prior_path(X, y, Xt, yt, strengths, *, C=1.0) -> np.ndarray:
    """The fitted weights ``w`` for each ``lambda`` in ``strengths``.

    The source model is fitted once; each ``lambda`` starts from the previous solution
    (the first from the source's). From small to large ``lambda`` the rows travel from
    the target solution to the source solution ``w_s``.

    Returns
    -------
    ndarray of shape (len(strengths), n_features)
    """
    grid = check_grid("strengths", strengths).astype(float)
    if not np.all(np.isfinite(grid) & (grid > 0)):
        raise ValueError(f"strengths must all be finite numbers > 0, got {strengths!r}.")
    model = SourcePriorLogisticRegression(grid[0], C=C).fit(X, y, Xt=Xt, yt=yt)
    Xl, s = model._labelled_target(Xt, yt)
    coefs = [model.coef_[0]]
    start = np.append(model.coef_[0], model.intercept_)
    theta_s = np.append(model.source_coef_, model.source_intercept_)
    for lam in grid[1:]:
        if len(s):  # warm start: the previous lambda's solution
            start = _fit_towards_source(Xl, s, theta_s, lam, start,
                                        model.max_iter, model.tol).x
        coefs.append(start[:-1])
    return np.array(coefs)


# -- the objective, beside its gradient ---------------------------------------------


def _objective_and_gradient(params, X, s, theta_s, lam) -> tuple[float, np.ndarray]:
    """L2-SP objective at ``params = theta = (w, b)`` and its gradient.

    f = sum_i log(1 + exp(-m_i)) + (lam/2)||theta - theta_s||^2,  m_i = s_i (w.x_i + b)
    df/dw = X^T r + lam (w - w_s),  df/db = sum_i r_i + lam (b - b_s),
    r_i = -s_i sigmoid(-m_i)
    """
    w, b = params[:-1], params[-1]
    margins = s * (X @ w + b)
    loss = np.logaddexp(0.0, -margins).sum()  # log(1 + e^-m) without overflow
    away = params - theta_s
    f = loss + 0.5 * lam * np.dot(away, away)
    r = -s * expit(-margins)
    grad = np.append(X.T @ r, r.sum()) + lam * away
    return f, grad



def _fit_towards_source(X, s, theta_s, lam, start, max_iter, tol):
    """L-BFGS-B on the L2-SP objective from ``start``; returns scipy's result."""
    return minimize(
        _objective_and_gradient, start, args=(X, s, theta_s, lam), jac=True,
        method="L-BFGS-B",
        options={"maxiter": max_iter, "gtol": tol, "ftol": 64 * np.finfo(float).eps},
    )

