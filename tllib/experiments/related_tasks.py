"""Experiment of the lesson "related tasks": L2-SP transfer against target-only on this
draw, and the mean transfer gain over relatedness (average of 8 draws).

*Relatedness* ``r`` runs from 0, two unrelated tasks (independent rules, at right
angles), to 1, the same task: the two noise-free rules agree on a random input with
probability ``(1 + r) / 2`` and are ``90° · (1 - r)`` apart. Opposite rules (180°,
never agreeing) are a separate extreme, ``opposite=True``: a source that is exactly
wrong, not merely unrelated. :func:`tllib.tasks.make_task_pair` takes the agreement
itself (:func:`agreement`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from .. import negative
from .._validation import check_float, check_int
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
from ..tasks import make_task_pair, task_normal
from . import Memo, Note, call

__all__ = ["RELATEDNESS", "K_OPTIONS", "STRENGTH", "N_DRAWS", "PRESETS", "agreement",
           "GainSweep", "RelatedTasksResult", "run", "gain_sweep", "notes_for",
           "background_settings"]

RELATEDNESS = tuple(round(0.05 * i, 2) for i in range(21))  # the slider's values
K_OPTIONS = (4, 8, 16, 32, 64, 128)
STRENGTH = 3.0  # L2-SP pull towards the source's weights, as in "a task already done"
N_DRAWS = 8  # draws behind the sweep (seeds 0..7)
# The slide's examples, as relatedness: closely related, and (almost) unrelated.
PRESETS = {"violin_piano": 0.9, "math_literature": 0.1}


def agreement(relatedness: float, opposite: bool = False) -> float:
    """How often the two noise-free rules agree on a random input: ``(1 + r) / 2``
    (1/2 for unrelated tasks, 1 for the same task), and 0 for opposite rules."""
    return 0.0 if opposite else (1.0 + relatedness) / 2.0


@dataclass(frozen=True)
class GainSweep:
    """The background: the gain over :data:`RELATEDNESS` (``curves``) and at opposite
    rules (``opposite``, one point), from the same draws (seeds 0..N_DRAWS-1)."""

    curves: Curves
    opposite: Curves


@dataclass(frozen=True)
class RelatedTasksResult:
    """This draw's pair, the two fitted models (for the plane), their accuracies and
    the transfer-vs-target-only comparison; the two noise-free rules (``rules``, the
    source's and the target's unit normals in the plane: each points to the side its
    rule calls class 1) and the ``angle`` between them in degrees; the ``sweep`` over
    relatedness, where its mean gain turns negative (``threshold``, nan if it never
    does) and the gain at ``opposite`` rules; ``mean_gain`` the mean gain at this
    setting (the curve's point ``column``, or opposite rules) over the draws,
    ``opposite_vs_unrelated`` the opposite rules' gain against the unrelated tasks'
    (relatedness 0), draw by draw; ``notes`` what the page says (:func:`notes_for`)."""

    pair: object
    transfer: object
    target: object
    transfer_accuracy: float
    target_accuracy: float
    comparison: Comparison
    rules: tuple[np.ndarray, np.ndarray]
    angle: float
    sweep: Curves
    opposite_sweep: Curves
    threshold: float
    relatedness: float
    opposite: bool
    column: float
    mean_gain: Comparison
    opposite_vs_unrelated: Comparison
    notes: tuple[Note, ...] = ()


def gain_sweep(k: int) -> GainSweep:
    """L2-SP's gain over relatedness and at opposite rules, seeds 0..N_DRAWS-1."""
    grid = (agreement(0.0, opposite=True), *(agreement(r) for r in RELATEDNESS))
    both = negative.gain_sweep(grid, learner="l2sp", source_strength=STRENGTH,
                               n_target_labelled=k, seeds=range(N_DRAWS))
    def part(columns, x):
        return Curves.from_scores(x, {name: s[:, columns] for name, s in both.scores.items()})
    # Opposite rules sit at r = -1 on the same scale: (1 + r) / 2 = 0.
    return GainSweep(part(slice(1, None), RELATEDNESS), part(slice(0, 1), (-1.0,)))


def run(relatedness: float, k: int, seed: int, opposite: bool = False, *,
        memo: Memo = call) -> RelatedTasksResult:
    check_int("seed", seed, 0)  # in words here, not as random_state below
    _check(relatedness, opposite)
    # 1. This draw: the target's rule turned from the source's, and the two learners.
    pair = make_task_pair(agreement(relatedness, opposite), n_target_labelled=k,
                          random_state=seed)
    transfer = fit_transfer(SourcePriorLogisticRegression(source_strength=STRENGTH), pair)
    target = fit_baseline("target_only", pair)
    transfer_acc = float(transfer.score(pair.X_test, pair.y_test))
    target_acc = float(target.score(pair.X_test, pair.y_test))
    # 2. The average over draws, at this setting's point of the curve.
    background = memo(gain_sweep, k=k)
    sweep, far = background.curves, background.opposite
    j = int(np.argmin(np.abs(np.asarray(sweep.x) - relatedness)))
    here, at = (far, 0) if opposite else (sweep, j)
    result = RelatedTasksResult(
        pair, transfer, target, transfer_acc, target_acc, compare(transfer_acc, target_acc),
        (task_normal(1.0)[:2], task_normal(agreement(relatedness, opposite))[:2]),
        float(pair.details["angle_deg"]), sweep, far,
        crossing(sweep.x, sweep.mean["gain"]), float(relatedness), bool(opposite),
        float(sweep.x[j]),
        compare(here.scores["transfer"][:, at], here.scores["target_only"][:, at]),
        compare(far.scores["gain"][:, 0], sweep.scores["gain"][:, 0]))
    return replace(result, notes=notes_for(result))


def _check(relatedness, opposite) -> None:
    check_float("relatedness", relatedness, 0.0, 1.0)
    if not isinstance(opposite, (bool, np.bool_)):
        raise TypeError(f"opposite must be True or False; got {opposite!r}.")


def notes_for(r: RelatedTasksResult) -> tuple[Note, ...]:
    """What to notice: this draw's gain; the average gain at this setting; and where
    the average gain turns negative, or, at opposite rules, how they compare with
    unrelated tasks."""
    now = Note(f"now_{r.comparison.verdict}", dict(
        angle=r.angle, transfer=r.transfer_accuracy, target=r.target_accuracy,
        gain=shown_points(r.transfer_accuracy, r.target_accuracy)))
    gain = round(r.mean_gain.difference * 100)
    if r.opposite:
        mean = Note(f"opposite_{r.mean_gain.verdict}", dict(n=N_DRAWS, gain=gain))
        versus = Note(f"vs_unrelated_{r.opposite_vs_unrelated.verdict}", dict(
            n=N_DRAWS, opposite=gain,
            unrelated=round(float(r.sweep.mean["gain"][0]) * 100)))
        return (now, mean, versus)
    mean = Note(f"mean_{r.mean_gain.verdict}", dict(r=r.column, n=N_DRAWS, gain=gain))
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
