"""Feature augmentation: "frustratingly easy" domain adaptation (Daumé III, 2007).

A feature-based method for when a few target labels exist: instead of mapping one
domain onto the other, give every input a shared copy and a copy of its own domain, and
let the base estimator decide what is shared. Built on the same skeleton as the
mappings in :mod:`tllib.feature` (``transform(X, domain=...)``, target points predicted
through the target map).

References
----------
Daumé III, H. (2007). Frustratingly easy domain adaptation. ACL.
"""

from __future__ import annotations

import numpy as np

from ._base import FeatureTransfer

__all__ = ["FeatureAugmentation"]


class FeatureAugmentation(FeatureTransfer):
    r"""Frustratingly easy domain adaptation: a shared copy and a per-domain copy.

    Each input is tripled into a general block and one block per domain::

        source x  ->  [x, x, 0]          target x  ->  [x, 0, x]

    A linear base estimator on the augmented inputs learns ``w = [w_g, w_s, w_t]``: a
    source point is scored by ``w_g + w_s``, a target point by ``w_g + w_t``. The
    regulariser prefers putting what both domains share into ``w_g`` (used by both),
    and only what differs into ``w_s`` or ``w_t``. The base estimator is trained on the
    augmented source and the **labelled** target points (``yt != -1``); target points
    are predicted through ``[x, 0, x]``. Unlabelled target points are not used.

    Without a labelled target point the target block would have nothing to learn from
    (and a regularised model would predict target points with only half its source
    weights), so the augmentation is skipped: the map is the identity and the estimator
    **is** the base estimator trained on the source.

    Parameters
    ----------
    estimator : classifier or None, default=None
        The base estimator (cloned); None means ``LogisticRegression()``.

    Attributes
    ----------
    n_target_labelled_ : int
        The labelled target points used (0 means no augmentation).
    estimator_, classes_, n_features_in_
        As in :class:`CORAL`.
    has_target_ : bool
        True when at least one labelled target point was given (the map is active).

    References
    ----------
    Daumé III, H. (2007). Frustratingly easy domain adaptation. ACL.
    """

    def __init__(self, estimator=None):
        self.estimator = estimator

    def _check_params(self):
        self._check_estimator()

    def _fit_map(self, X, Xt, y, labelled):
        self.n_target_labelled_ = int(labelled.sum())
        self.has_target_ = self.n_target_labelled_ > 0

    def _map(self, X, domain):
        zero = np.zeros_like(X)
        return np.hstack([X, X, zero] if domain == "source" else [X, zero, X])
