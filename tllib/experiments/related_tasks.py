"""Experiment of the lesson "related tasks": L2-SP transfer against target-only on this
draw, and the mean transfer gain over relatedness (average of 8 draws)."""

from __future__ import annotations

from dataclasses import dataclass

from .. import negative
from ..evaluate import Comparison, Curves, compare, crossing, fit_baseline, fit_transfer
from ..parameter import SourcePriorLogisticRegression
from ..tasks import make_task_pair
from . import Memo, call

__all__ = ["RELATEDNESS", "K_OPTIONS", "STRENGTH", "N_DRAWS", "RelatedTasksResult", "run",
           "gain_sweep", "background_settings"]

RELATEDNESS = tuple(round(0.1 * i, 1) for i in range(11))  # the sweep's grid
K_OPTIONS = (4, 8, 16, 32, 64, 128)
STRENGTH = 3.0  # L2-SP pull towards the source's weights, as in "a task already done"
N_DRAWS = 8  # draws behind the sweep (seeds 0..7)


@dataclass(frozen=True)
class RelatedTasksResult:
    """This draw's pair and three fitted models (for the plane), their accuracies and
    the transfer-vs-target-only comparison; the sweep and where its mean gain turns
    negative (``threshold``, nan if it never does)."""

    pair: object
    source: object
    transfer: object
    target: object
    transfer_accuracy: float
    target_accuracy: float
    comparison: Comparison
    sweep: Curves
    threshold: float


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
    return RelatedTasksResult(pair, source, transfer, target, transfer_acc, target_acc,
                              compare(transfer_acc, target_acc), sweep,
                              crossing(sweep.x, sweep.mean["gain"]))


def background_settings():
    for k in K_OPTIONS:
        yield gain_sweep, {"k": k}
