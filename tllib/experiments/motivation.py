"""Experiment of the lesson "why transfer learning?" (slides 1–2): the two assumptions
of classical machine learning, broken.

:func:`run` (the distribution moves): a model trained on the source, scored on the
source and on a shifted target, this draw; the background is the same model's accuracy
as the shift grows (average of five fixed draws), one per kind of shift.
:func:`scarce_labels` (labels are scarce, the page's fragment): this draw's ``k``
labelled target points, learning from them alone (target-only) and starting from the
source (pooled); the background is the learning curve over ``k``, average of five
fixed draws, one per (kind, strength).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterator

import numpy as np

from .. import linear
from .._validation import check_int
from ..datasets import DomainPair, make_domain_pair
from ..evaluate import (
    Comparison,
    Curves,
    chance,
    compare,
    fit_baseline,
    labelled_order,
    learning_curve,
    shift_sweep,
    shown_points,
)
from ..linear import fit_batch
from . import BackgroundSetting, Memo, Note, call

__all__ = ["KINDS", "STRENGTHS", "SWEEP_STRENGTHS", "K_GRID", "SEEDS", "DriftResult",
           "ScarceResult", "run", "scarce_labels", "drift_sweep", "scarce_curves",
           "drift_notes", "scarce_notes", "shown_points", "background_settings"]

KINDS = ("covariate", "prior", "conditional", "feature", "label_space", "none")
STRENGTHS = tuple(round(0.05 * i, 2) for i in range(21))  # the slider's values
SWEEP_STRENGTHS = tuple(round(0.1 * i, 1) for i in range(11))  # the drift sweep's grid
K_GRID = (0, 2, 4, 8, 16, 32, 64, 128)  # labelled target points on the curve
SEEDS = tuple(range(5))  # the backgrounds' fixed draws
CURVES = ("target_only", "pooled", "source_only")


def n_classes(pair: DomainPair) -> int:
    """The classes of the task: every label the source or the target uses."""
    return len(np.union1d(pair.y_source, pair.y_test))


@dataclass(frozen=True)
class DriftResult:
    """The distribution moves. This draw: ``pair`` (no target label), the source
    ``model``, its accuracy on the source and the target test samples, and
    ``comparison`` target against source accuracy (one draw). ``sweep`` (curves
    ``source`` and ``target`` over :data:`SWEEP_STRENGTHS`, average of :data:`SEEDS`);
    ``chance`` 1 / the task's number of classes; ``below_chance`` the target accuracy
    under it; ``new_class_share`` the share of target points of a class the source
    never had; ``notes`` what the page says (:func:`drift_notes`)."""

    shift: str
    strength: float
    pair: DomainPair
    model: object
    source_accuracy: float
    target_accuracy: float
    comparison: Comparison
    sweep: Curves
    chance: float
    below_chance: bool
    new_class_share: float
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class ScarceResult:
    """Labels are scarce. This draw: ``pair`` with ``k`` labelled target points and the
    two models fitted on it (``scratch`` is ``None`` at k = 0: nothing to learn from).
    ``curves`` (target_only, pooled, source_only over :data:`K_GRID`, average of
    :data:`SEEDS`); ``gain`` pooled against target-only at ``k`` over those draws
    (the transfer gain; ``None`` at k = 0), ``first`` and ``last`` the same at the
    smallest and largest k > 0; ``chance`` 1 / the task's classes; ``notes`` what the
    page says (:func:`scarce_notes`)."""

    pair: DomainPair
    k: int
    scratch: object
    pooled: object
    curves: Curves
    gain: Comparison | None
    first: Comparison
    last: Comparison
    chance: float
    notes: tuple[Note, ...] = ()

    def at(self, name: str, k: int | None = None) -> float:
        """Curve ``name``'s mean accuracy at ``k`` (default: this k)."""
        return float(self.curves.mean[name][K_GRID.index(self.k if k is None else k)])


def run(shift: str, strength: float, seed: int, *, memo: Memo = call) -> DriftResult:
    check_int("seed", seed, 0)  # in words here, not as random_state below
    pair = make_domain_pair(shift, strength, n_target_labelled=0, random_state=seed)
    model = fit_baseline("source_only", pair)
    source_acc = float(model.score(pair.X_source_test, pair.y_source_test))
    target_acc = float(model.score(pair.X_test, pair.y_test))
    sweep = memo(drift_sweep, shift=shift)
    level = chance(n_classes(pair))
    new_share = float(np.mean(~np.isin(pair.y_test, pair.y_source)))
    result = DriftResult(shift, float(strength), pair, model, source_acc, target_acc,
                         compare(target_acc, source_acc), sweep, level,
                         target_acc < level, new_share)
    return replace(result, notes=drift_notes(result))


def drift_notes(r: DriftResult) -> tuple[Note, ...]:
    """What to notice, from this draw's two accuracies and their comparison."""
    src, acc = r.source_accuracy, r.target_accuracy
    values = dict(src=src, acc=acc, drop=shown_points(acc, src))
    verdict = r.comparison.verdict
    if r.shift == "none" or r.strength == 0:
        notes = [Note("unshifted" if verdict == "tie" else "unshifted_sampling", values)]
    elif r.shift == "prior" and verdict == "tie":
        notes = [Note("prior", values)]
    else:
        notes = [Note(f"drift_{verdict}", values)]
    if r.new_class_share > 0:
        notes.append(Note("new_class", dict(share=r.new_class_share)))
    if r.below_chance:
        notes.append(Note("below_chance", dict(acc=acc, chance=r.chance)))
    return tuple(notes)


def scarce_labels(shift: str, strength: float, k: int, seed: int, *,
                  memo: Memo = call) -> ScarceResult:
    few = make_domain_pair(shift, strength, n_target_labelled=k, random_state=seed)
    pooled = fit_baseline("pooled", few)
    scratch = fit_baseline("target_only", few) if k else None
    curves = memo(scarce_curves, shift=shift, strength=round(float(strength), 2))
    i = K_GRID.index(k)
    def gain_at(j):
        return compare(curves.scores["pooled"][:, j], curves.scores["target_only"][:, j])
    result = ScarceResult(few, k, scratch, pooled, curves, gain_at(i) if k else None,
                          gain_at(1), gain_at(len(K_GRID) - 1), chance(n_classes(few)))
    return replace(result, notes=scarce_notes(result))


def scarce_notes(r: ScarceResult) -> tuple[Note, ...]:
    """What to notice: the transfer gain at this k (average of the draws), then what
    happens with many labels, from the verdicts at the curve's two ends."""
    n = len(SEEDS)
    if r.gain is None:
        notes = [Note("no_labels", dict(pooled=r.at("pooled")))]
    else:
        scratch, pooled = r.at("target_only"), r.at("pooled")
        notes = [Note(f"gain_{r.gain.verdict}", dict(
            k=r.k, n=n, scratch=scratch, pooled=pooled,
            gain=shown_points(pooled, scratch)))]
    k_max = K_GRID[-1]
    if r.k < k_max:
        ends = dict(k_max=k_max, k_min=K_GRID[1],
                    scratch_max=r.at("target_only", k_max), pooled_max=r.at("pooled", k_max))
        if r.first.verdict == "ahead" and r.last.verdict == "behind":
            notes.append(Note("crossing", ends))
        else:
            notes.append(Note(f"many_{r.last.verdict}", ends))
    return tuple(notes)


def drift_sweep(shift: str) -> Curves:
    """The source model's accuracy on the source and on the target over
    :data:`SWEEP_STRENGTHS`, on the draws :data:`SEEDS`."""
    return shift_sweep(shift, SWEEP_STRENGTHS, seeds=SEEDS)


def scarce_curves(shift: str, strength: float) -> Curves:
    """Target-only, pooled and source-only against the number of labelled target
    points (:data:`K_GRID`), on the draws :data:`SEEDS`: each draw has ``max(K_GRID)``
    labels and a smaller budget uses the first ``k`` of them (one per class first).

    Binary shifts are fitted in one batch (:func:`tllib.linear.fit_batch`, the same
    ``LogisticRegression()``); ``label_space``, whose target has a third class, with
    scikit-learn (:func:`tllib.evaluate.learning_curve`)."""
    if shift == "label_space":
        return learning_curve(K_GRID, names=CURVES, seeds=SEEDS, shift=shift,
                              strength=strength)
    ks, kmax = np.array(K_GRID), max(K_GRID)
    pairs = [make_domain_pair(shift, strength, n_target_labelled=kmax, random_state=s)
             for s in SEEDS]
    orders = [labelled_order(p, s) for p, s in zip(pairs, SEEDS)]
    masks = (np.arange(kmax)[None, :] < ks[:, None]).astype(float)  # (n_ks, kmax)
    n_source = len(pairs[0].y_source)
    balanced = n_source / np.maximum(ks, 1)  # each target label weighs as the source / k
    problems = {"source_only": [], "target_only": [], "pooled": []}
    for p, order in zip(pairs, orders):
        XL, yL = p.X_target[order], p.y_target[order]
        problems["source_only"].append((p.X_source, p.y_source, np.ones(n_source)))
        problems["target_only"] += [(XL, yL, m) for m in masks[1:]]  # k = 0: nothing
        X, y = np.vstack([p.X_source, XL]), np.concatenate([p.y_source, yL])
        problems["pooled"] += [(X, y, np.concatenate([np.ones(n_source), m * w]))
                               for m, w in zip(masks, balanced)]
    X_test = np.stack([p.X_test for p in pairs])
    y_test = np.stack([p.y_test for p in pairs])
    scores = {}
    for name, batch in problems.items():
        coef, intercept = fit_batch(batch)
        per_draw = len(batch) // len(pairs)
        acc = linear.accuracy(coef, intercept, np.repeat(X_test, per_draw, axis=0),
                              np.repeat(y_test, per_draw, axis=0)).reshape(len(pairs), -1)
        scores[name] = acc
    scores["source_only"] = np.repeat(scores["source_only"], len(ks), axis=1)
    scores["target_only"] = np.hstack([np.full((len(pairs), 1), np.nan),
                                       scores["target_only"]])
    return Curves.from_scores(ks, {name: scores[name] for name in CURVES})


def background_settings() -> Iterator[BackgroundSetting]:
    """The drift sweep of every kind, and the learning curves of every (kind,
    strength) the controls can take."""
    for shift in KINDS:
        yield drift_sweep, {"shift": shift}
    for shift in KINDS:
        for strength in STRENGTHS:
            yield scarce_curves, {"shift": shift, "strength": strength}
