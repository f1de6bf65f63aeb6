"""Semi-supervised learning: a few labelled points, many unlabelled ones, *one* distribution.

A handful of labels cannot show where a curved boundary runs; many unlabelled points
drawn from the same distribution can, if the classes are clusters separated by a
low-density gap (the *cluster assumption*, Chapelle et al., 2006). Two classic ways to
use them, both scikit-learn's own implementations, wrapped here so a lesson can compare
and animate them:

self-training (Yarowsky, 1995)
    fit on the labelled points, label the unlabelled points the model is most sure of,
    refit, repeat (:class:`sklearn.semi_supervised.SelfTrainingClassifier`);
label spreading (Zhou et al., 2004)
    spread the labels over a similarity graph of all points, ``F <- alpha S F +
    (1 - alpha) Y`` with ``S`` the normalised RBF affinity
    (:class:`sklearn.semi_supervised.LabelSpreading`).

Both assume the unlabelled points come from the distribution the test points come
from, and where the labelled points come from. That is the answer to the slide's
question "how does semi-supervised learning differ from transfer learning?": transfer
learning is for when the distributions (or tasks) *differ*. :func:`make_ssl_pair` moves
the unlabelled and test distribution away from the labelled one by ``shift``;
:func:`compare_ssl` shows semi-supervised learning stop helping as it does::

    labelled (the "source"):   two interleaving moons, n_labelled points, all labelled
    unlabelled and test:       the same moons turned by 90 * shift degrees about the
                               origin, then moved up by 1.5 * shift

From a shift of about 0.2 the labels spread onto the wrong moon, and semi-supervised
learning does worse than the labelled points alone.

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
from typing import Iterable

import numpy as np
from sklearn.base import clone
from sklearn.neighbors import KNeighborsClassifier
from sklearn.semi_supervised import LabelSpreading, SelfTrainingClassifier

from .datasets import DomainPair, _check_float, _check_int
from .evaluate import Curves, _check_grid

__all__ = [
    "SSL_METHODS",
    "make_ssl_pair",
    "default_base",
    "fit_semi_supervised",
    "SelfTrainingHistory",
    "self_training_history",
    "compare_ssl",
    "SSLExperiment",
    "ssl_experiment",
    "helps_until",
]

SSL_METHODS = ("supervised", "self_training", "label_spreading")
_SCALE = 1.5  # the moons are stretched so that unit-variance noise reads on the plot
_MAX_ANGLE_DEG = 90.0  # rotation of the unlabelled + test distribution at shift 1
_TRAVEL = np.array([0.0, 1.5])  # and how far it moves, after the rotation
_SPREAD_GAMMA = 10.0  # label spreading's RBF width, for moons at this scale


def default_base() -> KNeighborsClassifier:
    """The base learner of this module: 5 nearest neighbours, weighted by distance.

    A linear model cannot follow the moons, and scikit-learn's ``SVC`` gives
    probabilities by an internal cross-validation that 8 points cannot feed. With
    distance weights a neighbour vote is confident next to a labelled point and unsure
    half-way between classes, so self-training grows the labels outwards along each
    moon, nearest points first: what it is meant to do.
    """
    return KNeighborsClassifier(n_neighbors=5, weights="distance", algorithm="kd_tree")


def make_ssl_pair(
    shift: float = 0.0,
    *,
    n_labelled: int = 8,
    n_unlabelled: int = 300,
    n_test: int = 1000,
    noise: float = 0.05,
    random_state=None,
) -> DomainPair:
    """A few labelled points and many unlabelled ones, two interleaving moons.

    Parameters
    ----------
    shift : float, default=0.0
        In [0, 1]: the unlabelled and test points are drawn from the labelled points'
        distribution turned by ``90 * shift`` degrees about the origin and moved by
        ``shift * (0, 1.5)``. 0 is the semi-supervised setting (one distribution).
    n_labelled : int, default=8
        Labelled points, half of each class (the odd one in class 1); at least 2.
    n_unlabelled : int, default=300
        Unlabelled points (their labels are kept in ``y_target`` but hidden); >= 2.
    n_test : int, default=1000
        Size of each test sample, at least 1.
    noise : float, default=0.05
        Standard deviation of the Gaussian jitter around each moon (before the
        x1.5 stretch), in [0, 0.5]; larger values close the gap between the moons.
    random_state : int, numpy.random.Generator or None, default=None

    Returns
    -------
    DomainPair
        The labelled points as the source; the unlabelled points as the target with
        ``target_labelled`` all False; ``X_test`` from the unlabelled points'
        distribution and ``X_source_test`` from the labelled points'.
        ``shift="semi_supervised"``, ``strength=shift``, ``details["angle_deg"]`` and
        ``details["offset"]`` (how far the distribution moved up).
    """
    _check_float("shift", shift, 0.0, 1.0)
    _check_int("n_labelled", n_labelled, 2)
    _check_int("n_unlabelled", n_unlabelled, 2)
    _check_int("n_test", n_test, 1)
    _check_float("noise", noise, 0.0, 0.5)
    rng = np.random.default_rng(random_state)
    angle = np.radians(_MAX_ANGLE_DEG * float(shift))
    offset = float(shift) * _TRAVEL

    # 1. The labelled points: both classes, as balanced as n_labelled allows.
    y_labelled = rng.permutation(np.arange(n_labelled) % 2)
    X_labelled = _moons(rng, y_labelled, noise)
    # 2. The unlabelled points and the test sample: the same moons, turned by the shift.
    y_unlabelled = rng.integers(0, 2, n_unlabelled)
    X_unlabelled = _rotate(_moons(rng, y_unlabelled, noise), angle) + offset
    y_test = rng.integers(0, 2, n_test)
    X_test = _rotate(_moons(rng, y_test, noise), angle) + offset
    # 3. A test sample of the labelled points' own distribution.
    y_source_test = rng.integers(0, 2, n_test)
    X_source_test = _moons(rng, y_source_test, noise)

    hidden = np.zeros(n_unlabelled, dtype=bool)
    return DomainPair.read_only(
        X_labelled, y_labelled, X_unlabelled, y_unlabelled, hidden, X_test, y_test,
        X_source_test, y_source_test, shift="semi_supervised", strength=float(shift),
        details={"angle_deg": _MAX_ANGLE_DEG * float(shift), "offset": float(offset[1])},
    )


def fit_semi_supervised(pair: DomainPair, method: str, *, base=None, k_best: int = 20,
                        max_iter: int = 50):
    """Fit one learner on ``pair``'s labelled points (and, for the semi-supervised ones,
    its unlabelled points).

    Parameters
    ----------
    method : {"supervised", "self_training", "label_spreading"}
        ``"supervised"``: ``base`` on the labelled points only; ``"self_training"``:
        :class:`~sklearn.semi_supervised.SelfTrainingClassifier` around ``base``,
        ``k_best`` most confident points per round; ``"label_spreading"``:
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
    base = clone(base if base is not None else default_base())
    if method == "supervised":
        return base.fit(pair.X_source, pair.y_source)
    X, y = _training_set(pair)
    if method == "label_spreading":
        return LabelSpreading(kernel="rbf", gamma=_SPREAD_GAMMA, alpha=0.2).fit(X, y)
    _check_int("k_best", k_best, 1)
    _check_int("max_iter", max_iter, 1)
    return SelfTrainingClassifier(base, criterion="k_best", k_best=k_best,
                                  max_iter=max_iter).fit(X, y)


@dataclass(frozen=True)
class SelfTrainingHistory:
    """Self-training, round by round, as scikit-learn recorded it.

    The training points are the labelled points (first ``n_labelled``) followed by the
    unlabelled ones: ``X`` of shape (n, n_features).

    Attributes
    ----------
    X : ndarray of shape (n, n_features)
    labeled_iter : ndarray of int, shape (n,)
        scikit-learn's ``labeled_iter_``: 0 for a point labelled from the start, ``r``
        for a point pseudo-labelled in round ``r``, -1 for one never labelled.
    transduction : ndarray of int, shape (n,)
        scikit-learn's ``transduction_``: each point's final label (-1 if none).
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
        ``models[r]``: a copy of the base estimator fitted on the points labelled by the
        end of round ``r`` with their labels (``models[0]`` is the supervised model).
    model : SelfTrainingClassifier
        The fitted wrapper itself.
    """

    X: np.ndarray
    labeled_iter: np.ndarray
    transduction: np.ndarray
    termination_condition: str
    n_iter: int
    n_labelled: int
    masks: np.ndarray
    models: tuple
    model: SelfTrainingClassifier

    @property
    def n_rounds(self) -> int:
        """Rounds including round 0 (the given labels): ``n_iter + 1``."""
        return len(self.masks)

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
    """Run scikit-learn's self-training on ``pair`` and keep each round.

    Parameters
    ----------
    pair : DomainPair
        Labelled points as the source, unlabelled points as the target (e.g. from
        :func:`make_ssl_pair`).
    threshold : float or None, default=None
        ``None``: each round labels the ``k_best`` most confident points
        (``criterion="k_best"``: an even, watchable pace). A number in [0, 1): each
        round labels every point predicted with at least this probability.
    k_best : int, default=20
        Points pseudo-labelled per round when ``threshold`` is None; >= 1.
    max_iter : int, default=50
        At most this many rounds; >= 1.
    base : classifier with ``predict_proba``, default=None
        ``None`` means :func:`default_base`.

    Returns
    -------
    SelfTrainingHistory
    """
    if threshold is not None:
        _check_float("threshold", threshold, 0.0, 1.0, high_open=True)
    _check_int("k_best", k_best, 1)
    _check_int("max_iter", max_iter, 1)
    base = base if base is not None else default_base()
    X, y = _training_set(pair)

    # 1. scikit-learn's loop; it records when each point got its label.
    if threshold is None:
        model = SelfTrainingClassifier(clone(base), criterion="k_best", k_best=k_best,
                                       max_iter=max_iter)
    else:
        model = SelfTrainingClassifier(clone(base), threshold=threshold, max_iter=max_iter)
    model.fit(X, y)
    labeled_iter = np.asarray(model.labeled_iter_)
    transduction = np.asarray(model.transduction_)

    # 2. Round r's labelled set: every point labelled in a round <= r (labels are
    #    never changed once given), and the base model refitted on it.
    labelled = labeled_iter >= 0
    masks = np.array([labelled & (labeled_iter <= r) for r in range(model.n_iter_ + 1)])
    models = tuple(clone(base).fit(X[m], transduction[m]) for m in masks)
    for a in (X, labeled_iter, transduction, masks):
        a.setflags(write=False)
    return SelfTrainingHistory(X, labeled_iter, transduction, model.termination_condition_,
                               int(model.n_iter_), int((y != -1).sum()), masks, models,
                               model)


def compare_ssl(
    shifts: Iterable[float],
    *,
    seeds: Iterable[int] = range(5),
    n_labelled: int = 8,
    base=None,
    **pair_kwargs,
) -> Curves:
    """Test accuracy of supervised, self-training and label spreading as the unlabelled
    and test distribution turns away from the labelled one.

    One pair per (shift, seed) from :func:`make_ssl_pair` (extra keyword arguments go to
    it). A fourth curve, ``"target_labels"``, is ``base`` fitted on ``n_labelled``
    labelled points of the *unlabelled* sample instead: what labelling a few points of
    the distribution you are tested on would buy. It is not a transfer method; it marks
    what the same labelling budget gives where the labels are needed.

    Returns
    -------
    Curves
        Over ``shifts``: ``"supervised"``, ``"self_training"``, ``"label_spreading"``,
        ``"target_labels"``.
    """
    grid = _check_grid("shifts", shifts)
    for s in grid:
        _check_float("shifts", float(s), 0.0, 1.0)
    seeds = tuple(seeds)
    names = (*SSL_METHODS, "target_labels")
    scores = {name: np.empty((len(seeds), len(grid))) for name in names}
    for i, seed in enumerate(seeds):
        for j, s in enumerate(grid):
            pair = make_ssl_pair(float(s), n_labelled=n_labelled, random_state=seed,
                                 **pair_kwargs)
            for name in SSL_METHODS:
                model = fit_semi_supervised(pair, name, base=base)
                scores[name][i, j] = model.score(pair.X_test, pair.y_test)
            # The same budget of labels, spent on the distribution the test comes from.
            chosen = _balanced_choice(np.random.default_rng(seed), pair.y_target, n_labelled)
            model = clone(base if base is not None else default_base()).fit(
                pair.X_target[chosen], pair.y_target[chosen])
            scores["target_labels"][i, j] = model.score(pair.X_test, pair.y_test)
    return Curves.from_scores(grid, scores)


@dataclass(frozen=True)
class SSLExperiment:
    """Everything a lesson shows about one pair: the pair, the three learners fitted on
    it, their test accuracy and self-training's history.

    Attributes
    ----------
    pair : DomainPair
    models : dict of str to fitted estimator, keyed by :data:`SSL_METHODS`
    accuracy : dict of str to float
        Each model's accuracy on ``pair.X_test``.
    history : SelfTrainingHistory
    pseudo_label_accuracy : ndarray of shape (history.n_rounds,)
        :meth:`SelfTrainingHistory.pseudo_label_accuracy` against the hidden labels.
    """

    pair: DomainPair
    models: dict
    accuracy: dict
    history: SelfTrainingHistory
    pseudo_label_accuracy: np.ndarray


def ssl_experiment(shift: float = 0.0, *, random_state=None, **pair_kwargs) -> SSLExperiment:
    """Draw a pair with :func:`make_ssl_pair` and fit and score every learner on it:
    one call, so a lesson caches one result per setting."""
    pair = make_ssl_pair(shift, random_state=random_state, **pair_kwargs)
    models = {m: fit_semi_supervised(pair, m) for m in SSL_METHODS}
    accuracy = {m: float(model.score(pair.X_test, pair.y_test)) for m, model in models.items()}
    history = self_training_history(pair)
    truth = np.concatenate([pair.y_source, pair.y_target])
    return SSLExperiment(pair, models, accuracy, history,
                         history.pseudo_label_accuracy(truth))


def helps_until(curves: Curves) -> float:
    """The first shift at which semi-supervised learning (the mean of self-training's
    and label spreading's accuracy) falls below the labels-only model, interpolated
    between grid points; ``nan`` if it never does."""
    x = np.asarray(curves.x, dtype=float)
    gain = (curves.mean["self_training"] + curves.mean["label_spreading"]) / 2 \
        - curves.mean["supervised"]
    below = np.flatnonzero(gain < 0)
    if below.size == 0:
        return float("nan")
    i = below[0]
    if i == 0:
        return float(x[0])
    return float(x[i - 1] + gain[i - 1] * (x[i] - x[i - 1]) / (gain[i - 1] - gain[i]))


# -- helpers ------------------------------------------------------------------------


def _moons(rng, y, noise) -> np.ndarray:
    """Points on two interleaving half-circles (scikit-learn's ``make_moons`` shape),
    centred on the origin, jittered by ``noise`` and stretched by ``_SCALE``."""
    t = rng.uniform(0.0, np.pi, len(y))
    upper = np.column_stack([np.cos(t), np.sin(t)])
    lower = np.column_stack([1.0 - np.cos(t), 0.5 - np.sin(t)])
    X = np.where((y == 0)[:, None], upper, lower) - [0.5, 0.25]
    return (X + noise * rng.standard_normal(X.shape)) * _SCALE


def _balanced_choice(rng, y, k) -> np.ndarray:
    """Indices of k points of ``y``, alternating classes as the labelled points do
    (a class runs out: the rest from the other)."""
    pools = [list(rng.permutation(np.flatnonzero(y == c))) for c in (0, 1)]
    chosen = []
    for i in range(min(k, len(y))):
        pool = pools[i % 2] or pools[1 - i % 2]
        chosen.append(pool.pop())
    return np.array(chosen, dtype=int)


def _rotate(X, angle) -> np.ndarray:
    c, s = np.cos(angle), np.sin(angle)
    return X @ np.array([[c, -s], [s, c]]).T


def _training_set(pair: DomainPair) -> tuple[np.ndarray, np.ndarray]:
    """Labelled points then the target sample, ``-1`` where a label is hidden."""
    X = np.vstack([pair.X_source, pair.X_target])
    y = np.concatenate([pair.y_source, pair.y_target_visible])
    return X, y
