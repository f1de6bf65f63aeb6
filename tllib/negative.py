"""Negative transfer: when using the source makes the target model worse.

Whether transfer helps depends on (a) how related the source and target tasks are and
(b) the learner's ability to find the information they share (Wang et al., 2019). Here
the tasks come from :func:`tllib.tasks.make_task_pair` (relatedness ``r``), and two
learners stand for factor (b). *Weighted pooling* fits one logistic regression on the
source and the ``k`` labelled target points, the source holding a share ``a`` of the
total sample weight::

    target point weight = 1,   source point weight = a / (1 - a) * k / n_s

so ``a = 0`` is target-only and ``a = n_s / (n_s + k)`` ("blind pooling") gives every
point weight 1: with 500 source points and 10 target labels the source swamps the
target. *L2-SP* (:class:`tllib.parameter.SourcePriorLogisticRegression`) discounts the
source selectively: it starts from the source model and lets the target labels move it
as far as they can against a pull ``lambda`` back, so it keeps the source only as far as
the target labels allow. The *transfer gain* is a learner's target accuracy minus
target-only's; below zero is negative transfer (Rosenstein et al., 2005)::

    gain(learner, r) = acc(learner) - acc(target-only)

A practitioner has no target test labels, so :func:`detect_negative_transfer` estimates
the gain by cross-validation on the labelled target points alone: a rough estimate
from a handful of labels, right on clear cases and near chance when the gain is small
(it lives in :mod:`tllib.detect`, and is re-exported here).

References
----------
Rosenstein, M. T., Marx, Z., Kaelbling, L. P. & Dietterich, T. G. (2005). To transfer
or not to transfer. NIPS workshop on inductive transfer.
Wang, Z., Dai, Z., Póczos, B. & Carbonell, J. (2019). Characterizing and avoiding
negative transfer. CVPR.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import numpy as np
from sklearn.base import clone

from ._validation import check_float, check_grid, check_positive, check_seeds
from .datasets import DomainPair
# The detector lives in tllib.detect (with the batched pooling fits); its public names
# are part of this module's too.
from .detect import (
    LEARNERS, Detection, DetectorRecord, PoolingTrial, check_share,
    detect_negative_transfer, detector_record, detector_records, pooling_trial,
    score_on_test, transfer_trial,
)
from .evaluate import Curves, crossing, default_estimator, fit_baseline, transfer_gain
from .linear import accuracy, fit_batch, source_models
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
    "detector_records",
    "pooling_trial",
    "transfer_trial",
]


def fit_weighted_pooling(pair: DomainPair, source_share: float | None, estimator=None):
    """Fit one classifier on the source and the labelled target points, the source
    holding ``source_share`` of the total sample weight.

    Parameters
    ----------
    pair : DomainPair
    source_share : float or None
        In [0, 1). 0 is exactly the target-only baseline
        (:func:`~tllib.evaluate.fit_baseline`); ``None`` is blind pooling, every point
        weight 1 (the same as ``n_s / (n_s + k)``).
    estimator : classifier accepting ``sample_weight``, default=None
        Cloned before fitting; ``None`` means :func:`~tllib.evaluate.default_estimator`.

    Returns
    -------
    estimator
        Fitted.
    """
    if source_share is not None:
        check_share(source_share)
    Xt, yt = pair.X_target_labelled, pair.y_target_labelled
    k, n_source = len(yt), len(pair.y_source)
    if k == 0:
        raise ValueError("weighted pooling needs at least one labelled target point; got 0.")
    if source_share == 0:
        return fit_baseline("target_only", pair, estimator)
    # Target points weigh 1 each (k in all); the source shares share/(1 - share) * k
    # (blind pooling: 1 per point).
    source_weight = (1.0 if source_share is None
                     else source_share / (1.0 - source_share) * k / n_source)
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
    keyword arguments go to it), target-only fitted once per pair; every pooled model
    of one relatedness is fitted in one batch (:func:`tllib.linear.fit_logistic`).
    """
    grid_r = _check_relatedness(relatedness)
    shares = check_grid("source_shares", source_shares)
    for share in shares:
        check_share(float(share), name="source_shares")
    seeds = tuple(seeds)
    gains = np.empty((len(seeds), len(shares), len(grid_r)))
    base = np.empty((len(seeds), len(grid_r)))
    for j, r in enumerate(grid_r):
        pairs = [make_task_pair(float(r), n_target_labelled=n_target_labelled,
                                random_state=seed, **task_kwargs) for seed in seeds]
        trials = [PoolingTrial.of(pair) for pair in pairs]
        # Target-only once per pair; share 0 *is* target-only, so its gain is 0.
        base[:, j] = score_on_test(trials, [t.target_only() for t in trials])
        problems = [t.pooling(float(share)) for share in shares if share > 0 for t in trials]
        pooled = score_on_test(trials * int(np.sum(shares > 0)), problems)
        pooled = iter(pooled.reshape(-1, len(seeds)))
        for s, share in enumerate(shares):
            gains[:, s, j] = transfer_gain(base[:, j] if share == 0 else next(pooled),
                                           base[:, j])
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
        check_share(source_share)
    else:
        check_positive("source_strength", source_strength)
    grid = _check_relatedness(relatedness)
    seeds = check_seeds("seeds", seeds)
    scores = {name: np.empty((len(seeds), len(grid)))
              for name in ("gain", "transfer", "target_only")}
    trials = [PoolingTrial.of(make_task_pair(float(r), n_target_labelled=n_target_labelled,
                                       random_state=seed, **task_kwargs))
              for r in grid for seed in seeds]  # relatedness-major
    scores["target_only"] = score_on_test(trials, [t.target_only() for t in trials])
    if learner == "pooling":
        transfer = score_on_test(trials, [t.pooling(source_share) for t in trials])
    else:
        # L2-SP (SourcePriorLogisticRegression): the source model, then the target
        # labels pulled towards it with alpha = alpha_intercept = lambda.
        source = source_models([(t.Xs, t.ys) for t in trials])
        coef, intercept = fit_batch([t.target_only() for t in trials],
                                    alpha=source_strength, alpha_intercept=source_strength,
                                    coef_init=source[0], intercept_init=source[1])
        transfer = np.array([accuracy(c, b, t.Xtest, t.ytest)[0]
                             for c, b, t in zip(coef, intercept, trials)])
    scores["transfer"] = transfer.reshape(len(grid), len(seeds)).T
    scores["target_only"] = scores["target_only"].reshape(len(grid), len(seeds)).T
    scores["gain"] = transfer_gain(scores["transfer"], scores["target_only"])
    return Curves.from_scores(grid, scores)


# -- helpers ------------------------------------------------------------------------


def _check_relatedness(values) -> np.ndarray:
    grid = check_grid("relatedness", values)
    for r in grid:
        check_float("relatedness", float(r), 0.0, 1.0)
    return grid
