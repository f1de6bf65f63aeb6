"""Experiment of the lesson "negative transfer": the slide's two factors, (a) how
related the tasks are and (b) the learner's ability to find what they share, as a
relatedness and a choice between two learners — blind pooling (every point weight 1:
the source swamps the few target labels) and L2-SP (the source model, moved by the
target labels as far as they allow). This draw's gain of the chosen learner over
target-only, both learners' mean accuracy over relatedness against target-only's, and a
detector a practitioner could run without target test labels, with its record."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Mapping

import numpy as np

from .. import negative
from .._validation import check_int
from ..evaluate import Comparison, Curves, compare, crossing, shown_points
from ..tasks import make_task_pair
from . import Memo, Note, call

__all__ = ["RELATEDNESS", "LEARNERS", "STRENGTH", "K_OPTIONS", "N_DRAWS", "SAME_PLACE",
           "Background", "NegativeTransferResult", "background", "run", "notes_for",
           "background_settings"]

RELATEDNESS = tuple(round(0.05 * i, 2) for i in range(21))  # every value of the slider
# The page's learners, by the keys their curves carry (tllib.plots styles them by role):
# blind pooling, and L2-SP with the source pull below.
LEARNERS = ("pooled", "l2sp")
STRENGTH = 1.0  # L2-SP's lambda: SourcePriorLogisticRegression's default
K_OPTIONS = (6, 10, 20, 40)  # labelled target points the page offers
N_DRAWS = 20  # draws behind the curves and the detector's record (seeds 0..19)
SAME_PLACE = 0.1  # thresholds closer than two slider steps "turn negative together"


def _learner(name: str) -> dict:
    """tllib's arguments for one of the page's learners."""
    if name == "pooled":
        return dict(learner="pooling", source_share=None)  # blind: every point weight 1
    return dict(learner="l2sp", source_strength=STRENGTH)


@dataclass(frozen=True)
class Background:
    """Both learners over :data:`RELATEDNESS` at one ``k``, :data:`N_DRAWS` draws.

    ``curves`` holds the mean test accuracy of ``"target_only"``, ``"pooled"`` and
    ``"l2sp"`` (and each learner's gain as ``"gain_<learner>"``); ``records[learner][j]``
    the detector's record at ``RELATEDNESS[j]``; ``threshold[learner]`` the relatedness
    below which the learner's mean gain turns negative (``nan``: it never does)."""

    k: int
    curves: Curves
    records: Mapping[str, tuple]
    threshold: Mapping[str, float]


def background(k: int) -> Background:
    """The background: both learners' records at every relatedness (seeds 0..19)."""
    records = {name: negative.detector_records(RELATEDNESS, n_target_labelled=k,
                                               seeds=range(N_DRAWS), **_learner(name))
               for name in LEARNERS}
    scores = {"target_only": np.stack([r.target_accuracy for r in records["pooled"]], 1)}
    for name in LEARNERS:
        scores[name] = np.stack([r.transfer_accuracy for r in records[name]], axis=1)
        scores[f"gain_{name}"] = scores[name] - scores["target_only"]
    curves = Curves.from_scores(np.array(RELATEDNESS), scores)
    threshold = {name: crossing(curves.x, curves.mean[f"gain_{name}"]) for name in LEARNERS}
    return Background(k, curves, records, threshold)


@dataclass(frozen=True)
class NegativeTransferResult:
    """Everything the page shows.

    ``transfer`` and ``target_only`` are this draw's test accuracies of the chosen
    ``learner`` and of target-only; ``comparison`` the one against the other
    (``"behind"``: negative transfer); ``detection`` the detector's cross-validated call
    on this draw's labelled points; ``background`` both learners over relatedness;
    ``column`` its relatedness nearest this one, where ``record`` is the detector's
    record for this learner, ``here[learner]`` each learner's mean gain over the draws
    and ``versus`` L2-SP against blind pooling; ``flag`` this draw's verdict, ``notes``
    what the page says of the figure and ``detector_note`` of the detector's record
    (:func:`notes_for`)."""

    relatedness: float
    learner: str
    k: int
    transfer: float
    target_only: float
    comparison: Comparison
    detection: negative.Detection
    detector_right: bool
    background: Background
    column: float
    record: negative.DetectorRecord
    here: Mapping[str, Comparison]
    versus: Comparison
    flag: Note | None = None
    notes: tuple[Note, ...] = ()
    detector_note: Note | None = None

    @property
    def gain(self) -> float:
        return self.comparison.difference


def run(relatedness: float, learner: str, k: int, seed: int, *,
        memo: Memo = call) -> NegativeTransferResult:
    """This draw (``seed``) of ``learner`` against target-only on ``k`` labels of tasks
    ``relatedness`` apart, with both learners' curves and the detector's record."""
    check_int("seed", seed, 0)  # in words here, not as random_state below
    if learner not in LEARNERS:
        raise ValueError(f"learner must be one of {', '.join(LEARNERS)}; got {learner!r}.")
    # 1. This draw: the learner and target-only on every label, and the detector's call.
    pair = make_task_pair(relatedness, n_target_labelled=k, random_state=seed)
    transfer, target, detection = negative.transfer_trial(pair, random_state=seed,
                                                          **_learner(learner))
    comparison = compare(transfer, target)
    # 2. The averages (depend on k only): both learners at the nearest grid relatedness.
    bg = memo(background, k=k)
    j = int(np.argmin(np.abs(np.array(RELATEDNESS) - relatedness)))
    here = {name: compare(bg.records[name][j].transfer_accuracy,
                          bg.records[name][j].target_accuracy) for name in LEARNERS}
    versus = compare(bg.records["l2sp"][j].transfer_accuracy,
                     bg.records["pooled"][j].transfer_accuracy)
    result = NegativeTransferResult(
        relatedness, learner, k, transfer, target, comparison, detection,
        bool(detection.negative == (transfer - target < 0)), bg, RELATEDNESS[j],
        bg.records[learner][j], here, versus)
    *notes, detector_note = notes_for(result)
    return replace(result, flag=Note(f"flag_{comparison.verdict}", dict(
        gain=shown_points(transfer, target))), notes=tuple(notes),
        detector_note=detector_note)


def _pp(x: float) -> int:
    """A mean gain in whole percentage points."""
    return int(round(x * 100))


RELIABLE = 0.8  # a detector right this often over the draws is called reliable


def notes_for(r: NegativeTransferResult) -> tuple[Note, ...]:
    """What to notice: where each learner's mean gain turns negative; both learners at
    this relatedness, and which is ahead; last, how often the detector is right here."""
    bg = r.background
    t_pool, t_l2sp = bg.threshold["pooled"], bg.threshold["l2sp"]
    worst = dict(pooled0=_pp(bg.curves.mean["gain_pooled"][0]),
                 l2sp0=_pp(bg.curves.mean["gain_l2sp"][0]))
    if math.isnan(t_pool) or math.isnan(t_l2sp):
        name = ("never_negative" if math.isnan(t_pool) and math.isnan(t_l2sp)
                else "l2sp_never" if math.isnan(t_l2sp) else "pooled_never")
    else:
        name = ("later" if t_l2sp < t_pool - SAME_PLACE
                else "earlier" if t_l2sp > t_pool + SAME_PLACE else "same_place")
    thresholds = Note(name, dict(worst, t_pooled=float(t_pool), t_l2sp=float(t_l2sp)))
    pooled, l2sp = _pp(r.here["pooled"].difference), _pp(r.here["l2sp"].difference)
    versus = Note({"ahead": "l2sp_ahead", "behind": "pooled_ahead", "tie": "learners_tie"}
                  [r.versus.verdict],
                  dict(r=float(r.column), n=N_DRAWS, pooled=pooled, l2sp=l2sp,
                       diff=abs(l2sp - pooled)))
    rec = r.record
    detector = Note("detector_reliable" if rec.accuracy >= RELIABLE else "detector_unreliable",
                    dict(correct=rec.n_correct, n=rec.n, k=r.k))
    return (thresholds, versus, detector)


def background_settings():
    """Both learners' curves and records for every k the page offers."""
    for k in K_OPTIONS:
        yield background, {"k": k}
