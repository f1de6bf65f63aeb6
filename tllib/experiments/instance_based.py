"""Experiment of the lesson "instance-based transfer" (slide 12): importance weights.

One draw (the seed control) of a covariate or a concept shift; each reweighting method
(KMM, KLIEP, a domain classifier) is fitted **once**, on the source and the target's
inputs (no target label), and scored beside source-only and target-only.
:func:`compare_methods` is shared with the feature-based lesson, whose mappings are
fitted the same way. No background: everything shown is this draw.

Words: a method against *source-only* is "the improvement over source-only" (the
unadapted source model is itself a way of using the source); its *transfer gain* is
against learning without the source on the same target labels — none here, so a
guess, :func:`tllib.evaluate.chance` — and only a gain "behind" is negative transfer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np

from .. import evaluate, instance
from ..datasets import DomainPair, make_domain_pair
from . import call, no_background

__all__ = ["KINDS", "WEIGHTINGS", "K_OPTIONS", "weighting", "MethodTable", "compare_methods",
           "InstanceResult", "run", "background_settings"]

KINDS = ("covariate", "conditional")
WEIGHTINGS = ("kmm", "kliep", "discriminator")
K_OPTIONS = (5, 10, 20, 50)


def weighting(name: str):
    """A fresh, unfitted reweighting estimator for a method's name."""
    if name == "kmm":  # B = 10: no source point may count for more than ten
        return instance.KernelMeanMatching(B=10.0)
    if name == "kliep":
        return instance.KLIEP(random_state=0)
    return instance.DiscriminatorReweighting()


@dataclass(frozen=True)
class MethodTable:
    """Every method of a lesson on one draw, each fitted once.

    ``accuracy`` maps ``"source_only"``, ``"target_only"`` and each method's name to
    its target test accuracy; ``model`` is the chosen method, fitted; ``source`` the
    fitted source-only model (for its boundary). ``gain`` (the chosen method against
    learning without the source: chance, since the methods use no target label;
    ``"behind"`` is negative transfer), ``vs_source`` (the improvement over
    source-only) and ``vs_target`` (against the ``k`` target labels alone)."""

    accuracy: Mapping[str, float]
    model: object
    source: object
    gain: evaluate.Comparison
    vs_source: evaluate.Comparison
    vs_target: evaluate.Comparison


def compare_methods(pair: DomainPair, estimators: Mapping[str, object], chosen: str, *,
                    target_labels: Mapping[str, bool] | None = None) -> MethodTable:
    """Fit each estimator once on ``pair`` (:func:`tllib.evaluate.fit_transfer`; with no
    target label unless ``target_labels[name]``), score it and both baselines, and
    compare the ``chosen`` one."""
    labels = dict(target_labels or {})
    source = evaluate.fit_baseline("source_only", pair)
    target = evaluate.fit_baseline("target_only", pair)
    accuracy = {"source_only": float(source.score(pair.X_test, pair.y_test)),
                "target_only": float(target.score(pair.X_test, pair.y_test))}
    fitted = None
    for name, estimator in estimators.items():
        model = evaluate.fit_transfer(estimator, pair, target_labels=labels.get(name, False))
        accuracy[name] = float(model.score(pair.X_test, pair.y_test))
        if name == chosen:
            fitted = model
    acc = accuracy[chosen]
    uses_labels = labels.get(chosen, False)
    without_source = (accuracy["target_only"] if uses_labels
                      else evaluate.chance(len(np.unique(pair.y_source))))
    return MethodTable(accuracy, fitted, source,
                       gain=evaluate.compare(acc, without_source),
                       vs_source=evaluate.compare(acc, accuracy["source_only"]),
                       vs_target=evaluate.compare(acc, accuracy["target_only"]))


@dataclass(frozen=True)
class InstanceResult:
    """What the page shows: the draw, the methods' table, and the chosen weights'
    summaries (effective sample size out of ``n``, the share of the weight on the
    heaviest fifth of the source)."""

    pair: DomainPair
    table: MethodTable
    ess: float
    n: int
    top_fifth: float

    @property
    def kept(self) -> bool:
        """Do the weights keep a part of the source (the heaviest fifth holds most)?"""
        return self.top_fifth > 0.5

    @property
    def few(self) -> bool:
        """Do the weights rest on under 5 % of the source?"""
        return self.ess < 0.05 * self.n


def run(kind: str, method: str, strength: float, k: int, seed: int, *,
        memo=call) -> InstanceResult:
    """One draw; every reweighting fitted once; the chosen one's weights summarised."""
    pair = make_domain_pair(kind, strength, n_target_labelled=k, random_state=seed)
    table = compare_methods(pair, {m: weighting(m) for m in WEIGHTINGS}, method)
    weights = table.model.weights_
    return InstanceResult(pair, table, instance.effective_sample_size(weights),
                          len(pair.y_source), instance.top_weight_share(weights, 0.2))


background_settings = no_background
