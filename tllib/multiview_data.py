"""Data for multi-view learning: "videos" seen through two views, images and audio,
with knobs that break co-training's two assumptions (each view *sufficient*, the views
*independent* given the class). The estimator lives in :mod:`tllib.multiview`, the
lesson's experiment in :mod:`tllib.experiments.multi_view`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validation import as_generator, check_float, check_size
from .datasets import DomainPair

__all__ = ["FEATURE_NAMES", "VIEW_NAMES", "TwoViewData", "make_two_view_data"]

VIEW_NAMES = ("image", "audio")
FEATURE_NAMES = ("image_brightness", "image_edges", "audio_pitch", "audio_volume")
_SEPARATION = 1.0  # class means at +-this along each feature of a sufficient view
_STRETCH = 3.0  # noise std across the class direction, within each view (1 along it)



@dataclass(frozen=True)
class TwoViewData:
    """Labelled, unlabelled and test points with two named views.

    Attributes
    ----------
    X_labelled, y_labelled : ndarrays of shape (n_labelled, 4) and (n_labelled,)
    X_unlabelled, y_unlabelled : ndarrays of shape (n_unlabelled, 4) and (n_unlabelled,)
        ``y_unlabelled`` holds the hidden labels, for checking only.
    X_test, y_test : ndarrays of shape (n_test, 4) and (n_test,)
    feature_names : tuple of str
        :data:`FEATURE_NAMES`: two image features then two audio features.
    views : tuple of two tuples of int
        Column indices of the image view and the audio view.
    sufficiency, independence : float
        The settings the data were drawn with.
    """

    X_labelled: np.ndarray
    y_labelled: np.ndarray
    X_unlabelled: np.ndarray
    y_unlabelled: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    feature_names: tuple = FEATURE_NAMES
    views: tuple = ((0, 1), (2, 3))
    sufficiency: float = 1.0
    independence: float = 1.0

    @property
    def X_train(self) -> np.ndarray:
        """Labelled then unlabelled points, the order :attr:`y_train` follows."""
        return np.vstack([self.X_labelled, self.X_unlabelled])

    @property
    def y_train(self) -> np.ndarray:
        """Labels with ``-1`` for every unlabelled point (scikit-learn's convention)."""
        return np.concatenate([self.y_labelled, np.full(len(self.y_unlabelled), -1)])

    def as_pair(self, view: int) -> DomainPair:
        """One view's two features as :func:`tllib.plots.domain_scatter` draws a sample:
        the labelled points as labelled target points among the unlabelled ones (their
        hidden labels kept, so a figure may colour them). For drawing only."""
        v = list(self.views[view])
        X = self.X_train[:, v]
        y = np.concatenate([self.y_labelled, self.y_unlabelled])
        labelled = np.arange(len(y)) < len(self.y_labelled)
        return DomainPair(X[labelled], y[labelled], X, y, labelled,
                          self.X_test[:, v], self.y_test, self.X_test[:, v], self.y_test,
                          shift="none", strength=0.0)


def make_two_view_data(
    n_labelled: int = 6,
    n_unlabelled: int = 400,
    n_test: int = 1000,
    *,
    sufficiency: float = 1.0,
    independence: float = 1.0,
    noise: float = 0.05,
    random_state=None,
) -> TwoViewData:
    """Draw objects seen through two views, image and audio, each with two features.

    Per object, with ``s = 2y - 1`` (±1)::

        image = s * (1, 1)               + E_image
        audio = s * sufficiency * (1, 1) + c * E_image + sqrt(1 - c^2) * E_new,
                                           c = 1 - independence

    where ``E_image`` and ``E_new`` are Gaussian noise with standard deviation 1 along
    the class direction ``(1, 1)`` and 3 across it, ``(1, -1)``: the classes overlap
    little, but from a handful of labels the direction that separates them is hard to
    tell from the noise, so a view's learner needs the unlabelled points. Each label is
    then flipped with probability ``noise``. One view alone, with enough labels, is
    right on about 92% of the objects.

    With ``independence < 1`` and ``sufficiency < 1`` together, the audio's noise is
    partly the image's while its signal is weaker, so a learner that sees both views at
    once can subtract one from the other and cancel the noise: correct statistics, but
    it flatters the concatenated-views learner in that corner.

    Parameters
    ----------
    n_labelled : int, default=6
        Labelled points, alternately of each class; at least 2.
    n_unlabelled, n_test : int, default=400 and 1000
        At least 1 each.
    sufficiency : float, default=1.0
        In [0, 1]: how much the audio view tells about the class, relative to the image
        view. At 0 the audio is unrelated to the class: not a sufficient view.
    independence : float, default=1.0
        In [0, 1]: 1 makes the views independent given the class; 0 makes the audio's
        noise a copy of the image's, so the audio learner repeats the image learner's
        mistakes instead of correcting them.
    noise : float, default=0.05
        Probability of flipping each label, in [0, 0.5).
    random_state : int, numpy.random.Generator or None, default=None

    Returns
    -------
    TwoViewData
    """
    check_size("n_labelled", n_labelled, 2)
    check_size("n_unlabelled", n_unlabelled, 1)
    check_size("n_test", n_test, 1)
    check_float("sufficiency", sufficiency, 0.0, 1.0)
    check_float("independence", independence, 0.0, 1.0)
    check_float("noise", noise, 0.0, 0.5, high_open=True)
    rng = as_generator(random_state)
    c = 1.0 - float(independence)

    def draw(y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        s = (2 * y - 1)[:, None] * _SEPARATION
        e_image = _stretched_noise(rng, len(y))
        e_new = _stretched_noise(rng, len(y))
        image = s + e_image
        audio = s * float(sufficiency) + c * e_image + np.sqrt(1.0 - c * c) * e_new
        flipped = rng.random(len(y)) < noise
        return np.hstack([image, audio]), np.where(flipped, 1 - y, y)

    arrays = []
    for y in (rng.permutation(np.arange(n_labelled) % 2), rng.integers(0, 2, n_unlabelled),
              rng.integers(0, 2, n_test)):
        X, y = draw(y)
        X.setflags(write=False)
        y.setflags(write=False)
        arrays += [X, y]
    return TwoViewData(*arrays, sufficiency=float(sufficiency),
                       independence=float(independence))


def _stretched_noise(rng, n) -> np.ndarray:
    """Standard normal noise stretched by ``_STRETCH`` along ``(1, -1) / sqrt(2)``."""
    e = rng.standard_normal((n, 2))
    across = np.array([1.0, -1.0]) / np.sqrt(2.0)
    return e + (_STRETCH - 1.0) * np.outer(e @ across, across)


