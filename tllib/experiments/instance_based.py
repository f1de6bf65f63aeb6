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

from dataclasses import dataclass, replace
from typing import Mapping

import numpy as np

from .. import evaluate, instance
from .._validation import check_int
from ..datasets import DomainPair, make_domain_pair
from ..evaluate import shown_percent
from . import Note, call, no_background

__all__ = ["KINDS", "WEIGHTINGS", "K_OPTIONS", "weighting", "MethodTable", "compare_methods",
           "table_values", "improvement_note", "table_flag", "InstanceResult", "run",
           "notes", "background_settings"]

KINDS = ("covariate", "conditional")
WEIGHTINGS = ("kmm", "kliep", "discriminator")
K_OPTIONS = (5, 10, 20, 50)


def weighting(name: str):
    """A fresh, unfitted reweighting estimator for a method's name."""
    if name == "kmm":  # B = 10: no source point may count for more than ten
        return instance.KernelMeanMatching(B=10.0)
    if name == "kliep":
        # 3-fold likelihood cross-validation, not the default 5: on this data it picks
        # the same width on every draw tried (and the same accuracy) in 22 ms, not 36,
        # which keeps a new draw of the lesson within its 100 ms rerun budget.
        return instance.KLIEP(cv=3, random_state=0)
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
    chosen: str = ""
    chance: float = 0.5


def table_values(table: MethodTable, k: int) -> dict:
    """The numbers the sentences about ``table``'s chosen method are filled with:
    accuracies as fractions, differences in whole points of the accuracies as shown."""
    acc = table.accuracy
    chosen, src, target = acc[table.chosen], acc["source_only"], acc["target_only"]
    return dict(acc=chosen, src=src, target=target, k=k, chance=table.chance,
                gain=shown_percent(chosen) - shown_percent(src), vs_target=shown_percent(chosen) - shown_percent(target))


def improvement_note(table: MethodTable, values: dict) -> Note:
    """The chosen method against the source model as it is: better, a tie, or worse."""
    verdict = {"ahead": "better", "tie": "tie"}.get(table.vs_source.verdict, "worse")
    return Note(f"now_{verdict}", values)


def table_flag(table: MethodTable, values: dict) -> Note | None:
    """Negative transfer (below learning without the source: with no target label, a
    guess), else a loss against the source model as it is, else nothing."""
    if table.gain.verdict == "behind":
        return Note("negative", values)
    if table.vs_source.verdict == "behind":
        return Note("hurt", values)
    return None


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
                       vs_target=evaluate.compare(acc, accuracy["target_only"]),
                       chosen=chosen, chance=evaluate.chance(len(np.unique(pair.y_source))))


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
    kind: str = "covariate"
    k: int = 0
    notes: tuple = ()
    flag: Note | None = None

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
    check_int("seed", seed, 0)  # in words here, not as random_state below
    pair = make_domain_pair(kind, strength, n_target_labelled=k, random_state=seed)
    table = compare_methods(pair, {m: weighting(m) for m in WEIGHTINGS}, method)
    weights = table.model.weights_
    result = InstanceResult(pair, table, instance.effective_sample_size(weights),
                            len(pair.y_source), instance.top_weight_share(weights, 0.2),
                            kind=kind, k=int(k))
    return replace(result, notes=notes(result),
                   flag=table_flag(table, table_values(table, int(k))))


def notes(r: InstanceResult) -> tuple[Note, ...]:
    """What to notice: the weights against the source model as it is; which part of the
    source they keep (or, under a concept shift, why they cannot help); a warning when
    the weighted source rests on a handful of points."""
    values = {**table_values(r.table, r.k), "share": r.top_fifth, "ess": r.ess, "n": r.n}
    said = [improvement_note(r.table, values)]
    if r.kind == "conditional":
        said.append(Note("concept" if r.table.vs_source.verdict == "tie"
                         else "concept_moved", values))
    else:
        said.append(Note("kept" if r.kept else "spread", values))
    if r.few:
        said.append(Note("few", values))
    return tuple(said)


background_settings = no_background
