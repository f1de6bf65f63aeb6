"""Multi-view learning: co-training two learners on two views of the same objects.

A video can be seen through its images and through its sound. When each *view* alone
is enough to tell the classes apart (*sufficiency*) and the two views are independent
given the class (*conditional independence*), a learner on one view can teach the
other: the points the image learner is surest about are, for the audio learner, fresh
labelled examples that are not biased towards what the audio learner already knows.
Co-training (Blum & Mitchell, 1998) repeats this round after round::

    L = labelled points, U = unlabelled points
    repeat until max_iter rounds or U is empty:
        fit h1 on view 1 of L, h2 on view 2 of L
        each h_v labels its most confident points of U, per class c
            n_c of them, n_c in proportion to c's share of the labels given
        move them, with those labels, from U to L
    predict: P(y | x) proportional to h1(y | x_1) * h2(y | x_2)

Blum & Mitchell drew a small pool ``U'`` of 75 points from ``U`` and replenished it
after each round; here the pool is the whole of ``U`` (a few hundred points), which
keeps the algorithm to its core. Both views' learners agree more and more on ``U`` as
they teach each other: :attr:`CoTrainingClassifier.history_` records that agreement.

When the assumptions fail, co-training fails with them: a view that says nothing about
the class hands the other learner random labels, and a view that copies the other
teaches it nothing it did not already believe, mistakes included
(:func:`make_two_view_data` can break either).

References
----------
Blum, A. & Mitchell, T. (1998). Combining labeled and unlabeled data with co-training.
COLT.
Xu, C., Tao, D. & Xu, C. (2013). A survey on multi-view learning. arXiv:1304.5634.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.linear_model import LogisticRegression
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from ._validation import check_int, require_method
from .linear import as_estimator, fit_logistic
from .multiview_data import FEATURE_NAMES, VIEW_NAMES, TwoViewData, make_two_view_data

__all__ = [
    "FEATURE_NAMES",
    "VIEW_NAMES",
    "TwoViewData",
    "make_two_view_data",
    "CoTrainingClassifier",
    "CoTrainingRound",
    "round_accuracy",
]


# -- the estimator -------------------------------------------------------------------


@dataclass(frozen=True)
class CoTrainingRound:
    """One round of co-training.

    Attributes
    ----------
    added : ndarray of int
        Indices (into ``fit``'s ``X``) of the points labelled this round, the first
        view's choices first.
    labels : ndarray
        The labels given to them.
    by_view : ndarray of int
        Which view's learner (0 or 1) labelled each of them.
    agreement : float
        Share of the points that were unlabelled when ``fit`` began on which the two
        view learners of this round predict the same class (a fixed set, so rounds
        compare; the points still unlabelled are ever harder ones).
    agreement_remaining : float
        The same on the points still unlabelled at the start of the round.
    n_unlabelled : int
        Unlabelled points at the start of the round.
    """

    added: np.ndarray
    labels: np.ndarray
    by_view: np.ndarray
    agreement: float
    agreement_remaining: float
    n_unlabelled: int


class CoTrainingClassifier(ClassifierMixin, BaseEstimator):
    """Co-training (Blum & Mitchell, 1998): two learners, one per view, label
    unlabelled points for each other.

    Parameters
    ----------
    estimator : classifier with ``predict_proba``, default=None
        Cloned once per view. ``None`` means ``LogisticRegression()``, solved for
        both views in one call by :func:`tllib.linear.fit_logistic` (the same model
        to 1e-5, without scikit-learn's per-fit overhead: co-training refits every
        round).
    views : pair of sequences of int, default=None
        Column indices of the two views. ``None``: the first half of the columns and
        the rest. The views must not be empty; they may overlap (though co-training
        then loses its reason to work).
    n_per_round : int, default=2
        Points each view's learner labels per round, shared among the classes in
        proportion to their shares of the given labels (at least one per class), as
        the paper's ``p`` positive and ``n`` negative examples; >= 1.
    max_iter : int, default=20
        At most this many rounds; >= 0 (0 is the two supervised learners).
    random_state : int or None, default=None
        Unused by the algorithm itself (it is deterministic); kept for the tllib
        contract and passed to nothing.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    estimators_ : list of two fitted estimators
        The final learners of view 1 and view 2, fitted on every label given.
    views_ : tuple of two ndarrays of int
    labeled_iter_ : ndarray of int, shape (n_samples,)
        0 for a point labelled from the start, ``r`` for one labelled in round ``r``,
        -1 for one never labelled (scikit-learn's self-training convention).
    transduction_ : ndarray of shape (n_samples,)
        Each point's label at the end (given or assigned); -1 where none.
    history_ : list of CoTrainingRound
    n_iter_ : int
        Rounds run.
    termination_condition_ : {"max_iter", "all_labeled"}
    n_features_in_ : int
    """

    def __init__(self, estimator=None, *, views=None, n_per_round=2, max_iter=20,
                 random_state=None):
        self.estimator = estimator
        self.views = views
        self.n_per_round = n_per_round
        self.max_iter = max_iter
        self.random_state = random_state

    def fit(self, X, y):
        """Co-train on ``X`` with labels ``y``, ``-1`` marking an unlabelled point."""
        X, y = validate_data(self, X, y, dtype="numeric")
        check_classification_targets(y)
        check_int("n_per_round", self.n_per_round, 1)
        check_int("max_iter", self.max_iter, 0)
        self.views_ = _resolve_views(self.views, X.shape[1])
        base = self.estimator if self.estimator is not None else LogisticRegression()
        require_method("estimator", base)

        # 1. Split labelled from unlabelled; the classes are those of the given labels.
        unlabelled = _is_unlabelled(y)
        if unlabelled.all():
            raise ValueError("y must hold at least one label that is not -1; got none.")
        self.classes_ = np.unique(y[~unlabelled])
        labels = y.copy()  # never write into the caller's y
        labeled_iter = np.where(unlabelled, -1, 0)
        per_class = _per_class_quota(self.n_per_round, labels[~unlabelled], self.classes_)

        # 2. Rounds: fit one learner per view, let each label its surest points.
        self.history_, self.termination_condition_ = [], "max_iter"
        for round_ in range(1, self.max_iter + 1):
            pool = np.flatnonzero(labeled_iter < 0)
            if pool.size == 0:
                self.termination_condition_ = "all_labeled"
                break
            learners = self._fit_views(base, X, labels, labeled_iter >= 0, final=False)
            probas = [h.predict_proba(X[unlabelled][:, v])
                      for h, v in zip(learners, self.views_)]
            agree = probas[0].argmax(1) == probas[1].argmax(1)
            still = labeled_iter[unlabelled] < 0
            probas = [p[still] for p in probas]  # the pool's rows, in pool order
            added, given, by_view = _most_confident(pool, probas, per_class)
            labels[added], labeled_iter[added] = self.classes_[given], round_
            self.history_.append(CoTrainingRound(
                added, self.classes_[given], by_view, float(agree.mean()),
                float(agree[still].mean()), int(pool.size)))
        else:
            if self.max_iter and not (labeled_iter < 0).any():
                self.termination_condition_ = "all_labeled"
        self.n_iter_ = len(self.history_)

        # 3. The final learners, on every label given.
        self.estimators_ = self._fit_views(base, X, labels, labeled_iter >= 0)
        self.labeled_iter_ = labeled_iter
        self.transduction_ = (np.where(labeled_iter >= 0, labels, -1)
                              if unlabelled.any() else labels)
        return self

    def predict_proba(self, X):
        """The product of the two views' class probabilities, renormalised."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype="numeric")
        return _combine([h.predict_proba(X[:, v])
                         for h, v in zip(self.estimators_, self.views_)])

    def predict(self, X):
        """The class of highest combined probability."""
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]

    def _fit_views(self, base, X, labels, mask, *, final=True):
        if self.estimator is None and len(self.classes_) == 2:
            learners = _fit_logistic_views(X[mask], labels[mask], np.ones((1, mask.sum()), bool),
                                           self.views_, self.classes_)[0]
            return [h.as_estimator() for h in learners] if final else learners
        return [_fit_or_constant(base, X[mask][:, v], labels[mask], self.classes_)
                for v in self.views_]


def round_accuracy(model: CoTrainingClassifier, X, y, X_eval, y_eval) -> np.ndarray:
    """Accuracy on ``(X_eval, y_eval)`` of the combined learners at the start of each
    round and at the end, replayed from ``model.labeled_iter_`` (``fit`` stays free of
    evaluation code).

    Returns
    -------
    ndarray of shape (n_iter_ + 1,)
        Entry ``r``: the learners fitted on the labels given before round ``r + 1``
        (entry 0: the given labels only; the last: :attr:`estimators_`).
    """
    check_is_fitted(model)
    X, X_eval = np.asarray(X, dtype=float), np.asarray(X_eval, dtype=float)
    base = model.estimator if model.estimator is not None else LogisticRegression()
    labels = np.where(model.labeled_iter_ >= 0, model.transduction_, -1)
    masks = [(model.labeled_iter_ >= 0) & (model.labeled_iter_ <= r)
             for r in range(model.n_iter_ + 1)]
    if model.estimator is None and len(model.classes_) == 2:
        rounds = _fit_logistic_views(X, labels, np.array(masks), model.views_,
                                     model.classes_)  # every round in one call
    else:
        rounds = [[_fit_or_constant(base, X[m][:, v], labels[m], model.classes_)
                   for v in model.views_] for m in masks]
    out = np.empty(model.n_iter_ + 1)
    for r, learners in enumerate(rounds):
        proba = _combine([h.predict_proba(X_eval[:, v])
                          for h, v in zip(learners, model.views_)])
        out[r] = float(np.mean(model.classes_[proba.argmax(1)] == np.asarray(y_eval)))
    return out


# -- helpers -------------------------------------------------------------------------


def _is_unlabelled(y) -> np.ndarray:
    if y.dtype.kind in "iuf":
        return y == -1
    return np.zeros(len(y), dtype=bool)  # string labels: every point is labelled


def _resolve_views(views, n_features):
    if views is None:
        if n_features < 2:
            raise ValueError(f"views=None splits the columns in two halves, which needs "
                             f"at least 2 features; got {n_features}.")
        half = n_features // 2
        return (np.arange(half), np.arange(half, n_features))
    if not isinstance(views, (list, tuple)) or len(views) != 2:
        raise ValueError(f"views must be a pair of column-index lists; got {views!r}.")
    resolved = []
    for v in views:
        v = np.asarray(v)
        if v.ndim != 1 or v.size == 0 or not np.issubdtype(v.dtype, np.integer):
            raise ValueError(f"views must hold two non-empty lists of column indices; "
                             f"got {views!r}.")
        if v.min() < 0 or v.max() >= n_features:
            raise ValueError(f"views must index columns in [0, {n_features - 1}]; "
                             f"got {views!r}.")
        resolved.append(v)
    return tuple(resolved)


def _per_class_quota(n_per_round, y_given, classes) -> np.ndarray:
    """Points per class a learner labels per round: in proportion to the classes'
    shares of the given labels, at least one each (Blum & Mitchell's p and n)."""
    shares = np.array([np.mean(y_given == c) for c in classes])
    return np.maximum(1, np.round(n_per_round * shares)).astype(int)


def _most_confident(pool, probas, per_class):
    """Each view's learner, in turn, takes for each class its ``per_class[c]`` surest
    points of the pool not already taken this round."""
    taken, added, given, by_view = set(), [], [], []
    for view, proba in enumerate(probas):
        for c, quota in enumerate(per_class):
            for i in np.argsort(-proba[:, c], kind="stable"):
                if quota == 0:
                    break
                if pool[i] in taken:
                    continue
                taken.add(pool[i])
                added.append(pool[i]), given.append(c), by_view.append(view)
                quota -= 1
    return np.array(added, dtype=int), np.array(given, dtype=int), np.array(by_view, dtype=int)


def _fit_logistic_views(X, labels, masks, views, classes):
    """``LogisticRegression()`` (C = 1) on each view of the points of each mask, all
    in one batched Newton solve: ``masks`` has shape (n_sets, n); returns, per set, the
    two views' learners. A view is padded with zero columns to the widest view (their
    weights stay 0 under the L2 penalty); a set with one class only gets the constant
    predictor, as :func:`_fit_or_constant` does."""
    width = max(len(v) for v in views)
    Xv = np.zeros((2, len(X), width))
    for i, v in enumerate(views):
        Xv[i, :, :len(v)] = X[:, v]
    positive = (labels == classes[1]).astype(float)
    both = [np.any(m & positive.astype(bool)) and np.any(m & (labels == classes[0]))
            for m in masks]
    weights = np.repeat(np.asarray(masks, dtype=float), 2, axis=0)  # set-major, view-minor
    for k, ok in enumerate(both):
        if not ok:
            weights[2 * k: 2 * k + 2] = 0.0  # fitted below as a constant instead
    coef, intercept = fit_logistic(np.tile(Xv, (len(masks), 1, 1)), positive, weights,
                                   alpha=1.0)
    out = []
    for k, m in enumerate(masks):
        if not both[k]:
            label = labels[m][0]
            out.append([_Constant(classes, label), _Constant(classes, label)])
            continue
        out.append([_Linear(coef[2 * k + i, :len(v)], intercept[2 * k + i], classes)
                    for i, v in enumerate(views)])
    return out


class _Linear:
    """A fitted binary logistic model, light enough to call every round."""

    def __init__(self, coef, intercept, classes):
        self.coef, self.intercept, self.classes = coef, float(intercept), classes

    def predict_proba(self, X):
        p = expit(X @ self.coef + self.intercept)
        return np.column_stack([1.0 - p, p])

    def as_estimator(self):
        return as_estimator(self.coef, self.intercept, self.classes)


def _fit_or_constant(base, X, y, classes):
    """``base`` fitted on ``(X, y)``, or, while one class only has been seen, a
    predictor giving that class probability 1."""
    if len(np.unique(y)) < 2:
        return _Constant(classes, y[0])
    return clone(base).fit(X, y)


class _Constant:
    def __init__(self, classes, label):
        self.proba = (np.asarray(classes) == label).astype(float)

    def predict_proba(self, X):
        return np.tile(self.proba, (len(X), 1))

    def as_estimator(self):
        return self


def _combine(probas) -> np.ndarray:
    """Normalised product of the views' probabilities (a tie goes to the average)."""
    product = probas[0] * probas[1]
    total = product.sum(axis=1, keepdims=True)
    average = (probas[0] + probas[1]) / 2
    return np.where(total > 0, product / np.where(total > 0, total, 1), average)
