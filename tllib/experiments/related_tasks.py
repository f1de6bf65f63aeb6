"""Experiment of the lesson "related tasks": L2-SP transfer against target-only on this
draw, and the mean transfer gain over relatedness (average of 8 draws)."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from .. import negative
from ..evaluate import (
    Comparison,
    Curves,
    compare,
    crossing,
    fit_baseline,
    fit_transfer,
    shown_points,
)
from ..parameter import SourcePriorLogisticRegression
from ..tasks import make_task_pair
from . import Memo, Note, call

__all__ = ["RELATEDNESS", "K_OPTIONS", "STRENGTH", "N_DRAWS", "RelatedTasksResult", "run",
           "gain_sweep", "notes_for", "background_settings"]

RELATEDNESS = tuple(round(0.1 * i, 1) for i in range(11))  # the sweep's grid
K_OPTIONS = (4, 8, 16, 32, 64, 128)
STRENGTH = 3.0  # L2-SP pull towards the source's weights, as in "a task already done"
N_DRAWS = 8  # draws behind the sweep (seeds 0..7)


@dataclass(frozen=True)
class RelatedTasksResult:
    """This draw's pair and three fitted models (for the plane), their accuracies and
    the transfer-vs-target-only comparison; the sweep and where its mean gain turns
    negative (``threshold``, nan if it never does); ``mean_gain`` the sweep's gain at
    its relatedness nearest this one (``column``), over the draws; ``notes`` what the
    page says (:func:`notes_for`)."""

    pair: object
    source: object
    transfer: object
    target: object
    transfer_accuracy: float
    target_accuracy: float
    comparison: Comparison
    sweep: Curves
    threshold: float
    relatedness: float = 0.0
    column: float = 0.0
    mean_gain: Comparison | None = None
    notes: tuple[Note, ...] = ()


def gain_sweep(k: int) -> Curves:
    """The background: L2-SP's mean gain over relatedness, seeds 0..N_DRAWS-1."""
    return negative.gain_sweep(RELATEDNESS, learner="l2sp", source_strength=STRENGTH,
                               n_target_labelled=k, seeds=range(N_DRAWS))


def run(relatedness: float, k: int, seed: int, *, memo: Memo = call) -> RelatedTasksResult:
    pair = make_task_pair(relatedness, n_target_labelled=k, random_state=seed)
    source = fit_baseline("source_only", pair)
    transfer = fit_transfer(SourcePriorLogisticRegression(source_strength=STRENGTH), pair)
    target = fit_baseline("target_only", pair)
    transfer_acc = float(transfer.score(pair.X_test, pair.y_test))
    target_acc = float(target.score(pair.X_test, pair.y_test))
    sweep = memo(gain_sweep, k=k)
    j = int(np.argmin(np.abs(np.asarray(sweep.x) - relatedness)))
    result = RelatedTasksResult(
        pair, source, transfer, target, transfer_acc, target_acc,
        compare(transfer_acc, target_acc), sweep, crossing(sweep.x, sweep.mean["gain"]),
        float(relatedness), float(sweep.x[j]),
        compare(sweep.scores["transfer"][:, j], sweep.scores["target_only"][:, j]))
    return replace(result, notes=notes_for(result))


def notes_for(r: RelatedTasksResult) -> tuple[Note, ...]:
    """What to notice: this draw's gain, the average gain at the nearest point of the
    curve, and where the average gain turns negative."""
    now = Note(f"now_{r.comparison.verdict}", dict(
        r=r.relatedness, angle=float(r.pair.details["angle_deg"]),
        transfer=r.transfer_accuracy, target=r.target_accuracy,
        gain=shown_points(r.transfer_accuracy, r.target_accuracy)))
    mean = Note(f"mean_{r.mean_gain.verdict}", dict(
        r=r.column, n=N_DRAWS, gain=round(r.mean_gain.difference * 100)))
    gains = r.sweep.mean["gain"]
    if not math.isnan(r.threshold):
        trend = Note("threshold", dict(r0=r.threshold, n=N_DRAWS))
    elif np.all(gains >= 0):
        trend = Note("never_negative", dict(n=N_DRAWS))
    else:
        trend = Note("no_threshold", dict(n=N_DRAWS))
    return (now, mean, trend)


def background_settings():
    for k in K_OPTIONS:
        yield gain_sweep, {"k": k}
