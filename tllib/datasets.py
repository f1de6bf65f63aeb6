"""Synthetic source/target pairs with a controllable kind and amount of shift.

Every lesson draws its data from :func:`make_domain_pair`. A *domain* is a marginal
distribution over inputs, ``P(x)``, and a *task* is a labelling rule, ``P(y|x)``
(Pan & Yang, 2010). The generator starts from one source domain and task and moves the
target away from it in exactly one way, so a lesson can show what each kind of shift does
to a model trained on the source.

The source (two informative features ``x1``, ``x2``)::

    x ~ N(c, I),  c = (-1.2, 0)
    y = 1  if  x2 > 0.35 * x1**2 - 0.9  else 0      (a parabola: curved, so a linear
                                                      model fits it only locally)

then each label is flipped with probability ``noise``. Extra features (``n_features > 2``)
are independent N(0, 1) noise in both domains and carry no signal.

Shift kinds, each with ``strength`` in [0, 1] where 0 means identical domains:

``none``
    The target is drawn exactly like the source.
``covariate``
    ``P(x)`` moves, ``P(y|x)`` stays: the target's mean slides along ``x1`` by
    ``3 * strength``, labelled by the same parabola.
``prior`` (label shift)
    ``P(y)`` changes, ``P(x|y)`` stays: both domains are drawn class by class from the same
    class-conditional distributions; the source is balanced and the target's share of
    class 1 moves from 0.5 towards ``target_prior``.
``conditional`` (concept shift)
    ``P(y|x)`` changes, ``P(x)`` stays: the target's parabola is the source's, rotated
    about ``c`` by ``180 * strength`` degrees.
``feature``
    The representation changes: the target measures the same objects with recalibrated
    sensors, each informative feature with its own gain and zero point. About ``c``,
    ``x1`` is scaled by ``1 + strength`` and ``x2`` by ``1 / (1 + strength / 2)``, then
    the cloud moves by ``(0.5, -2) * strength``; labels come from the unseen original
    coordinates. A mapping that undoes the change makes the domains identical, and it
    can be found without a single target label by matching the target's mean and
    covariance (see the feature-based lesson).
``label_space``
    ``Y`` changes: class-1 points beyond a threshold on ``x1`` belong to a new class 2
    that the source never had; the threshold sweeps from no point (0) to every point (1).

References
----------
Pan, S. J. & Yang, Q. (2010). A survey on transfer learning. IEEE TKDE 22(10).
Moreno-Torres, J. G. et al. (2012). A unifying view on dataset shift in classification.
Pattern Recognition 45(1).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

import numpy as np
from scipy.stats import norm

from ._sampling import choose_labelled, flip_labels
from ._validation import (
    MAX_FEATURES, as_generator, check_float, check_int, check_random_state, check_size,
)

__all__ = [
    "SHIFT_KINDS", "DIFFERING_PART", "DomainPair", "make_domain_pair", "source_rule",
    "describe_shift",
]

SHIFT_KINDS = ("none", "covariate", "prior", "conditional", "feature", "label_space")

# Which part of the domain D = {X, P(x)} or the task T = {Y, f(x) = P(y|x)} each kind
# changes at its root (other parts may move as a consequence: a new prior P(y) also
# moves P(x) and, by Bayes' rule, P(y|x)).
DIFFERING_PART = MappingProxyType({
    "none": None,
    "feature": "X",
    "covariate": "P(x)",
    "label_space": "Y",
    "conditional": "P(y|x)",
    "prior": "P(y)",
})

_CENTRE = np.array([-1.2, 0.0])  # mean of the source's informative features
_COVARIATE_TRAVEL = 3.0  # how far the target mean slides along x1 at strength 1
_MAX_ANGLE = np.pi  # rotation (conditional, feature) at strength 1
_FEATURE_OFFSET = np.array([0.5, -2.0])  # feature shift: how far the zero point moves


@dataclass(frozen=True)
class DomainPair:
    """A labelled source sample, a target sample and a target test sample.

    Arrays are read-only: a pair is shared by every learner a lesson compares.

    Attributes
    ----------
    X_source : ndarray of shape (n_source, n_features)
    y_source : ndarray of shape (n_source,)
    X_target : ndarray of shape (n_target, n_features)
        The target sample a learner may train on.
    y_target : ndarray of shape (n_target,)
        Every target label, including those a learner may not see: use
        :attr:`y_target_visible` to train.
    target_labelled : ndarray of bool, shape (n_target,)
        Which target labels a learner may see.
    X_test, y_test : ndarrays of shape (n_test, n_features) and (n_test,)
        An independent sample of the target, to measure accuracy on.
    X_source_test, y_source_test : ndarrays of shape (n_test, n_features) and (n_test,)
        An independent sample of the source, to measure accuracy on.
    shift : str
        One of :data:`SHIFT_KINDS`.
    strength : float
        In [0, 1]; 0 means identical domains.
    details : mapping
        The shift's geometry in plain numbers (``mean_offset``, ``angle_deg``,
        ``x1_scale``, ``x2_scale``, ``x1_offset``, ``x2_offset``,
        ``target_class1_share``, ``new_class_threshold``).
    """

    X_source: np.ndarray
    y_source: np.ndarray
    X_target: np.ndarray
    y_target: np.ndarray
    target_labelled: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    X_source_test: np.ndarray
    y_source_test: np.ndarray
    shift: str
    strength: float
    details: Mapping[str, float] = field(default_factory=dict)

    @classmethod
    def read_only(cls, *arrays, **fields) -> "DomainPair":
        """A pair whose arrays can no longer be written to (generators use this)."""
        for a in arrays:
            a.setflags(write=False)
        return cls(*arrays, **fields)

    @property
    def y_target_visible(self) -> np.ndarray:
        """Target labels with ``-1`` for each point whose label is hidden
        (scikit-learn's semi-supervised convention)."""
        return np.where(self.target_labelled, self.y_target, -1)

    @property
    def X_target_labelled(self) -> np.ndarray:
        return self.X_target[self.target_labelled]

    @property
    def y_target_labelled(self) -> np.ndarray:
        return self.y_target[self.target_labelled]

    @property
    def classes(self) -> np.ndarray:
        """Every class present in either domain, sorted."""
        return np.union1d(self.y_source, np.union1d(self.y_target, self.y_test))

    def target_rule(self, X) -> np.ndarray:
        """The target task's noise-free label for each point of ``X``, for the shifts
        whose rule is a plain function of x (``none``, ``covariate``, ``conditional``).
        A lesson uses it to tell which source points mislead a target learner."""
        if self.shift in ("none", "covariate"):
            return source_rule(X)
        if self.shift == "conditional":
            angle = np.radians(self.details["angle_deg"])
            return source_rule(_affine_about_centre(np.asarray(X, float), _rotation(-angle)))
        raise ValueError(f"target_rule is defined for shifts none, covariate and "
                         f"conditional; this pair's shift is {self.shift!r}.")

    def __repr__(self) -> str:
        return (
            f"DomainPair(shift={self.shift!r}, strength={self.strength:g}, "
            f"n_source={len(self.y_source)}, n_target={len(self.y_target)}, "
            f"n_target_labelled={int(self.target_labelled.sum())}, "
            f"n_test={len(self.y_test)}, n_features={self.X_source.shape[1]})"
        )


def source_rule(X) -> np.ndarray:
    """The source task's noise-free labelling rule: 1 above the parabola, else 0."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] < 2:
        raise ValueError("X must be a 2-D array with at least 2 columns (the rule reads "
                         f"the first two features); got shape {X.shape}.")
    return (X[:, 1] > 0.35 * X[:, 0] ** 2 - 0.9).astype(int)


def make_domain_pair(
    shift: str = "covariate",
    strength: float = 0.5,
    *,
    n_source: int = 300,
    n_target: int = 300,
    n_target_labelled: int = 10,
    n_test: int = 1000,
    n_features: int = 2,
    noise: float = 0.05,
    target_prior: float = 0.1,
    random_state=None,
) -> DomainPair:
    """Draw a source sample and a target sample that differ by one kind of shift.

    Parameters
    ----------
    shift : {"none", "covariate", "prior", "conditional", "feature", "label_space"}, \
default="covariate"
        What differs between source and target (see the module docstring).
    strength : float, default=0.5
        How much it differs, in [0, 1]; 0 gives identical distributions.
    n_source, n_target : int, default=300
        Sample sizes, each at least 2.
    n_target_labelled : int, default=10
        How many target labels a learner may see, in [0, n_target]. The first ones are
        chosen one per class so that a learner sees every class whenever it can.
    n_test : int, default=1000
        Size of each independent test sample (one per domain), at least 1.
    n_features : int, default=2
        At least 2; features beyond the first two are pure noise.
    noise : float, default=0.05
        Probability of flipping each label, in [0, 0.5).
    target_prior : float, default=0.1
        For ``shift="prior"``: the target's share of class 1 at strength 1, in (0, 1).
    random_state : int, numpy.random.Generator or None, default=None
        Seed for a reproducible draw.

    Returns
    -------
    DomainPair
    """
    check_pair_arguments(
        shift, strength, n_source, n_target, n_target_labelled, n_test, n_features,
        noise, target_prior, random_state,
    )
    rng = as_generator(random_state)
    strength = float(strength)
    angle = _MAX_ANGLE * strength
    details: dict[str, float] = {}

    # 1. The source: the base marginal, the parabola, label noise.
    def draw_source(n: int) -> tuple[np.ndarray, np.ndarray]:
        if shift == "prior":
            return _sample_by_class(rng, n, n_features, noise, share=0.5)
        X = _sample_marginal(rng, n, n_features, _CENTRE)
        return X, flip_labels(rng, source_rule(X), noise)

    X_source, y_source = draw_source(n_source)

    # 2. The target and its test sample, moved away in one way only.
    def draw_target(n: int) -> tuple[np.ndarray, np.ndarray]:
        if shift == "prior":
            share = 0.5 + strength * (target_prior - 0.5)
            details["target_class1_share"] = share
            return _sample_by_class(rng, n, n_features, noise, share=share)
        if shift == "covariate":
            offset = np.array([_COVARIATE_TRAVEL * strength, 0.0])
            details["mean_offset"] = float(offset[0])
            X = _sample_marginal(rng, n, n_features, _CENTRE + offset)
            return X, flip_labels(rng, source_rule(X), noise)
        if shift == "conditional":
            details["angle_deg"] = float(np.degrees(angle))
            X = _sample_marginal(rng, n, n_features, _CENTRE)
            # A point's target label is the source label of the point rotated back.
            unrotated = _affine_about_centre(X, _rotation(-angle))
            return X, flip_labels(rng, source_rule(unrotated), noise)
        if shift == "feature":
            scale, offset = _feature_map(strength)
            details.update(x1_scale=float(scale[0]), x2_scale=float(scale[1]),
                           x1_offset=float(offset[0]), x2_offset=float(offset[1]))
            Z = _sample_marginal(rng, n, n_features, _CENTRE)
            y = flip_labels(rng, source_rule(Z), noise)
            X = _affine_about_centre(Z, np.diag(scale))
            X[:, :2] += offset
            return X, y
        if shift == "label_space":
            # Class-1 points with x1 above the (1 - strength) quantile become class 2.
            threshold = _CENTRE[0] + norm.ppf(1.0 - strength)
            details["new_class_threshold"] = float(threshold)
            X = _sample_marginal(rng, n, n_features, _CENTRE)
            y = flip_labels(rng, source_rule(X), noise)
            y[(y == 1) & (X[:, 0] > threshold)] = 2
            return X, y
        X = _sample_marginal(rng, n, n_features, _CENTRE)  # shift == "none"
        return X, flip_labels(rng, source_rule(X), noise)

    X_target, y_target = draw_target(n_target)
    X_test, y_test = draw_target(n_test)
    X_source_test, y_source_test = draw_source(n_test)

    # 3. Which target labels a learner may see.
    target_labelled = choose_labelled(rng, y_target, n_target_labelled)

    return DomainPair.read_only(
        X_source, y_source, X_target, y_target, target_labelled, X_test, y_test,
        X_source_test, y_source_test, shift=shift, strength=strength, details=details,
    )


def describe_shift(pair: DomainPair) -> dict[str, object]:
    """Measure, on the samples, each part of the domain and task that may differ.

    Returns a dict with, for source and target (its test sample), the number of
    features, the mean of the two informative features, the class shares and the label
    set, and ``rule_agreement``: the share of target test points whose observed label is
    the one the source's labelling rule gives (about ``1 - noise`` when ``P(y|x)`` is
    unchanged).
    """
    def shares(y):
        labels, counts = np.unique(y, return_counts=True)
        return {int(k): float(c) / len(y) for k, c in zip(labels, counts)}

    return {
        "n_features": (pair.X_source.shape[1], pair.X_test.shape[1]),
        "mean": (pair.X_source[:, :2].mean(axis=0), pair.X_test[:, :2].mean(axis=0)),
        "class_shares": (shares(pair.y_source), shares(pair.y_test)),
        "label_set": (sorted(shares(pair.y_source)), sorted(shares(pair.y_test))),
        "rule_agreement": float(np.mean(source_rule(pair.X_test) == pair.y_test)),
    }


# -- sampling helpers ---------------------------------------------------------------


def _sample_marginal(rng, n, n_features, centre) -> np.ndarray:
    X = rng.standard_normal((n, n_features))
    X[:, :2] += centre
    return X



def _sample_by_class(rng, n, n_features, noise, *, share) -> tuple[np.ndarray, np.ndarray]:
    """Draw from the base marginal, then keep round(n * share) points of class 1 and the
    rest of class 0: P(x|y) is the base one whatever the share."""
    n1 = int(round(n * share))
    need = {0: n - n1, 1: n1}
    kept = {0: [], 1: []}
    while any(sum(map(len, kept[c])) < need[c] for c in (0, 1)):
        X = _sample_marginal(rng, max(4 * n, 256), n_features, _CENTRE)
        y = flip_labels(rng, source_rule(X), noise)
        for c in (0, 1):
            kept[c].append(X[y == c])
    X = np.concatenate([np.concatenate(kept[c])[: need[c]] for c in (0, 1)])
    y = np.repeat([0, 1], [need[0], need[1]])
    order = rng.permutation(n)
    return X[order], y[order]


def _rotation(angle) -> np.ndarray:
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[c, -s], [s, c]])


def _feature_map(strength) -> tuple[np.ndarray, np.ndarray]:
    """The recalibration at ``strength``: each feature's gain (about the centre) and the
    move of the zero point."""
    scale = np.array([1.0 + strength, 1.0 / (1.0 + strength / 2)])
    return scale, _FEATURE_OFFSET * strength


def _affine_about_centre(X, A) -> np.ndarray:
    X = X.copy()
    X[:, :2] = (X[:, :2] - _CENTRE) @ A.T + _CENTRE
    return X



# -- argument checks: all of them before any work ----------------------------------


def check_pair_arguments(
    shift, strength, n_source, n_target, n_target_labelled, n_test, n_features, noise,
    target_prior, random_state,
) -> None:
    if shift not in SHIFT_KINDS:
        raise ValueError(f"shift must be one of {', '.join(SHIFT_KINDS)}; got {shift!r}.")
    check_float("strength", strength, 0.0, 1.0)
    check_size("n_source", n_source, 2)
    check_size("n_target", n_target, 2)
    check_int("n_target_labelled", n_target_labelled, 0, n_target)
    check_size("n_test", n_test, 1)
    check_size("n_features", n_features, 2, MAX_FEATURES)
    check_float("noise", noise, 0.0, 0.5, high_open=True)
    check_float("target_prior", target_prior, 0.0, 1.0, low_open=True, high_open=True)
    check_random_state(random_state)
