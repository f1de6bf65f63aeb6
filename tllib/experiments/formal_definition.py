"""Experiment of the lesson "the formal definition" (slide 7): D = {X, P(x)},
T = {Y, f(x) = P(y|x)}. One draw of a source and a target that differ in the chosen
part, and each part measured on the two samples. Cheap throughout: no background."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..datasets import DIFFERING_PART, DomainPair, describe_shift, make_domain_pair
from . import Memo, call, no_background

__all__ = ["KINDS", "NOISE", "FEATURE_DETAILS", "DefinitionResult", "run",
           "background_settings"]

KINDS = ("feature", "covariate", "label_space", "conditional", "prior", "none")
NOISE = 0.05  # label noise: the share of labels that disagree with any rule
FEATURE_DETAILS = ("x1_scale", "x2_scale", "x1_offset", "x2_offset")


@dataclass(frozen=True)
class DefinitionResult:
    """This draw and what differs.

    ``differing`` is the part of D or T the kind changes (``None``: nothing, or
    strength 0); ``measured`` is :func:`tllib.datasets.describe_shift` of the pair;
    ``mean_distance`` the distance between the source's and target's means of the two
    informative features; ``feature_map`` the target's feature scales and offsets (only
    for a changed feature space, else ``None``); ``new_class`` whether the target's
    label set differs from the source's."""

    pair: DomainPair
    differing: str | None
    measured: dict
    mean_distance: float
    feature_map: dict | None
    new_class: bool


def run(kind: str, strength: float, seed: int, *, memo: Memo = call) -> DefinitionResult:
    pair = make_domain_pair(kind, strength, noise=NOISE, random_state=seed)
    measured = describe_shift(pair)
    mean_s, mean_t = measured["mean"]
    changed = strength > 0
    feature_map = ({k: pair.details[k] for k in FEATURE_DETAILS}
                   if kind == "feature" and changed else None)
    return DefinitionResult(
        pair, DIFFERING_PART[kind] if changed else None, measured,
        float(np.linalg.norm(mean_t - mean_s)), feature_map,
        measured["label_set"][0] != measured["label_set"][1])


background_settings = no_background
