"""Small drawing steps shared by the data generators (datasets, tasks, relatives,
multi-task and multi-view data), so every generator flips labels and chooses its
labelled target points the same way."""

from __future__ import annotations

import numpy as np

__all__ = ["flip_labels", "choose_labelled"]


def flip_labels(rng, y, noise) -> np.ndarray:
    """``y`` (0/1) with each label flipped with probability ``noise``."""
    flipped = rng.random(len(y)) < noise
    return np.where(flipped, 1 - y, y)


def choose_labelled(rng, y, k) -> np.ndarray:
    """A boolean mask of ``k`` points: one of each class first (as far as ``k``
    allows), then uniformly at random among the rest."""
    mask = np.zeros(len(y), dtype=bool)
    for c in rng.permutation(np.unique(y))[:k]:
        mask[rng.choice(np.flatnonzero(y == c))] = True
    rest = np.flatnonzero(~mask)
    mask[rng.choice(rest, size=k - int(mask.sum()), replace=False)] = True
    return mask
