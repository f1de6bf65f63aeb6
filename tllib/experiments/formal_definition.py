"""Experiment of the lesson "the formal definition" (slide 7): D = {X, P(x)},
T = {Y, f(x) = P(y|x)}. One draw of a source and a target that differ in the chosen
part, and each part measured on the two samples. Cheap throughout: no background."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .._validation import check_int
from ..datasets import DIFFERING_PART, DomainPair, describe_shift, make_domain_pair
from . import Memo, Note, call, no_background

__all__ = ["KINDS", "NOISE", "FEATURE_DETAILS", "PARTS", "DefinitionResult", "run",
           "parts_that_differ", "notes_for", "background_settings"]

KINDS = ("feature", "covariate", "label_space", "conditional", "prior", "none")
NOISE = 0.05  # label noise: the share of labels that disagree with any rule
FEATURE_DETAILS = ("x1_scale", "x2_scale", "x1_offset", "x2_offset")
PARTS = ("X", "P(x)", "Y", "P(y|x)", "P(y)")  # the parts of D and T, in formula order
Z = 3.0  # a measured difference counts when it exceeds Z standard errors of sampling


@dataclass(frozen=True)
class DefinitionResult:
    """This draw and what differs.

    ``differing`` is the part of D or T the kind changes (``None``: nothing, or
    strength 0); ``measured`` is :func:`tllib.datasets.describe_shift` of the pair;
    ``mean_distance`` the distance between the source's and target's means of the two
    informative features; ``feature_map`` the target's feature scales and offsets (only
    for a changed feature space, else ``None``); ``new_class`` whether the target's
    label set differs from the source's; ``differs`` each part of :data:`PARTS` that
    differs *as measured on these samples* (beyond :data:`Z` standard errors of
    sampling), with ``noise`` those standard-error thresholds; ``notes`` what the page
    says (:func:`notes_for`)."""

    pair: DomainPair
    differing: str | None
    measured: dict
    mean_distance: float
    feature_map: dict | None
    new_class: bool
    differs: dict
    noise: dict
    notes: tuple[Note, ...] = ()


def run(kind: str, strength: float, seed: int, *, memo: Memo = call) -> DefinitionResult:
    check_int("seed", seed, 0)  # in words here, not as random_state below
    pair = make_domain_pair(kind, strength, noise=NOISE, random_state=seed)
    measured = describe_shift(pair)
    mean_s, mean_t = measured["mean"]
    changed = strength > 0
    feature_map = ({k: pair.details[k] for k in FEATURE_DETAILS}
                   if kind == "feature" and changed else None)
    distance = float(np.linalg.norm(mean_t - mean_s))
    differs, noise = parts_that_differ(pair, measured, distance, feature_map is not None)
    result = DefinitionResult(
        pair, DIFFERING_PART[kind] if changed else None, measured, distance, feature_map,
        measured["label_set"][0] != measured["label_set"][1], differs, noise)
    return replace(result, notes=notes_for(result))


def parts_that_differ(pair, measured, distance, new_features) -> tuple[dict, dict]:
    """Which parts differ on these samples, each against its sampling noise: the
    means of x (P(x)), the class shares (P(y)), the agreement with the source's rule
    against ``1 - NOISE`` (P(y|x)); the feature and label sets exactly."""
    n_s, n_t = len(pair.y_source), len(pair.y_test)
    var = pair.X_source[:, :2].var(axis=0) / n_s + pair.X_test[:, :2].var(axis=0) / n_t
    shares_s, shares_t = measured["class_shares"]
    gaps, share_noise = [], 0.0
    for c in set(shares_s) | set(shares_t):
        a, b = shares_s.get(c, 0.0), shares_t.get(c, 0.0)
        p = (a * n_s + b * n_t) / (n_s + n_t)
        share_noise = max(share_noise, Z * np.sqrt(p * (1 - p) * (1 / n_s + 1 / n_t)))
        gaps.append(abs(a - b))
    noise = {"P(x)": float(Z * np.sqrt(var.sum())), "P(y)": float(share_noise),
             "P(y|x)": float(Z * np.sqrt(NOISE * (1 - NOISE) / n_t))}
    differs = {
        "X": bool(new_features),
        "P(x)": distance > noise["P(x)"],
        "Y": measured["label_set"][0] != measured["label_set"][1],
        "P(y|x)": measured["rule_agreement"] < 1 - NOISE - noise["P(y|x)"],
        "P(y)": max(gaps) > noise["P(y)"],
    }
    return differs, noise


def notes_for(r: DefinitionResult) -> tuple[Note, ...]:
    """What to notice: the rule, the inputs and (when they moved) the classes, each as
    measured against its sampling noise; then whether the shift moved other parts."""
    m = r.measured
    notes = [
        Note("rule_changed" if r.differs["P(y|x)"] else "rule_kept",
             dict(agree=m["rule_agreement"], expected=1 - NOISE)),
        Note("means_moved" if r.differs["P(x)"] else "means_same",
             dict(distance=r.mean_distance, noise=r.noise["P(x)"])),
    ]
    if r.new_class:
        notes.append(Note("new_class", dict(source_labels=str(m["label_set"][0]),
                                            target_labels=str(m["label_set"][1]))))
    elif r.differs["P(y)"]:
        notes.append(Note("shares_moved", dict(share=m["class_shares"][1].get(1, 0.0),
                                               source_share=m["class_shares"][0].get(1, 0.0))))
    if any(differ for part, differ in r.differs.items() if part != r.differing):
        notes.append(Note("knock_on" if r.differing else "sampling"))
    return tuple(notes)


background_settings = no_background
