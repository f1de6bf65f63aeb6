"""Negative transfer: when using the source makes the target model worse.

Whether transfer helps depends on (a) how related the source and target tasks are and
(b) the learner's ability to find the information they share (Wang et al., 2019). Here
the tasks come from :func:`tllib.tasks.make_task_pair` (relatedness ``r``) and the
learner is *weighted pooling*: one logistic regression on the source and the ``k``
labelled target points, the source holding a share ``a`` of the total sample weight::

    target point weight = 1,   source point weight = a / (1 - a) * k / n_s

so ``a = 0`` is target-only and ``a = n_s / (n_s + k)`` ("blind pooling") gives every
point weight 1. The *transfer gain* is the pooled model's target accuracy minus
target-only's; below zero is negative transfer (Rosenstein et al., 2005)::

    gain(a, r) = acc(pooling with share a) - acc(target-only)

A practitioner has no target test labels, so :func:`detect_negative_transfer` estimates
the gain by cross-validation on the labelled target points alone: a rough estimate
from a handful of labels, right on clear cases and near chance when the gain is small.

References
----------
Rosenstein, M. T., Marx, Z., Kaelbling, L. P. & Dietterich, T. G. (2005). To transfer
or not to transfer. NIPS workshop on inductive transfer.
Wang, Z., Dai, Z., Póczos, B. & Carbonell, J. (2019). Characterizing and avoiding
negative transfer. CVPR.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable

import numpy as np
from sklearn.base import clone
from sklearn.model_selection import StratifiedKFold

from .datasets import DomainPair, _check_float, _check_int
from .evaluate import (
    Curves, _check_grid, _with_labelled, crossing, default_estimator, fit_baseline,
    transfer_gain,
)
from .parameter import SourcePriorLogisticRegression, _check_positive
from .tasks import make_task_pair

__all__ = [
    "fit_weighted_pooling",
    "GainMap",
    "gain_map",
    "gain_sweep",
    "Detection",
    "detect_negative_transfer",
    "DetectorRecord",
    "detector_record",
]

LEARNERS = ("l2sp", "pooling")


def fit_weighted_pooling(pair: DomainPair, source_share: float, estimator=None):
    """Fit one classifier on the source and the labelled target points, the source
    holding ``source_share`` of the total sample weight.

    Parameters
    ----------
    pair : DomainPair
    source_share : float
        In [0, 1). 0 is exactly the target-only baseline
        (:func:`~tllib.evaluate.fit_baseline`); ``n_s / (n_s + k)`` is blind pooling.
    estimator : classifier accepting ``sample_weight``, default=None
        Cloned before fitting; ``None`` means :func:`~tllib.evaluate.default_estimator`.

    Returns
    -------
    estimator
        Fitted.
    """
    _check_share(source_share)
    Xt, yt = pair.X_target_labelled, pair.y_target_labelled
    k, n_source = len(yt), len(pair.y_source)
    if k == 0:
        raise ValueError("weighted pooling needs at least one labelled target point; got 0.")
    if source_share == 0:
        return fit_baseline("target_only", pair, estimator)
    # Target points weigh 1 each (k in all); the source shares share/(1 - share) * k.
    source_weight = source_share / (1.0 - source_share) * k / n_source
    sample_weight = np.concatenate([np.full(n_source, source_weight), np.ones(k)])
    model = clone(estimator if estimator is not None else default_estimator())
    return model.fit(np.vstack([pair.X_source, Xt]), np.concatenate([pair.y_source, yt]),
                     sample_weight=sample_weight)


# -- the gain over a grid of settings ----------------------------------------------


@dataclass(frozen=True)
class GainMap:
    """Transfer gain of weighted pooling over relatedness x source share.

    Attributes
    ----------
    relatedness : ndarray of shape (n_r,)
    source_shares : ndarray of shape (n_s,)
    gain_mean, gain_std : ndarrays of shape (n_s, n_r)
        Mean and standard deviation over seeds of pooling's accuracy minus
        target-only's, on the target test sample.
    target_only : ndarray of shape (n_r,)
        Target-only's mean accuracy at each relatedness.
    """

    relatedness: np.ndarray
    source_shares: np.ndarray
    gain_mean: np.ndarray
    gain_std: np.ndarray
    target_only: np.ndarray

    def harmful_share(self, relatedness: float) -> float:
        """At the grid relatedness nearest to ``relatedness``: the source share above
        which the mean gain stays negative (interpolated), or ``nan`` if trusting the
        source more never turns the gain negative for good."""
        column = self.gain_mean[:, np.argmin(np.abs(self.relatedness - relatedness))]
        if np.all(column[self.source_shares > 0] < 0):
            return float(self.source_shares.min())  # any trust in the source hurts
        # Otherwise the gain falls as trust grows: where -gain last crosses 0 going up.
        return crossing(self.source_shares, -column)


def gain_map(
    relatedness: Iterable[float],
    source_shares: Iterable[float],
    *,
    n_target_labelled: int = 10,
    seeds: Iterable[int] = range(5),
    **task_kwargs,
) -> GainMap:
    """Transfer gain of weighted pooling for every (source share, relatedness).

    One pair per (relatedness, seed) from :func:`~tllib.tasks.make_task_pair` (extra
    keyword arguments go to it), target-only fitted once per pair.
    """
    grid_r = _check_relatedness(relatedness)
    shares = _check_grid("source_shares", source_shares)
    for share in shares:
        _check_share(float(share), name="source_shares")
    seeds = tuple(seeds)
    gains = np.empty((len(seeds), len(shares), len(grid_r)))
    base = np.empty((len(seeds), len(grid_r)))
    for j, r in enumerate(grid_r):
        for i, seed in enumerate(seeds):
            pair = make_task_pair(float(r), n_target_labelled=n_target_labelled,
                                  random_state=seed, **task_kwargs)
            # Target-only once per pair; share 0 *is* target-only, so its gain is 0.
            base[i, j] = _accuracy(fit_baseline("target_only", pair), pair)
            for s, share in enumerate(shares):
                accuracy = base[i, j] if share == 0 else _accuracy(
                    fit_weighted_pooling(pair, float(share)), pair)
                gains[i, s, j] = transfer_gain(accuracy, base[i, j])
    return GainMap(grid_r, shares, gains.mean(axis=0), gains.std(axis=0), base.mean(axis=0))


def gain_sweep(
    relatedness: Iterable[float],
    *,
    learner: str = "l2sp",
    source_share: float = 0.5,
    source_strength: float = 1.0,
    n_target_labelled: int = 10,
    seeds: Iterable[int] = range(8),
    **task_kwargs,
) -> Curves:
    """Transfer and target-only accuracy as the tasks grow apart.

    Parameters
    ----------
    learner : {"l2sp", "pooling"}, default="l2sp"
        ``"l2sp"``: :class:`~tllib.parameter.SourcePriorLogisticRegression` with
        ``source_strength``; ``"pooling"``: :func:`fit_weighted_pooling` with
        ``source_share``.

    Returns
    -------
    Curves
        Over ``relatedness``: ``"gain"`` (transfer minus target-only), ``"transfer"``
        and ``"target_only"``.
    """
    if learner not in LEARNERS:
        raise ValueError(f"learner must be one of {', '.join(LEARNERS)}; got {learner!r}.")
    if learner == "pooling":
        _check_share(source_share)
    else:
        _check_positive("source_strength", source_strength)
    grid = _check_relatedness(relatedness)
    seeds = tuple(seeds)
    scores = {name: np.empty((len(seeds), len(grid)))
              for name in ("gain", "transfer", "target_only")}
    for i, seed in enumerate(seeds):
        for j, r in enumerate(grid):
            pair = make_task_pair(float(r), n_target_labelled=n_target_labelled,
                                  random_state=seed, **task_kwargs)
            if learner == "pooling":
                model = fit_weighted_pooling(pair, source_share)
            else:
                model = SourcePriorLogisticRegression(source_strength).fit(
                    pair.X_source, pair.y_source, Xt=pair.X_target, yt=pair.y_target_visible)
            scores["transfer"][i, j] = _accuracy(model, pair)
            scores["target_only"][i, j] = _accuracy(fit_baseline("target_only", pair), pair)
    scores["gain"] = transfer_gain(scores["transfer"], scores["target_only"])
    return Curves.from_scores(grid, scores)


# -- detecting negative transfer without target test labels ------------------------


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
    pair: DomainPair, *, source_share: float, n_splits: int = 5, random_state=0
) -> Detection:
    """Estimate by cross-validation on the labelled target points whether weighted
    pooling at ``source_share`` transfers negatively.

    Stratified K-fold over the ``k`` labelled target points, with
    ``min(n_splits, smallest class count)`` folds; in each fold, pooling is trained on
    the source + the training fold, target-only on the training fold alone (a constant
    predictor if it holds one class), both scored on the held-out fold. With fewer
    than 2 labelled points in some class (or a single class) there is no held-out
    estimate worth the name: the result has ``nan`` scores, ``negative=False`` and a
    ``reason``.
    """
    _check_share(source_share)
    _check_int("n_splits", n_splits, 2)
    labelled = np.flatnonzero(pair.target_labelled)
    y = pair.y_target[labelled]
    classes, counts = np.unique(y, return_counts=True)
    splits = int(min(n_splits, counts.min())) if len(classes) >= 2 else 0
    if splits < 2:
        nan = float("nan")
        return Detection(nan, nan, nan, False, 0, reason=(
            "too few labels: cross-validation needs 2 classes with at least 2 labelled "
            f"target points each; got counts {dict(zip(classes.tolist(), counts.tolist()))}."))

    transfer, target = [], []
    folds = StratifiedKFold(splits, shuffle=True, random_state=random_state)
    for train, held in folds.split(labelled, y):
        # 1. A pair that only reveals the training fold's labels.
        fold = _with_labelled(pair, labelled[train])
        X_held, y_held = pair.X_target[labelled[held]], y[held]
        # 2. Both learners on what they may see; both scored on the held-out fold.
        transfer.append(fit_weighted_pooling(fold, source_share).score(X_held, y_held))
        target.append(fit_baseline("target_only", fold).score(X_held, y_held))
    transfer_cv, target_cv = float(np.mean(transfer)), float(np.mean(target))
    gain = transfer_cv - target_cv
    return Detection(transfer_cv, target_cv, gain, bool(gain < 0), splits)


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
    """

    relatedness: float
    source_share: float
    seeds: tuple
    true_gain: np.ndarray
    estimated_gain: np.ndarray
    detected: np.ndarray
    truly_negative: np.ndarray

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
    source_share: float,
    *,
    n_target_labelled: int = 10,
    seeds: Iterable[int] = range(20),
    **task_kwargs,
) -> DetectorRecord:
    """Run :func:`detect_negative_transfer` on one pair per seed and compare its call
    with the true gain on the target test sample."""
    _check_share(source_share)
    seeds = tuple(seeds)
    true_gain, estimated, detected = [], [], []
    for seed in seeds:
        pair = make_task_pair(relatedness, n_target_labelled=n_target_labelled,
                              random_state=seed, **task_kwargs)
        pooled = _accuracy(fit_weighted_pooling(pair, source_share), pair)
        true_gain.append(pooled - _accuracy(fit_baseline("target_only", pair), pair))
        detection = detect_negative_transfer(pair, source_share=source_share,
                                             random_state=seed)
        estimated.append(detection.estimated_gain)
        detected.append(detection.negative)
    true_gain = np.array(true_gain, dtype=float)
    return DetectorRecord(float(relatedness), float(source_share), seeds, true_gain,
                          np.array(estimated, dtype=float), np.array(detected, dtype=bool),
                          true_gain < 0)


# -- helpers ------------------------------------------------------------------------


def _accuracy(model, pair: DomainPair) -> float:
    return float(model.score(pair.X_test, pair.y_test))


def _check_share(value, name="source_share") -> None:
    _check_float(name, value, 0.0, 1.0, high_open=True)


def _check_relatedness(values) -> np.ndarray:
    grid = _check_grid("relatedness", values)
    for r in grid:
        _check_float("relatedness", float(r), 0.0, 1.0)
    return grid
