"""Experiment of the lesson "TrAdaBoost" (slide 12): instance-based transfer with a few
target labels, when the labelling rule itself moved.

One draw (the seed control) of a concept shift; TrAdaBoost (Dai et al., 2007) is fitted
once with ten rounds, and the page's round control and play toggle only read its
``history_``. The verdicts: the transfer gain (TrAdaBoost against the ``k`` target labels
alone; ``"behind"`` is negative transfer) and the improvement over source-only. No
background: everything shown is this draw.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .. import evaluate, tradaboost
from .._validation import check_int
from ..datasets import DomainPair, make_domain_pair
from ..evaluate import shown_percent
from . import Note, call, no_background

__all__ = ["K_OPTIONS", "ROUNDS", "TrAdaBoostResult", "run", "notes", "flag", "round_notes",
           "background_settings"]

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
    source_vs_target: evaluate.Comparison = None
    k: int = 0
    notes: tuple = ()
    flag: Note | None = None
    rounds: tuple = ()  # per round (1 … ROUNDS), the notes of that round


def _values(r: TrAdaBoostResult) -> dict:
    acc = r.accuracy
    return dict(acc=acc["boost"], target=acc["target_only"], src=acc["source_only"], k=r.k,
                gain=shown_percent(acc["boost"]) - shown_percent(acc["target_only"]),
                vs_src=shown_percent(acc["boost"]) - shown_percent(acc["source_only"]),
                misleading=float(r.share[0]) if len(r.share) else 0.0)


def flag(r: TrAdaBoostResult) -> Note | None:
    """The box above the figures: negative transfer (why, from the numbers), or a loss
    against the source model as it is; nothing otherwise."""
    values = _values(r)
    if r.gain.verdict == "behind":
        # Is the source itself behind the target labels alone, or was it good and
        # boosting let it go?
        good = r.source_vs_target.verdict != "behind" and values["misleading"] < 0.5
        why = "good_source" if good else "rule"
        return Note(f"negative_{why}", values)
    if r.vs_source.verdict == "behind":
        return Note("below_source", values)
    return None


def notes(r: TrAdaBoostResult) -> tuple[Note, ...]:
    """The closing sentence of "what to notice": how TrAdaBoost stands."""
    values = _values(r)
    if r.gain.verdict == "ahead" and r.vs_source.verdict == "ahead":
        return (Note("result_best", values),)
    if r.gain.verdict == "tie":
        return (Note("result_tie", values),)
    return (Note("result", values),)


def round_notes(r: TrAdaBoostResult, round_: int) -> tuple[Note, ...]:
    """What round ``round_`` (1-based) did: its error and beta, where the misleading
    points' share of the source weight went since round 1, and what an error near or
    beyond 1/2, or of 0, means for the round's vote."""
    record = r.boost.history_[round_ - 1]
    share, share0 = float(r.share[round_ - 1]), float(r.share[0])
    values = dict(round=round_, error=record.error, beta=record.beta, share=share,
                  share0=share0)
    if round_ == 1:
        said = [Note("round_first", values)]
    else:
        moved = shown_percent(share) - shown_percent(share0)
        said = [Note("round_fell" if moved < 0 else "round_rose" if moved > 0
                     else "round_level", values)]
    error = shown_percent(record.error)  # as the sentence shows it
    if error > 50:
        said.append(Note("error_above_half", values))
    elif error == 50:
        said.append(Note("error_half", values))
    elif error > 45:
        said.append(Note("error_near_half", values))
    elif error == 0:
        said.append(Note("error_zero", values))
    return tuple(said)


def run(strength: float, k: int, seed: int, *, memo=call) -> TrAdaBoostResult:
    """One draw; TrAdaBoost fitted once; both baselines; the verdicts."""
    check_int("seed", seed, 0)  # in words here, not as random_state below
    pair = make_domain_pair("conditional", strength, n_target_labelled=k, random_state=seed)
    boost = evaluate.fit_transfer(
        tradaboost.TrAdaBoostClassifier(n_estimators=ROUNDS, random_state=0), pair)
    accuracy = {"boost": float(boost.score(pair.X_test, pair.y_test)),
                **evaluate.score_baselines(pair, names=("source_only", "target_only"))}
    misleading = pair.target_rule(pair.X_source) != pair.y_source
    result = TrAdaBoostResult(
        pair, boost, accuracy, misleading,
        tradaboost.source_weight_share(boost, misleading),
        gain=evaluate.compare(accuracy["boost"], accuracy["target_only"]),
        vs_source=evaluate.compare(accuracy["boost"], accuracy["source_only"]),
        source_vs_target=evaluate.compare(accuracy["source_only"], accuracy["target_only"]),
        k=int(k))
    return replace(result, notes=notes(result), flag=flag(result),
                   rounds=tuple(round_notes(result, i) for i in range(1, ROUNDS + 1)))


background_settings = no_background
