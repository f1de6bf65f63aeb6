"""Experiment of the lesson "negative transfer": the gain of weighted pooling over
target-only on this draw, the mean gain over both of the slide's factors (relatedness ×
the source's share of the weight), and a detector a practitioner could run without
target test labels, with its record over many draws."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .. import negative
from ..evaluate import Comparison, compare
from ..tasks import make_task_pair
from . import Memo, Note, call

__all__ = ["RELATEDNESS", "SHARES", "K_OPTIONS", "N_DRAWS", "N_MAP_DRAWS",
           "NegativeTransferResult", "run", "notes_for", "background_settings"]

RELATEDNESS = tuple(round(0.1 * i, 1) for i in range(11))  # the map's columns
SHARES = (0.0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)  # the map's rows
K_OPTIONS = (6, 10, 20, 40)  # labelled target points the page offers
N_MAP_DRAWS = 5  # draws behind each cell of the map (seeds 0..4)
N_DRAWS = 20  # draws behind the detector's record (seeds 0..19)


@dataclass(frozen=True)
class NegativeTransferResult:
    """Everything the page shows.

    ``pooled`` and ``target_only`` are this draw's test accuracies; ``comparison`` is
    pooling against target-only (``"behind"``: negative transfer); ``detection`` the
    detector's cross-validated call on this draw's labelled points; ``record`` its
    confusion counts over :data:`N_DRAWS` draws at this setting; ``gain_map`` the mean
    gain over :data:`N_MAP_DRAWS` draws; ``harmful_share`` read off it at this
    relatedness (``nan``: no share hurts; 0: any trust hurts); ``flag`` the verdict's
    box and ``notes`` what the page says (:func:`notes_for`)."""

    relatedness: float
    share: float
    k: int
    pooled: float
    target_only: float
    comparison: Comparison
    detection: negative.Detection
    detector_right: bool
    record: negative.DetectorRecord
    gain_map: negative.GainMap
    harmful_share: float
    flag: Note | None = None
    notes: tuple[Note, ...] = ()

    @property
    def gain(self) -> float:
        return self.comparison.difference


def gain_map(k: int) -> negative.GainMap:
    """The background: the mean gain over the map's grid, :data:`N_MAP_DRAWS` draws."""
    return negative.gain_map(RELATEDNESS, SHARES, n_target_labelled=k,
                             seeds=range(N_MAP_DRAWS))


def detector_record(relatedness: float, share: float, k: int) -> negative.DetectorRecord:
    """The detector's record over :data:`N_DRAWS` draws (seeds 0..N_DRAWS-1)."""
    return negative.detector_record(relatedness, share, n_target_labelled=k,
                                    seeds=range(N_DRAWS))


def run(relatedness: float, share: float, k: int, seed: int, *,
        memo: Memo = call) -> NegativeTransferResult:
    """This draw (``seed``) of pooling at ``share`` against target-only on ``k``
    labels of tasks ``relatedness`` apart, with the map and the detector's record."""
    # 1. This draw: pooling and target-only on every label, and the detector's call.
    pair = make_task_pair(relatedness, n_target_labelled=k, random_state=seed)
    pooled, target, detection = negative.pooling_trial(pair, share, random_state=seed)
    comparison = compare(pooled, target)
    # 2. The averages: the map (depends on k only) and the detector's record.
    the_map = memo(gain_map, k=k)
    record = memo(detector_record, relatedness=relatedness, share=share, k=k)
    result = NegativeTransferResult(
        relatedness, share, k, pooled, target, comparison, detection,
        bool(detection.negative == (pooled - target < 0)), record, the_map,
        the_map.harmful_share(relatedness))
    return replace(result, flag=Note(f"flag_{comparison.verdict}", dict(
        gain=_shown_points(pooled, target))), notes=notes_for(result))


def _shown_points(new: float, old: float) -> int:
    """``new - old`` in whole percentage points from the accuracies as shown."""
    return int(f"{new:.0%}"[:-1]) - int(f"{old:.0%}"[:-1])


RELIABLE = 0.8  # a detector right this often over the draws is called reliable


def notes_for(r: NegativeTransferResult) -> tuple[Note, ...]:
    """What to notice: where the map's column nearest this relatedness turns negative,
    and how often the detector is right at this setting."""
    column = r.gain_map.relatedness[np.argmin(np.abs(r.gain_map.relatedness
                                                     - r.relatedness))]
    share0 = r.harmful_share
    values = dict(r=float(column), share0=float(share0))
    name = ("no_region" if np.isnan(share0) else "any_trust"
            if share0 == min(r.gain_map.source_shares) else "region")
    rec = r.record
    detector = Note("detector_reliable" if rec.accuracy >= RELIABLE else "detector_unreliable",
                    dict(correct=rec.n_correct, n=rec.n, k=r.k))
    return (Note(name, values), detector)


def background_settings():
    """The map for every k the page offers. (The detector's record depends on all
    three factors, 21 × 20 × 4 settings: it is computed when first asked for.)"""
    for k in K_OPTIONS:
        yield gain_map, {"k": k}
