"""Semi-supervised learning: a few labelled points, many unlabelled ones, *one* distribution.

A handful of labels cannot show where a curved boundary runs; many unlabelled points
drawn from the same distribution can, if the classes are clusters separated by a
low-density gap (the *cluster assumption*, Chapelle et al., 2006). Two classic ways to
use them, wrapped here so a lesson can compare and animate them:

self-training (Yarowsky, 1995)
    fit on the labelled points, label the unlabelled points the model is most sure of,
    refit, repeat: scikit-learn's
    :class:`~sklearn.semi_supervised.SelfTrainingClassifier` loop, written out in
    :func:`self_training_history` so that every round's model is kept (the tests check
    it labels the same points in the same rounds as scikit-learn's);
label spreading (Zhou et al., 2004)
    spread the labels over a similarity graph of all points, ``F <- alpha S F +
    (1 - alpha) Y`` with ``S`` the normalised RBF affinity
    (:class:`sklearn.semi_supervised.LabelSpreading`).

Both assume the unlabelled points come from the distribution the test points come
from, and where the labelled points come from. That is the answer to the slide's
question "how does semi-supervised learning differ from transfer learning?": transfer
learning is for when the distributions (or tasks) *differ*. The data are
:func:`tllib.semi_supervised_data.make_ssl_pair`'s; the lesson's experiment is
:mod:`tllib.experiments.semi_supervised`.

References
----------
Chapelle, O., Schölkopf, B. & Zien, A. (eds.) (2006). Semi-Supervised Learning. MIT Press.
Yarowsky, D. (1995). Unsupervised word sense disambiguation rivaling supervised methods.
ACL.
Zhou, D., Bousquet, O., Lal, T. N., Weston, J. & Schölkopf, B. (2004). Learning with
local and global consistency. NIPS.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.semi_supervised import LabelSpreading
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from ._validation import check_float, check_int, require_method
from .datasets import DomainPair
from .semi_supervised_data import make_ssl_pair

__all__ = [
    "SSL_METHODS",
    "NeighbourVote",
    "default_base",
    "fit_semi_supervised",
    "SelfTrainingHistory",
    "self_training_history",
    "make_ssl_pair",
]

SSL_METHODS = ("supervised", "self_training", "label_spreading")
_SPREAD_GAMMA = 10.0  # label spreading's RBF width, for moons at this scale


class NeighbourVote(ClassifierMixin, BaseEstimator):
    """The ``n_neighbors`` nearest labelled points vote, each weighted by 1 / distance.

    The same predictions and probabilities as scikit-learn's
    ``KNeighborsClassifier(n_neighbors, weights="distance")`` (a point on top of a
    training point takes its label), through :class:`scipy.spatial.cKDTree`; with
    fewer training points than ``n_neighbors``, all of them vote. Fitting only stores
    the points, so self-training can refit it every round for next to nothing.

    Parameters
    ----------
    n_neighbors : int, default=5
    """

    def __init__(self, n_neighbors: int = 5):
        self.n_neighbors = n_neighbors

    def fit(self, X, y):
        check_int("n_neighbors", self.n_neighbors, 1)
        X, y = validate_data(self, X, y)
        check_classification_targets(y)
        self.classes_, codes = np.unique(y, return_inverse=True)
        return self._store(X, codes)

    def _store(self, X, codes):
        self.X_fit_, self.codes_ = X, codes
        self.n_features_in_ = X.shape[1]
        return self

    def predict_proba(self, X) -> np.ndarray:
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        return self._proba(X)

    def _proba(self, X) -> np.ndarray:
        k = min(self.n_neighbors, len(self.X_fit_))
        dist, idx = cKDTree(self.X_fit_).query(X, k)
        dist, idx = dist.reshape(len(X), k), idx.reshape(len(X), k)
        with np.errstate(divide="ignore"):
            weight = 1.0 / dist
        on_top = np.isinf(weight).any(axis=1)  # exactly on a training point
        weight[on_top] = np.isinf(weight[on_top])
        votes = np.zeros((len(X), len(self.classes_)))
        rows = np.arange(len(X))
        for i in range(k):  # nearest first, as scikit-learn adds them
            votes[rows, self.codes_[idx[:, i]]] += weight[:, i]
        return votes / votes.sum(axis=1, keepdims=True)

    def predict(self, X) -> np.ndarray:
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]


def default_base() -> NeighbourVote:
    """The base learner of this module: 5 nearest neighbours, weighted by distance.

    A linear model cannot follow the moons, and scikit-learn's ``SVC`` gives
    probabilities by an internal cross-validation that 8 points cannot feed. With
    distance weights a neighbour vote is confident next to a labelled point and unsure
    half-way between classes, so self-training grows the labels outwards along each
    moon, nearest points first: what it is meant to do.
    """
    return NeighbourVote(n_neighbors=5)


def fit_semi_supervised(pair: DomainPair, method: str, *, base=None, k_best: int = 20,
                        max_iter: int = 50):
    """Fit one learner on ``pair``'s labelled points (and, for the semi-supervised ones,
    its unlabelled points).

    Parameters
    ----------
    method : {"supervised", "self_training", "label_spreading"}
        ``"supervised"``: ``base`` on the labelled points only; ``"self_training"``:
        :func:`self_training_history`'s last model (``k_best`` most confident points
        per round); ``"label_spreading"``:
        :class:`~sklearn.semi_supervised.LabelSpreading` with an RBF kernel.
    base : classifier with ``predict_proba``, default=None
        Cloned; ``None`` means :func:`default_base`. Label spreading has no base
        learner and ignores it.
    k_best, max_iter : int, default=20 and 50
        Self-training's points per round and most rounds, each >= 1.

    Returns
    -------
    estimator
        Fitted.
    """
    if method not in SSL_METHODS:
        raise ValueError(f"method must be one of {', '.join(SSL_METHODS)}; got {method!r}.")
    if method == "supervised":
        return clone(base if base is not None else default_base()).fit(pair.X_source,
                                                                       pair.y_source)
    if method == "label_spreading":
        return LabelSpreading(kernel="rbf", gamma=_SPREAD_GAMMA, alpha=0.2).fit(
            *_training_set(pair))
    return self_training_history(pair, k_best=k_best, max_iter=max_iter,
                                 base=base).models[-1]


@dataclass(frozen=True)
class SelfTrainingHistory:
    """Self-training, round by round.

    The training points are the labelled points (first ``n_labelled``) followed by the
    unlabelled ones: ``X`` of shape (n, n_features).

    Attributes
    ----------
    X : ndarray of shape (n, n_features)
    labeled_iter : ndarray of int, shape (n,)
        As scikit-learn's ``labeled_iter_``: 0 for a point labelled from the start,
        ``r`` for a point pseudo-labelled in round ``r``, -1 for one never labelled.
    transduction : ndarray of int, shape (n,)
        As scikit-learn's ``transduction_``: each point's final label (-1 if none).
    termination_condition : str
        ``"max_iter"``, ``"no_change"`` or ``"all_labeled"``.
    n_iter : int
        Rounds run (scikit-learn's ``n_iter_``).
    n_labelled : int
        How many points were labelled from the start.
    masks : ndarray of bool, shape (n_iter + 1, n)
        ``masks[r]``: the points labelled by the end of round ``r`` (``masks[0]``: the
        given labels). Nested: a point labelled once stays labelled.
    models : tuple of n_iter + 1 fitted estimators
        ``models[r]``: the base estimator fitted on the points labelled by the end of
        round ``r`` with their labels (``models[0]`` is the supervised model, the last
        one self-training's final model).
    """

    X: np.ndarray
    labeled_iter: np.ndarray
    transduction: np.ndarray
    termination_condition: str
    n_iter: int
    n_labelled: int
    masks: np.ndarray
    models: tuple

    @property
    def n_rounds(self) -> int:
        """Rounds including round 0 (the given labels): ``n_iter + 1``."""
        return len(self.masks)

    @property
    def labelled_counts(self) -> np.ndarray:
        """Per round, how many points are labelled by its end."""
        return self.masks.sum(axis=1)

    def labels(self, round_: int) -> np.ndarray:
        """Labels of the points labelled by the end of ``round_`` (in ``X``'s order)."""
        return self.transduction[self.masks[round_]]

    def newly_labelled(self, round_: int) -> np.ndarray:
        """Indices into ``X`` of the points pseudo-labelled in ``round_``."""
        return np.flatnonzero(self.labeled_iter == round_) if round_ else np.arange(0)

    def as_pair(self, round_: int) -> DomainPair:
        """The points as :func:`tllib.plots.domain_scatter` draws a sample: those
        labelled by the end of ``round_`` as labelled target points (with the labels
        self-training gave them), the rest as unlabelled ones; the given labels as the
        source. For drawing only (test samples are empty)."""
        n = self.n_labelled
        shown = np.where(self.transduction >= 0, self.transduction, 0)
        empty, none = np.empty((0, self.X.shape[1])), np.empty(0, dtype=int)
        return DomainPair(self.X[:n], shown[:n], self.X, shown, self.masks[round_],
                          empty, none, empty, none, shift="semi_supervised", strength=0.0)

    def pseudo_label_accuracy(self, y_true) -> np.ndarray:
        """Per round, the share of pseudo-labels given so far that are right (``nan``
        for round 0, which gave none): how much self-training's own mistakes grow."""
        y_true = np.asarray(y_true)
        out = np.full(self.n_rounds, np.nan)
        for r in range(1, self.n_rounds):
            given = self.masks[r] & (self.labeled_iter > 0)
            if given.any():
                out[r] = float(np.mean(self.transduction[given] == y_true[given]))
        return out


def self_training_history(
    pair: DomainPair,
    *,
    threshold: float | None = None,
    k_best: int = 20,
    max_iter: int = 50,
    base=None,
) -> SelfTrainingHistory:
    """Self-train on ``pair`` and keep each round: scikit-learn's
    :class:`~sklearn.semi_supervised.SelfTrainingClassifier` loop, written out.

    Parameters
    ----------
    pair : DomainPair
        Labelled points as the source, unlabelled points as the target (e.g. from
        :func:`~tllib.semi_supervised_data.make_ssl_pair`).
    threshold : float or None, default=None
        ``None``: each round labels the ``k_best`` most confident points
        (``criterion="k_best"``: an even, watchable pace). A number in [0, 1): each
        round labels every point predicted with more than this probability.
    k_best : int, default=20
        Points pseudo-labelled per round when ``threshold`` is None; >= 1.
    max_iter : int, default=50
        At most this many rounds; >= 1.
    base : classifier with ``predict_proba``, default=None
        Cloned every round; ``None`` means :func:`default_base`.

    Returns
    -------
    SelfTrainingHistory
    """
    if threshold is not None:
        check_float("threshold", threshold, 0.0, 1.0, high_open=True)
    check_int("k_best", k_best, 1)
    check_int("max_iter", max_iter, 1)
    base = base if base is not None else default_base()
    require_method("base", base)
    X, y = _training_set(pair)
    has_label = y != -1
    transduction, labeled_iter = y.copy(), np.where(has_label, 0, -1)
    models, n_iter, stop = [], 0, "max_iter"

    # The loop of SelfTrainingClassifier.fit: fit on the labelled points, label the
    # surest unlabelled ones with the model's prediction, until none is left.
    while not has_label.all() and n_iter < max_iter:
        n_iter += 1
        models.append(_fit(base, X[has_label], transduction[has_label]))
        unlabelled = np.flatnonzero(~has_label)
        proba = _proba(models[-1], X[unlabelled])
        pred, sure = models[-1].classes_[np.argmax(proba, axis=1)], np.max(proba, axis=1)
        if threshold is not None:
            selected = np.flatnonzero(sure > threshold)
        elif k_best >= len(sure):
            selected = np.arange(len(sure))
        else:  # the same call as scikit-learn's, so that ties break the same way
            selected = np.argpartition(-sure, k_best)[:k_best]
        if not selected.size:
            stop = "no_change"
            break
        transduction[unlabelled[selected]] = pred[selected]
        has_label[unlabelled[selected]] = True
        labeled_iter[unlabelled[selected]] = n_iter
    if has_label.all():
        stop = "all_labeled"
    models.append(_fit(base, X[has_label], transduction[has_label]))

    masks = np.array([(labeled_iter >= 0) & (labeled_iter <= r) for r in range(n_iter + 1)])
    for a in (X, labeled_iter, transduction, masks):
        a.setflags(write=False)
    return SelfTrainingHistory(X, labeled_iter, transduction, stop, n_iter,
                               int((y != -1).sum()), masks, tuple(models))


# -- helpers ------------------------------------------------------------------------


def _fit(base, X, y):
    """``clone(base)`` fitted on ``(X, y)``; a :class:`NeighbourVote` on arrays this
    module built is only stored (its ``fit`` would re-check them, 16 times a draw)."""
    if type(base) is NeighbourVote:
        check_int("n_neighbors", base.n_neighbors, 1)
        model = NeighbourVote(base.n_neighbors)
        model.classes_, codes = np.unique(y, return_inverse=True)
        return model._store(X, codes)
    return clone(base).fit(X, y)


def _proba(model, X):
    return model._proba(X) if type(model) is NeighbourVote else model.predict_proba(X)


def _training_set(pair: DomainPair) -> tuple[np.ndarray, np.ndarray]:
    """Labelled points then the target sample, ``-1`` where a label is hidden."""
    X = np.vstack([pair.X_source, pair.X_target])
    y = np.concatenate([pair.y_source, pair.y_target_visible])
    return X, y
