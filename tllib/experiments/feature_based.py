"""Experiment of the lesson "feature-based transfer" (slide 13): learn a map of the inputs.

One draw (the seed control) of recalibrated sensors; each mapping (CORAL with and without
mean alignment, subspace alignment, TCA) is fitted **once**, from the target's inputs
alone, and feature augmentation once with the ``k`` target labels, all through
:func:`tllib.experiments.instance_based.compare_methods` (shared with the instance-based
lesson). The chosen mapping's view of both domains is kept for the "after" figure. No
background: everything shown is this draw.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .. import augmentation, evaluate, feature
from .._validation import check_int
from ..datasets import DomainPair, make_domain_pair
from . import Note, call, no_background
from .instance_based import (
    MethodTable,
    compare_methods,
    improvement_note,
    table_flag,
    table_values,
)

__all__ = ["MAPPINGS", "K_OPTIONS", "mapping", "FeatureResult", "run", "background_settings"]

MAPPINGS = ("coral", "coral_paper", "sa", "tca")
K_OPTIONS = (2, 5, 10, 20, 50, 100)


def mapping(name: str):
    """A fresh, unfitted estimator for a mapping's name (or ``"augmentation"``)."""
    if name in ("coral", "coral_paper"):
        return feature.CORAL(align_means=name == "coral")
    if name == "sa":
        return feature.SubspaceAlignment(n_components=2)
    if name == "augmentation":
        return augmentation.FeatureAugmentation()
    return feature.TransferComponentAnalysis(kernel="linear", n_components=1)


@dataclass(frozen=True)
class FeatureResult:
    """The draw, the methods' table (``table.accuracy`` also holds ``"augmentation"``,
    which sees the ``k`` target labels), and what the chosen mapping shows the base
    estimator: the mapped source and target and the classifier trained on them.
    ``best`` is the mapping with the highest accuracy on this draw; ``shifted`` is
    False when source and target are measured alike (nothing to fix)."""

    pair: DomainPair
    table: MethodTable
    mapped_source: np.ndarray
    mapped_target: np.ndarray
    classifier: object
    best: str
    shifted: bool
    tied: tuple = ()  # the other mappings within the noise of the best one
    k: int = 0
    notes: tuple = ()
    flag: Note | None = None


def notes(r: FeatureResult) -> tuple[Note, ...]:
    """What to notice: the mapping against the source model as it is, against the ``k``
    target labels alone (ahead, a tie, or behind), and which mapping is best at this
    shift (or that the top ones are tied; or, with no shift, that there is nothing to
    fix). ``best`` is a mapping's name, for the page to translate."""
    values = table_values(r.table, r.k)
    said = [improvement_note(r.table, values)]
    said.append(Note({"ahead": "beats_target", "tie": "ties_target"}.get(
        r.table.vs_target.verdict, "target_ahead"), values))
    if not r.shifted:
        said.append(Note("none", values))
    else:
        best = dict(best=r.best, best_acc=r.table.accuracy[r.best], n_tied=len(r.tied))
        said.append(Note("best_tied" if r.tied else "best", best))
    return tuple(said)


def run(method: str, strength: float, k: int, seed: int, *, memo=call) -> FeatureResult:
    """One draw; every mapping (and feature augmentation) fitted once."""
    check_int("seed", seed, 0)  # in words here, not as random_state below
    pair = make_domain_pair("feature", strength, n_target_labelled=k, random_state=seed)
    table = compare_methods(pair, {m: mapping(m) for m in (*MAPPINGS, "augmentation")},
                            method, target_labels={"augmentation": True})
    model = table.model
    best = max(MAPPINGS, key=table.accuracy.get)
    tied = tuple(m for m in MAPPINGS if m != best and evaluate.compare(
        table.accuracy[m], table.accuracy[best]).verdict == "tie")
    result = FeatureResult(
        pair, table, model.transform(pair.X_source, domain="source"),
        model.transform(pair.X_target, domain="target"), model.estimator_,
        best=best, shifted=strength > 0, tied=tied, k=int(k))
    return replace(result, notes=notes(result), flag=table_flag(table, table_values(table, int(k))))


background_settings = no_background
