"""Detecting negative transfer without target test labels, and the batched fits of
the two transfer learners behind it (and behind :mod:`tllib.negative`'s gain map).

The learners differ in how they use the source (the slide's second factor, "the
learner's ability to find what the tasks share"):

* ``"pooling"``, weighted pooling (:func:`tllib.negative.fit_weighted_pooling`): one
  logistic regression on the source and the labelled target points, the source holding
  a share of the sample weight; ``source_share=None`` is *blind* pooling, every point
  weight 1, so a large source swamps the few target labels;
* ``"l2sp"``, L2-SP (:class:`tllib.parameter.SourcePriorLogisticRegression`): the
  source model, then the target labels alone pulling the weights away from it, against
  a penalty ``source_strength * ||w - w_source||^2 / 2``. It keeps the source only as far
  as the target labels allow: more labels, less source.

A practitioner has no target test labels, so :func:`detect_negative_transfer` estimates
the transfer gain of either learner by cross-validation on the labelled target points
alone: a rough estimate from a handful of labels, right on clear cases and near chance
when the gain is small. :func:`detector_record` runs it on many draws and counts how
often its call matches the sign of the true gain; :func:`detector_records` does so at
many relatedness values in one go.

Split from :mod:`tllib.negative` (which re-exports the public names) to keep each
module readable: this one is about the detector and about fitting every pooled and
target-only model of many draws and folds in a few :func:`tllib.linear.fit_logistic`
calls (each cross-validation fold warm-started from its draw's full-data solution).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable

import numpy as np
from scipy.special import expit
from sklearn.utils import check_random_state as as_random_state

from ._validation import (
    check_float, check_grid, check_int, check_positive, check_random_state, check_seeds,
)
from .datasets import DomainPair
from .evaluate import transfer_gain
from .linear import accuracy, fit_batch, fit_logistic, source_models
from .tasks import make_task_pair

__all__ = [
    "Detection",
    "detect_negative_transfer",
    "DetectorRecord",
    "detector_record",
    "detector_records",
    "pooling_trial",
    "transfer_trial",
    "LEARNERS",
    "PoolingTrial",
    "score_on_test",
    "stratified_folds",
    "check_share",
]


# A fold's fit stops once no weight moves by more than this (as tllib.linear.fit_batch
# does): the folds give what fitting each from scratch gives (tests/test_negative.py).
FOLD_TOL = 1e-6


LEARNERS = ("l2sp", "pooling")  # the transfer learners the detector can judge


def check_share(value, name="source_share") -> None:
    """A source share in [0, 1)."""
    check_float(name, value, 0.0, 1.0, high_open=True)


def _check_learner(learner, source_share, source_strength) -> tuple[str, float | None]:
    """The learner as ``(kind, parameter)``: ``("pooling", share or None)`` or
    ``("l2sp", strength)``."""
    if learner not in LEARNERS:
        raise ValueError(f"learner must be one of {', '.join(LEARNERS)}; got {learner!r}.")
    if learner == "pooling":
        if source_share is not None:
            check_share(source_share)
        return learner, None if source_share is None else float(source_share)
    check_positive("source_strength", source_strength)
    return learner, float(source_strength)


@dataclass(frozen=True)
class Detection:
    """Cross-validated estimate of the transfer gain on the labelled target points.

    Attributes
    ----------
    transfer_cv, target_only_cv : float
        Mean held-out accuracy over the folds (``nan`` if too few labels).
    estimated_gain : float
        ``transfer_cv - target_only_cv``.
    negative : bool
        ``estimated_gain < 0``: the detector's call (a tie is not negative; nor is
        "too few labels": without evidence, keep the transfer).
    n_splits : int
        Folds used (0 if too few labels).
    reason : str
        Empty when estimated; otherwise why no estimate was made.
    """

    transfer_cv: float
    target_only_cv: float
    estimated_gain: float
    negative: bool
    n_splits: int
    reason: str = ""


def detect_negative_transfer(
    pair: DomainPair, *, source_share: float | None = None, learner: str = "pooling",
    source_strength: float = 1.0, n_splits: int = 5, random_state=0
) -> Detection:
    """Estimate by cross-validation on the labelled target points whether a transfer
    learner transfers negatively.

    Parameters
    ----------
    source_share : float in [0, 1) or None, default=None
        For ``learner="pooling"``: the source's share of the sample weight; ``None`` is
        blind pooling (every point weight 1).
    learner : {"pooling", "l2sp"}, default="pooling"
    source_strength : float > 0, default=1.0
        For ``learner="l2sp"``: the pull towards the source model's weights.

    Stratified K-fold over the ``k`` labelled target points (:func:`stratified_folds`),
    with ``min(n_splits, smallest class count)`` folds; in each fold, the learner is
    trained on the source + the training fold, target-only on the training fold alone,
    both scored on the held-out fold. With fewer than 2 labelled points in some class
    (or a single class) there is no held-out estimate worth the name: the result has
    ``nan`` scores, ``negative=False`` and a ``reason``.
    """
    spec = _check_learner(learner, source_share, source_strength)
    check_int("n_splits", n_splits, 2)
    check_random_state(random_state)
    return _transfer_trials([pair], spec, n_splits, [random_state])[2][0]


@dataclass(frozen=True)
class DetectorRecord:
    """How often the detector's call matches the truth, one entry per seed.

    "Positive" means "negative transfer flagged": ``true_positives`` counts seeds
    flagged and truly negative, ``false_positives`` flagged but not, and so on.

    Attributes
    ----------
    relatedness, source_share : float
    seeds : tuple of int
    true_gain : ndarray of shape (n_seeds,)
        Pooling's minus target-only's accuracy on the target test sample.
    estimated_gain : ndarray of shape (n_seeds,)
        The detector's cross-validated estimate (``nan`` if too few labels).
    detected : ndarray of bool, shape (n_seeds,)
        The detector's call (``Detection.negative``).
    truly_negative : ndarray of bool, shape (n_seeds,)
        ``true_gain < 0``.
    learner : str
        ``"pooling"`` (``source_share``: ``None`` is blind pooling) or ``"l2sp"``
        (``source_strength``; ``source_share`` is ``nan``).
    source_strength : float
        L2-SP's pull towards the source (``nan`` for pooling).
    transfer_accuracy, target_accuracy : ndarrays of shape (n_seeds,)
        The learner's and target-only's accuracy on the target test sample
        (``true_gain`` is their difference).
    """

    relatedness: float
    source_share: float | None
    seeds: tuple
    true_gain: np.ndarray
    estimated_gain: np.ndarray
    detected: np.ndarray
    truly_negative: np.ndarray
    learner: str = "pooling"
    source_strength: float = math.nan
    transfer_accuracy: np.ndarray | None = None
    target_accuracy: np.ndarray | None = None

    @property
    def n(self) -> int:
        return len(self.seeds)

    @property
    def n_correct(self) -> int:
        return int(np.sum(self.detected == self.truly_negative))

    @property
    def accuracy(self) -> float:
        return self.n_correct / self.n if self.n else math.nan

    @property
    def true_positives(self) -> int:
        return int(np.sum(self.detected & self.truly_negative))

    @property
    def false_positives(self) -> int:
        return int(np.sum(self.detected & ~self.truly_negative))

    @property
    def false_negatives(self) -> int:
        return int(np.sum(~self.detected & self.truly_negative))

    @property
    def true_negatives(self) -> int:
        return int(np.sum(~self.detected & ~self.truly_negative))


def detector_record(
    relatedness: float,
    source_share: float | None = None,
    *,
    learner: str = "pooling",
    source_strength: float = 1.0,
    n_target_labelled: int = 10,
    seeds: Iterable[int] = range(20),
    **task_kwargs,
) -> DetectorRecord:
    """Run :func:`detect_negative_transfer` on one pair per seed and compare its call
    with the true gain on the target test sample (the learner as there)."""
    return detector_records([relatedness], source_share, learner=learner,
                            source_strength=source_strength,
                            n_target_labelled=n_target_labelled, seeds=seeds,
                            **task_kwargs)[0]


def detector_records(
    relatedness: Iterable[float],
    source_share: float | None = None,
    *,
    learner: str = "pooling",
    source_strength: float = 1.0,
    n_target_labelled: int = 10,
    seeds: Iterable[int] = range(20),
    **task_kwargs,
) -> tuple[DetectorRecord, ...]:
    """:func:`detector_record` at each relatedness, the draws of one relatedness fitted
    in one batch: a curve of the learner's gain over relatedness (each record's
    ``transfer_accuracy`` and ``target_accuracy``), with the detector's record at
    every point of it."""
    spec = _check_learner(learner, source_share, source_strength)
    grid = check_grid("relatedness", relatedness)
    for r in grid:
        check_float("relatedness", float(r), 0.0, 1.0)
    seeds = check_seeds("seeds", seeds)
    records = []
    for r in grid:
        pairs = [make_task_pair(float(r), n_target_labelled=n_target_labelled,
                                random_state=seed, **task_kwargs) for seed in seeds]
        transfer, target, detections = _transfer_trials(pairs, spec, 5, seeds)
        true_gain = transfer_gain(transfer, target)
        records.append(DetectorRecord(
            float(r), spec[1] if learner == "pooling" else math.nan, seeds, true_gain,
            np.array([d.estimated_gain for d in detections], dtype=float),
            np.array([d.negative for d in detections], dtype=bool), true_gain < 0,
            learner, spec[1] if learner == "l2sp" else math.nan, transfer, target))
    return tuple(records)


def transfer_trial(pair: DomainPair, *, learner: str = "pooling",
                   source_share: float | None = None, source_strength: float = 1.0,
                   n_splits: int = 5, random_state=0) -> tuple[float, float, Detection]:
    """One draw, as the lesson shows it: the test accuracy of the learner and of
    target-only (both trained on every labelled target point), and the detector's
    cross-validated call on the labelled points alone (:func:`detect_negative_transfer`),
    all from a few batches of fits."""
    spec = _check_learner(learner, source_share, source_strength)
    check_int("n_splits", n_splits, 2)
    transfer, target, detections = _transfer_trials([pair], spec, n_splits, [random_state])
    return float(transfer[0]), float(target[0]), detections[0]


def pooling_trial(pair: DomainPair, source_share: float | None, *, n_splits: int = 5,
                  random_state=0) -> tuple[float, float, Detection]:
    """:func:`transfer_trial` of weighted pooling at ``source_share``."""
    return transfer_trial(pair, learner="pooling", source_share=source_share,
                          n_splits=n_splits, random_state=random_state)


def stratified_folds(y, n_splits: int, random_state) -> list:
    """Stratified K-fold (train, held) index pairs over the labels ``y``, with
    ``min(n_splits, smallest class count)`` folds; none if that is below 2.

    The same folds as scikit-learn's ``StratifiedKFold(splits, shuffle=True,
    random_state=random_state)`` (its algorithm: each class's fold numbers dealt round
    robin, then shuffled), without its input checks, which cost more than the rest."""
    y = np.asarray(y)
    _, first, inverse = np.unique(y, return_index=True, return_inverse=True)
    counts = np.bincount(inverse)
    splits = int(min(n_splits, counts.min())) if len(first) >= 2 else 0
    if splits < 2:
        return []
    # Classes numbered by order of appearance, as scikit-learn does.
    encoded = np.argsort(np.argsort(first))[inverse]
    ordered = np.sort(encoded)
    allocation = np.array([np.bincount(ordered[i::splits], minlength=len(first))
                           for i in range(splits)])
    rng = (random_state if isinstance(random_state, np.random.Generator)
           else as_random_state(random_state))
    test_fold = np.empty(len(y), dtype=int)
    for c in range(len(first)):
        fold_of = np.arange(splits).repeat(allocation[:, c])
        rng.shuffle(fold_of)
        test_fold[encoded == c] = fold_of
    index = np.arange(len(y))
    return [(index[test_fold != f], index[test_fold == f]) for f in range(splits)]


# -- batched fits (tllib.linear) ----------------------------------------------------


@dataclass(frozen=True)
class PoolingTrial:
    """One pair as the arrays the batched fits need."""

    Xs: np.ndarray
    ys: np.ndarray
    Xl: np.ndarray  # the labelled target points
    yl: np.ndarray
    Xtest: np.ndarray
    ytest: np.ndarray

    @classmethod
    def of(cls, pair: DomainPair) -> "PoolingTrial":
        return cls(pair.X_source, pair.y_source, pair.X_target_labelled,
                   pair.y_target_labelled, pair.X_test, pair.y_test)

    def target_only(self, train=None):
        """(X, y, weights) of target-only on the labelled points ``train`` (all)."""
        return self.Xl, self.yl, self._mask(train)

    def pooling(self, share: float | None, train=None):
        """(X, y, weights) of weighted pooling: target points weigh 1 each, the source
        ``share / (1 - share) * k / n_s`` per point (see
        :func:`tllib.negative.fit_weighted_pooling`), or 1 (``share=None``: blind)."""
        mask = self._mask(train)
        source = np.full(len(self.ys), _source_weight(share, mask.sum(), len(self.ys)))
        return (np.vstack([self.Xs, self.Xl]), np.concatenate([self.ys, self.yl]),
                np.concatenate([source, mask]))

    def _mask(self, train):
        mask = np.ones(len(self.yl)) if train is None else np.zeros(len(self.yl))
        if train is not None:
            mask[train] = 1.0
        return mask


def _source_weight(share, k, n_source):
    """Each source point's weight: the source holds ``share`` of the total weight with
    ``k`` target points of weight 1; ``None`` (blind pooling): 1."""
    return 1.0 if share is None else share / (1.0 - share) * k / n_source


def score_on_test(trials, problems) -> np.ndarray:
    """Fit ``problems`` (one per trial, in order) and score each on its trial's test
    sample."""
    coef, intercept = fit_batch(problems)
    return np.array([accuracy(c, b, t.Xtest, t.ytest)[0]
                     for c, b, t in zip(coef, intercept, trials)])


def _transfer_trials(pairs, spec, n_splits, random_states):
    """For each pair: the learner's (``spec``, see :func:`_check_learner`) and
    target-only's test accuracy (all labels) and the cross-validated
    :class:`Detection`.

    Four batches: target-only and the learner on every draw's labels, then on every
    fold's training part, each fold warm-started from its draw's full-data solution (a
    fold drops a fifth of the labels: two or three Newton steps instead of six to
    eight)."""
    trials = [PoolingTrial.of(pair) for pair in pairs]
    folds = [stratified_folds(t.yl, n_splits, rs) for t, rs in zip(trials, random_states)]
    learner, value = spec
    # 1. Every label: target-only, and the learner (share 0 *is* target-only).
    t_full = fit_batch([t.target_only() for t in trials])
    source = None
    if learner == "l2sp":  # the source model, then the target labels pull away from it
        source = source_models([(t.Xs, t.ys) for t in trials])
        p_full = fit_batch([t.target_only() for t in trials], alpha=value,
                           alpha_intercept=value, coef_init=source[0],
                           intercept_init=source[1])
    else:
        p_full = t_full if value == 0 else fit_batch([t.pooling(value) for t in trials])
    transfer = _test_accuracy(trials, *p_full)
    target = _test_accuracy(trials, *t_full)
    # 2. Each fold's training part, from its draw's solution; held-out accuracy.
    owner = np.array([i for i, f in enumerate(folds) for _ in f], dtype=int)
    cv_p = cv_t = np.empty(0)
    if len(owner):
        held = np.zeros((len(owner), len(trials[0].yl)))
        for b, (_, held_idx) in enumerate(f for pair_folds in folds for f in pair_folds):
            held[b, held_idx] = 1.0
        cv_t, cv_p = _fold_accuracy(trials, owner, held, spec, t_full, p_full, source)
    detections = []
    for i, (t, pair_folds) in enumerate(zip(trials, folds)):
        if not pair_folds:
            classes, counts = np.unique(t.yl, return_counts=True)
            nan = float("nan")
            detections.append(Detection(nan, nan, nan, False, 0, reason=(
                "too few labels: cross-validation needs 2 classes with at least 2 "
                "labelled target points each; got counts "
                f"{dict(zip(classes.tolist(), counts.tolist()))}.")))
            continue
        mine = owner == i
        transfer_cv, target_cv = float(np.mean(cv_p[mine])), float(np.mean(cv_t[mine]))
        gain = transfer_cv - target_cv
        detections.append(Detection(transfer_cv, target_cv, gain, bool(gain < 0),
                                    len(pair_folds)))
    return transfer, target, detections


def _test_accuracy(trials, coef, intercept) -> np.ndarray:
    if len({len(t.ytest) for t in trials}) == 1:  # one batched product
        return accuracy(coef, intercept, np.stack([t.Xtest for t in trials]),
                        np.stack([t.ytest for t in trials]))
    return np.array([accuracy(c, b, t.Xtest, t.ytest)[0]
                     for c, b, t in zip(coef, intercept, trials)])


def _fold_accuracy(trials, owner, held, spec, t_full, p_full, source=None):
    """Held-out accuracy of target-only and of the learner on each fold (``held``: a
    0/1 mask of the held-out labelled points per fold, ``owner`` its draw), each fitted
    on the fold's training part from its draw's full-data solution (L2-SP's centre:
    ``source``, the draws' source models). The draws share one shape (one setting), so
    each batch is built by indexing, not copied problem by problem. A fold's training
    part keeps both classes (each has >= n_splits labels), pooling has the source and
    L2-SP a penalised intercept: every problem has a finite solution."""
    learner, share = spec
    Xl = np.stack([t.Xl for t in trials])[owner]  # (F, k, d)
    yl = np.stack([t.yl for t in trials])[owner].astype(float)
    train = 1.0 - held
    coef, intercept = fit_logistic(Xl, yl, train, start=(t_full[0][owner], t_full[1][owner]),
                                   tol=FOLD_TOL)
    scores = [_held_accuracy(Xl, yl, held, coef, intercept)]
    if learner == "l2sp":  # the fold's labels only, pulled towards the source model
        coef, intercept = fit_logistic(
            Xl, yl, train, alpha=share, alpha_intercept=share, coef_init=source[0][owner],
            intercept_init=source[1][owner], start=(p_full[0][owner], p_full[1][owner]),
            tol=FOLD_TOL)
        return scores[0], _held_accuracy(Xl, yl, held, coef, intercept)
    if share == 0:  # pooling with no weight on the source *is* target-only
        return scores[0], scores[0]
    Xs = np.stack([t.Xs for t in trials])[owner]
    ys = np.stack([t.ys for t in trials])[owner].astype(float)
    n_s = Xs.shape[1]
    per_point = np.broadcast_to(_source_weight(share, train.sum(axis=1), n_s), len(owner))
    source_w = np.repeat(per_point[:, None], n_s, axis=1)
    coef, intercept = _from_nearby(
        np.concatenate([Xs, Xl], axis=1), np.concatenate([ys, yl], axis=1),
        np.concatenate([source_w, train], axis=1), p_full[0][owner], p_full[1][owner])
    return scores[0], _held_accuracy(Xl, yl, held, coef, intercept)


def _from_nearby(X, y, w, coef, intercept, max_iter=30):
    """``LogisticRegression()`` (alpha = 1, free intercept) on each problem, from a
    nearby solution: Newton's chord variant, which builds each problem's Hessian once,
    at the start, and reuses it for every step (the costly part of a Newton step on
    hundreds of points). A fold's solution is close to its draw's full-data solution,
    so the steps shrink fast; a problem not within :data:`FOLD_TOL` after ``max_iter``
    steps is finished by :func:`tllib.linear.fit_logistic` (full Newton)."""
    B, n, d = X.shape
    Xa = np.concatenate([X, np.ones((B, n, 1))], axis=2)
    theta = np.concatenate([coef, intercept[:, None]], axis=1)
    penalty = np.r_[np.ones(d), 0.0]
    p = expit((Xa @ theta[..., None])[..., 0])
    hessian = np.swapaxes(Xa * (w * p * (1 - p))[..., None], 1, 2) @ Xa
    hessian[:, np.arange(d + 1), np.arange(d + 1)] += penalty + 1e-12
    inverse = np.linalg.inv(hessian)
    moving = np.ones(B, dtype=bool)
    for _ in range(max_iter):
        grad = ((w * (p - y))[:, None, :] @ Xa)[:, 0, :] + penalty * theta
        step = (inverse @ grad[..., None])[..., 0]
        theta -= step
        moving = np.abs(step).max(axis=1) >= FOLD_TOL
        if not moving.any():
            break
        p = expit((Xa @ theta[..., None])[..., 0])
    if moving.any():  # not settled (or drifting): full Newton from where it got
        theta[moving, :d], theta[moving, d] = fit_logistic(
            X[moving], y[moving], w[moving], start=(theta[moving, :d], theta[moving, d]),
            tol=FOLD_TOL)
    return theta[:, :d], theta[:, d]


def _held_accuracy(Xl, yl, held, coef, intercept) -> np.ndarray:
    right = ((Xl @ coef[..., None])[..., 0] + intercept[:, None] > 0) == (yl == 1)
    return (right * held).sum(axis=1) / held.sum(axis=1)
