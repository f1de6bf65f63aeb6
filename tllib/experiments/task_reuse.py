"""Experiment of the lesson "a task already done" (slide 3): reuse a finished source
model (the car detector) for a related target task (bicycles) with L2-SP, against
learning from scratch (target-only).

This draw (the seed control): the car model, the bicycle model reusing its weights and
the one from scratch, fitted on the draw's ``k`` labels. The background, a learning curve
over the number of labels averaged over five fixed draws, depends on the relatedness
only; from it, how many labels each approach needs to reach the goal.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Iterator

import numpy as np

from .. import linear
from .._validation import check_int
from ..evaluate import (
    Comparison,
    Curves,
    compare,
    labelled_order,
    labels_to_reach,
    shown_points,
)
from ..linear import fit_batch, source_models
from ..tasks import make_task_pair, task_normal
from . import BackgroundSetting, Memo, Note, call

__all__ = ["K_GRID", "RELATEDNESS", "STRENGTH", "CURVE_SEEDS", "TaskReuseResult", "run",
           "learning_curves", "fit_reuse", "notes_for", "background_settings"]

K_GRID = (2, 4, 8, 16, 32, 64, 128, 256)
RELATEDNESS = tuple(round(0.05 * i, 2) for i in range(21))  # the slider's values
# The pull towards the car's weights: strong enough that two labels cannot spoil them,
# weak enough that a hundred labels correct them (at relatedness 0.85, reuse is at
# least as good as both the car model and scratch at every k).
STRENGTH = 3.0
CURVE_SEEDS = tuple(range(5))  # the background's fixed draws


@dataclass(frozen=True)
class TaskReuseResult:
    """Everything the page shows.

    This draw: ``pair``, the three fitted models ``car``, ``reused``, ``scratch`` (for
    the plane), their weights (``weights``: car, reused, scratch, and ``ideal``, the true
    rule's direction as long as the car's) and test ``accuracy``. The background:
    ``curves`` (reuse, target_only, source_only; average of :data:`CURVE_SEEDS`),
    ``k_scratch`` / ``k_reuse`` the labels each needs to reach ``goal`` (nan: never on
    the grid), ``gain`` reuse against target-only at ``k`` over those draws
    (``"behind"``: negative transfer); ``notes`` what the page says
    (:func:`notes_for`)."""

    pair: object
    car: object
    reused: object
    scratch: object
    weights: dict
    accuracy: dict
    curves: Curves
    k: int
    goal: float
    k_scratch: float
    k_reuse: float
    gain: Comparison
    notes: tuple[Note, ...] = ()

    @property
    def n_features(self) -> int:
        return len(self.weights["car"])

    @property
    def scratch_reaches(self) -> bool:
        return not math.isnan(self.k_scratch)

    @property
    def reuse_reaches(self) -> bool:
        return not math.isnan(self.k_reuse)

    @property
    def saved(self) -> float:
        """Labels reuse saves at the goal: ``k_scratch - k_reuse``, negative when reuse
        needs more (nan unless both reach it)."""
        return self.k_scratch - self.k_reuse

    def at(self, name: str) -> float:
        """Curve ``name``'s mean accuracy at this k."""
        return float(self.curves.mean[name][K_GRID.index(self.k)])


def notes_for(r: TaskReuseResult) -> tuple[Note, ...]:
    """What to notice: the transfer gain at this k (average of the draws), then the
    labels each approach needs to reach the goal on the grid."""
    scratch, reuse = r.at("target_only"), r.at("reuse")
    notes = [Note(f"now_{r.gain.verdict}", dict(
        k=r.k, n=len(CURVE_SEEDS), scratch=scratch, reuse=reuse,
        source=r.at("source_only"), gain=shown_points(reuse, scratch)))]
    values = dict(goal=r.goal, k_max=K_GRID[-1])
    if r.scratch_reaches:
        values["scratch"] = int(r.k_scratch)
    if r.reuse_reaches:
        values["reuse"] = int(r.k_reuse)
    if r.scratch_reaches and r.reuse_reaches:
        saved = int(r.saved)
        name = "saved" if saved > 0 else "same_labels" if saved == 0 else "costs"
        notes.append(Note(name, dict(values, saved=saved, extra=-saved)))
    elif r.reuse_reaches:
        notes.append(Note("never_scratch", values))
    elif r.scratch_reaches:
        notes.append(Note("never_reuse", values))
    else:
        notes.append(Note("never", values))
    return tuple(notes)


def fit_reuse(X_source, y_source, X_labelled, y_labelled, weights=None,
              source=None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Scratch and reuse on the labelled target points, in one batch.

    Scratch is ``LogisticRegression()`` on the labels alone (target-only); reuse is
    L2-SP (:class:`tllib.parameter.SourcePriorLogisticRegression` with
    ``source_strength`` :data:`STRENGTH`): the summed target loss ``+ (lambda / 2)
    ||theta - theta_car||^2`` over the weights *and* the intercept. ``X_labelled`` is
    (k, d) or one set per problem (B, k, d); ``weights`` (B, k) picks each problem's
    labels (nested budgets); ``source`` (coef, intercept) is the car model, fitted
    here when ``None``.

    Returns (car coef (d,), car intercept, coefs (2, B, d), intercepts (2, B)):
    scratch first, then reuse."""
    if source is None:
        source = source_models([(X_source, y_source)])
    ws, bs = np.asarray(source[0]).reshape(-1), float(np.asarray(source[1]).reshape(-1)[0])
    X = np.asarray(X_labelled, dtype=float)
    X = X if X.ndim == 3 else X[None]
    y = np.broadcast_to(y_labelled, X.shape[:2])
    w = np.ones(X.shape[:2]) if weights is None else np.asarray(weights, dtype=float)
    n = len(w)
    X, y = np.broadcast_to(X, (n, *X.shape[1:])), np.broadcast_to(y, (n, X.shape[1]))
    problems = [(X[i], y[i], w[i]) for i in range(n)] * 2
    alpha = np.repeat([1.0, STRENGTH], n)
    coef, intercept = fit_batch(problems, alpha=alpha, alpha_intercept=np.repeat(
        [0.0, STRENGTH], n), coef_init=np.concatenate([np.zeros((n, len(ws))),
                                                       np.tile(ws, (n, 1))]),
        intercept_init=np.repeat([0.0, bs], n))
    return ws, bs, coef.reshape(2, n, -1), intercept.reshape(2, n)


def run(relatedness: float, k: int, goal: float, seed: int, *,
        memo: Memo = call) -> TaskReuseResult:
    # 1. This draw: the car model, and the bicycle models on its k labels.
    check_int("seed", seed, 0)  # in words here, not as random_state below
    pair = make_task_pair(relatedness, n_target_labelled=k, random_state=seed)
    ws, bs, coef, intercept = fit_reuse(pair.X_source, pair.y_source,
                                        pair.X_target_labelled, pair.y_target_labelled)
    models = {"car": (ws, bs), "scratch": (coef[0, 0], intercept[0, 0]),
              "reused": (coef[1, 0], intercept[1, 0])}
    accuracy = {name: float(linear.accuracy(w, b, pair.X_test, pair.y_test)[0])
                for name, (w, b) in models.items()}
    weights = {name: w for name, (w, _) in models.items()}
    weights["ideal"] = task_normal(relatedness, len(ws)) * np.linalg.norm(ws)
    # 2. The learning curves (five fixed draws) and what they say at this k and goal.
    curves = memo(learning_curves, relatedness=round(float(relatedness), 2))
    i = K_GRID.index(k)
    gain = compare(curves.scores["reuse"][:, i], curves.scores["target_only"][:, i])
    result = TaskReuseResult(
        pair, *(linear.as_estimator(*models[name]) for name in ("car", "reused", "scratch")),
        weights, accuracy, curves, k, goal, labels_to_reach(curves, "target_only", goal),
        labels_to_reach(curves, "reuse", goal), gain)
    return replace(result, notes=notes_for(result))


def learning_curves(relatedness: float) -> Curves:
    """Reuse, target-only and source-only (the car model as it is) against the number
    of bicycle labels, on the draws :data:`CURVE_SEEDS`. Each draw has ``max(K_GRID)``
    labels; a smaller budget uses the first ``k`` of them (one per class first), so the
    curves differ only by how many labels were seen."""
    ks = np.array(K_GRID)
    pairs = [make_task_pair(relatedness, n_target_labelled=int(ks.max()), random_state=s)
             for s in CURVE_SEEDS]
    masks = (np.arange(ks.max())[None, :] < ks[:, None]).astype(float)  # (n_ks, kmax)
    cars = source_models([(p.X_source, p.y_source) for p in pairs])
    scores = {name: np.empty((len(pairs), len(ks)))
              for name in ("reuse", "target_only", "source_only")}
    for i, (pair, seed) in enumerate(zip(pairs, CURVE_SEEDS)):
        order = labelled_order(pair, seed)
        _, _, coef, intercept = fit_reuse(
            pair.X_source, pair.y_source, pair.X_target[order], pair.y_target[order],
            weights=masks, source=(cars[0][i], cars[1][i]))
        for j, name in enumerate(("target_only", "reuse")):
            scores[name][i] = linear.accuracy(coef[j], intercept[j], pair.X_test, pair.y_test)
        scores["source_only"][i] = linear.accuracy(cars[0][i], cars[1][i], pair.X_test,
                                                   pair.y_test)[0]
    return Curves.from_scores(ks, scores)


def background_settings() -> Iterator[BackgroundSetting]:
    """The learning curves at every relatedness the slider can take."""
    for r in RELATEDNESS:
        yield learning_curves, {"relatedness": r}
