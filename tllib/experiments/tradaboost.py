"""Experiment of the lesson "TrAdaBoost" (slide 12): instance-based transfer with a few
target labels, when the labelling rule itself moved.

One draw (the seed control) of a concept shift; TrAdaBoost (Dai et al., 2007) is fitted
once with ten rounds, and the page's round control and play toggle only read its
``history_``. The verdicts: the transfer gain (TrAdaBoost against the ``k`` target labels
alone; ``"behind"`` is negative transfer) and the improvement over source-only. No
background: everything shown is this draw.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import evaluate, tradaboost
from ..datasets import DomainPair, make_domain_pair
from . import call, no_background

__all__ = ["K_OPTIONS", "ROUNDS", "TrAdaBoostResult", "run", "background_settings"]

K_OPTIONS = (5, 10, 20, 50)
ROUNDS = 10


@dataclass(frozen=True)
class TrAdaBoostResult:
    """The draw, the fitted booster (its ``history_``, ``errors_``), the accuracies of
    ``boost``, ``source_only`` and ``target_only``, which source points mislead the
    target (labelled against the target's rule), and round by round the share of the
    source weight they hold."""

    pair: DomainPair
    boost: tradaboost.TrAdaBoostClassifier
    accuracy: dict
    misleading: np.ndarray
    share: np.ndarray
    gain: evaluate.Comparison
    vs_source: evaluate.Comparison


def run(strength: float, k: int, seed: int, *, memo=call) -> TrAdaBoostResult:
    """One draw; TrAdaBoost fitted once; both baselines; the verdicts."""
    pair = make_domain_pair("conditional", strength, n_target_labelled=k, random_state=seed)
    boost = evaluate.fit_transfer(
        tradaboost.TrAdaBoostClassifier(n_estimators=ROUNDS, random_state=0), pair)
    accuracy = {"boost": float(boost.score(pair.X_test, pair.y_test)),
                **evaluate.score_baselines(pair, names=("source_only", "target_only"))}
    misleading = pair.target_rule(pair.X_source) != pair.y_source
    return TrAdaBoostResult(
        pair, boost, accuracy, misleading,
        tradaboost.source_weight_share(boost, misleading),
        gain=evaluate.compare(accuracy["boost"], accuracy["target_only"]),
        vs_source=evaluate.compare(accuracy["boost"], accuracy["source_only"]))


background_settings = no_background
