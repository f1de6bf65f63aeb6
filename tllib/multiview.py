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
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.linear_model import LogisticRegression
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from .datasets import DomainPair, _check_float, _check_int
from .evaluate import Curves

__all__ = [
    "FEATURE_NAMES",
    "VIEW_NAMES",
    "TwoViewData",
    "make_two_view_data",
    "CoTrainingClassifier",
    "CoTrainingRound",
    "round_accuracy",
    "ViewComparison",
    "compare_views",
]

VIEW_NAMES = ("image", "audio")
FEATURE_NAMES = ("image_brightness", "image_edges", "audio_pitch", "audio_volume")
_SEPARATION = 1.0  # class means at +-this along each feature of a sufficient view
_STRETCH = 3.0  # noise std across the class direction, within each view (1 along it)


# -- data: a "video" seen through its images and its audio -----------------------------


@dataclass(frozen=True)
class TwoViewData:
    """Labelled, unlabelled and test points with two named views.

    Attributes
    ----------
    X_labelled, y_labelled : ndarrays of shape (n_labelled, 4) and (n_labelled,)
    X_unlabelled, y_unlabelled : ndarrays of shape (n_unlabelled, 4) and (n_unlabelled,)
        ``y_unlabelled`` holds the hidden labels, for checking only.
    X_test, y_test : ndarrays of shape (n_test, 4) and (n_test,)
    feature_names : tuple of str
        :data:`FEATURE_NAMES`: two image features then two audio features.
    views : tuple of two tuples of int
        Column indices of the image view and the audio view.
    sufficiency, independence : float
        The settings the data were drawn with.
    """

    X_labelled: np.ndarray
    y_labelled: np.ndarray
    X_unlabelled: np.ndarray
    y_unlabelled: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    feature_names: tuple = FEATURE_NAMES
    views: tuple = ((0, 1), (2, 3))
    sufficiency: float = 1.0
    independence: float = 1.0

    @property
    def X_train(self) -> np.ndarray:
        """Labelled then unlabelled points, the order :attr:`y_train` follows."""
        return np.vstack([self.X_labelled, self.X_unlabelled])

    @property
    def y_train(self) -> np.ndarray:
        """Labels with ``-1`` for every unlabelled point (scikit-learn's convention)."""
        return np.concatenate([self.y_labelled, np.full(len(self.y_unlabelled), -1)])

    def as_pair(self, view: int) -> DomainPair:
        """One view's two features as :func:`tllib.plots.domain_scatter` draws a sample:
        the labelled points as labelled target points among the unlabelled ones (their
        hidden labels kept, so a figure may colour them). For drawing only."""
        v = list(self.views[view])
        X = self.X_train[:, v]
        y = np.concatenate([self.y_labelled, self.y_unlabelled])
        labelled = np.arange(len(y)) < len(self.y_labelled)
        return DomainPair(X[labelled], y[labelled], X, y, labelled,
                          self.X_test[:, v], self.y_test, self.X_test[:, v], self.y_test,
                          shift="none", strength=0.0)


def make_two_view_data(
    n_labelled: int = 6,
    n_unlabelled: int = 400,
    n_test: int = 1000,
    *,
    sufficiency: float = 1.0,
    independence: float = 1.0,
    noise: float = 0.05,
    random_state=None,
) -> TwoViewData:
    """Draw objects seen through two views, image and audio, each with two features.

    Per object, with ``s = 2y - 1`` (±1)::

        image = s * (1, 1)               + E_image
        audio = s * sufficiency * (1, 1) + c * E_image + sqrt(1 - c^2) * E_new,
                                           c = 1 - independence

    where ``E_image`` and ``E_new`` are Gaussian noise with standard deviation 1 along
    the class direction ``(1, 1)`` and 3 across it, ``(1, -1)``: the classes overlap
    little, but from a handful of labels the direction that separates them is hard to
    tell from the noise, so a view's learner needs the unlabelled points. Each label is
    then flipped with probability ``noise``. One view alone, with enough labels, is
    right on about 92% of the objects.

    With ``independence < 1`` and ``sufficiency < 1`` together, the audio's noise is
    partly the image's while its signal is weaker, so a learner that sees both views at
    once can subtract one from the other and cancel the noise: correct statistics, but
    it flatters the concatenated-views learner in that corner.

    Parameters
    ----------
    n_labelled : int, default=6
        Labelled points, alternately of each class; at least 2.
    n_unlabelled, n_test : int, default=400 and 1000
        At least 1 each.
    sufficiency : float, default=1.0
        In [0, 1]: how much the audio view tells about the class, relative to the image
        view. At 0 the audio is unrelated to the class: not a sufficient view.
    independence : float, default=1.0
        In [0, 1]: 1 makes the views independent given the class; 0 makes the audio's
        noise a copy of the image's, so the audio learner repeats the image learner's
        mistakes instead of correcting them.
    noise : float, default=0.05
        Probability of flipping each label, in [0, 0.5).
    random_state : int, numpy.random.Generator or None, default=None

    Returns
    -------
    TwoViewData
    """
    _check_int("n_labelled", n_labelled, 2)
    _check_int("n_unlabelled", n_unlabelled, 1)
    _check_int("n_test", n_test, 1)
    _check_float("sufficiency", sufficiency, 0.0, 1.0)
    _check_float("independence", independence, 0.0, 1.0)
    _check_float("noise", noise, 0.0, 0.5, high_open=True)
    rng = np.random.default_rng(random_state)
    c = 1.0 - float(independence)

    def draw(y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        s = (2 * y - 1)[:, None] * _SEPARATION
        e_image = _stretched_noise(rng, len(y))
        e_new = _stretched_noise(rng, len(y))
        image = s + e_image
        audio = s * float(sufficiency) + c * e_image + np.sqrt(1.0 - c * c) * e_new
        flipped = rng.random(len(y)) < noise
        return np.hstack([image, audio]), np.where(flipped, 1 - y, y)

    arrays = []
    for y in (rng.permutation(np.arange(n_labelled) % 2), rng.integers(0, 2, n_unlabelled),
              rng.integers(0, 2, n_test)):
        X, y = draw(y)
        X.setflags(write=False)
        y.setflags(write=False)
        arrays += [X, y]
    return TwoViewData(*arrays, sufficiency=float(sufficiency),
                       independence=float(independence))


def _stretched_noise(rng, n) -> np.ndarray:
    """Standard normal noise stretched by ``_STRETCH`` along ``(1, -1) / sqrt(2)``."""
    e = rng.standard_normal((n, 2))
    across = np.array([1.0, -1.0]) / np.sqrt(2.0)
    return e + (_STRETCH - 1.0) * np.outer(e @ across, across)


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
        Cloned once per view. ``None`` means ``LogisticRegression()``.
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
        _check_int("n_per_round", self.n_per_round, 1)
        _check_int("max_iter", self.max_iter, 0)
        self.views_ = _resolve_views(self.views, X.shape[1])
        base = self.estimator if self.estimator is not None else LogisticRegression()

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
            learners = self._fit_views(base, X, labels, labeled_iter >= 0)
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

    def _fit_views(self, base, X, labels, mask):
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
    out = np.empty(model.n_iter_ + 1)
    for r in range(model.n_iter_ + 1):
        mask = (model.labeled_iter_ >= 0) & (model.labeled_iter_ <= r)
        learners = [_fit_or_constant(base, X[mask][:, v], labels[mask], model.classes_)
                    for v in model.views_]
        proba = _combine([h.predict_proba(X_eval[:, v])
                          for h, v in zip(learners, model.views_)])
        out[r] = float(np.mean(model.classes_[proba.argmax(1)] == np.asarray(y_eval)))
    return out


# -- the lesson's experiment -----------------------------------------------------------


@dataclass(frozen=True)
class ViewComparison:
    """Test accuracy of co-training and of the supervised learners it is compared with,
    with co-training's history (one entry per round, then the final state).

    Attributes
    ----------
    accuracy : dict of str to float
        ``"co_training"``, ``"image_only"`` (image view, labelled points only),
        ``"concatenated"`` (both views side by side, labelled points only).
    agreement : ndarray
        Per round, the two view learners' agreement on the unlabelled points.
    round_accuracy : ndarray
        Per round (then final), the combined learners' test accuracy.
    pseudo_label_accuracy : ndarray
        Per round, the share of labels given so far that are right.
    termination_condition : str
    """

    accuracy: dict
    agreement: np.ndarray
    round_accuracy: np.ndarray
    pseudo_label_accuracy: np.ndarray
    termination_condition: str

    def round_curves(self) -> Curves:
        """``agreement``, ``accuracy`` and ``pseudo_label_accuracy`` over rounds
        1..n_iter (``accuracy`` of the learners each round starts with), as
        :class:`~tllib.evaluate.Curves` with zero spread (one run)."""
        x = np.arange(1, len(self.agreement) + 1)
        scores = {"agreement": self.agreement, "accuracy": self.round_accuracy[:-1],
                  "pseudo_label_accuracy": self.pseudo_label_accuracy}
        return Curves.from_scores(x, {k: np.asarray(v, dtype=float)[None, :]
                                      for k, v in scores.items()})


def compare_views(data: TwoViewData, *, n_per_round: int = 4, max_iter: int = 30,
                  estimator=None) -> ViewComparison:
    """Fit co-training on ``data`` and the two supervised learners; score them."""
    base = estimator if estimator is not None else LogisticRegression()
    X, y = data.X_train, data.y_train
    model = CoTrainingClassifier(base, views=data.views, n_per_round=n_per_round,
                                 max_iter=max_iter).fit(X, y)
    image = list(data.views[0])
    image_only = clone(base).fit(data.X_labelled[:, image], data.y_labelled)
    concatenated = clone(base).fit(data.X_labelled, data.y_labelled)
    accuracy = {
        "co_training": float(model.score(data.X_test, data.y_test)),
        "image_only": float(image_only.score(data.X_test[:, image], data.y_test)),
        "concatenated": float(concatenated.score(data.X_test, data.y_test)),
    }
    truth = np.concatenate([data.y_labelled, data.y_unlabelled])
    right = []
    for r in range(1, model.n_iter_ + 1):
        given = (model.labeled_iter_ > 0) & (model.labeled_iter_ <= r)
        right.append(float(np.mean(model.transduction_[given] == truth[given])))
    return ViewComparison(
        accuracy, np.array([h.agreement for h in model.history_]),
        round_accuracy(model, X, y, data.X_test, data.y_test), np.array(right),
        model.termination_condition_,
    )


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


def _combine(probas) -> np.ndarray:
    """Normalised product of the views' probabilities (a tie goes to the average)."""
    product = probas[0] * probas[1]
    total = product.sum(axis=1, keepdims=True)
    average = (probas[0] + probas[1]) / 2
    return np.where(total > 0, product / np.where(total > 0, total, 1), average)
