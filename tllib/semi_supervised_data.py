"""The semi-supervised lesson's data: a few labelled points and many unlabelled ones on
two interleaving moons, with the unlabelled (and test) distribution turned and moved
away from the labelled one by ``shift``::

    labelled (the "source"):   two interleaving moons, n_labelled points, all labelled
    unlabelled and test:       the same moons turned by 90 * shift degrees about the
                               origin, then moved up by 1.5 * shift

At shift 0 this is the semi-supervised setting (one distribution); from a shift of
about 0.2 the unlabelled points no longer trace the labelled points' moons.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_generator, check_float, check_size
from .datasets import DomainPair

__all__ = ["make_ssl_pair", "balanced_choice"]

_SCALE = 1.5  # the moons are stretched so that unit-variance noise reads on the plot
_MAX_ANGLE_DEG = 90.0  # rotation of the unlabelled + test distribution at shift 1
_TRAVEL = np.array([0.0, 1.5])  # and how far it moves, after the rotation


def make_ssl_pair(
    shift: float = 0.0,
    *,
    n_labelled: int = 8,
    n_unlabelled: int = 300,
    n_test: int = 1000,
    noise: float = 0.05,
    random_state=None,
) -> DomainPair:
    """A few labelled points and many unlabelled ones, two interleaving moons.

    Parameters
    ----------
    shift : float, default=0.0
        In [0, 1]: the unlabelled and test points are drawn from the labelled points'
        distribution turned by ``90 * shift`` degrees about the origin and moved by
        ``shift * (0, 1.5)``. 0 is the semi-supervised setting (one distribution).
    n_labelled : int, default=8
        Labelled points, half of each class (the odd one in class 1); at least 2.
    n_unlabelled : int, default=300
        Unlabelled points (their labels are kept in ``y_target`` but hidden); >= 2.
    n_test : int, default=1000
        Size of each test sample, at least 1.
    noise : float, default=0.05
        Standard deviation of the Gaussian jitter around each moon (before the
        x1.5 stretch), in [0, 0.5]; larger values close the gap between the moons.
    random_state : int, numpy.random.Generator or None, default=None

    Returns
    -------
    DomainPair
        The labelled points as the source; the unlabelled points as the target with
        ``target_labelled`` all False; ``X_test`` from the unlabelled points'
        distribution and ``X_source_test`` from the labelled points'.
        ``shift="semi_supervised"``, ``strength=shift``, ``details["angle_deg"]`` and
        ``details["offset"]`` (how far the distribution moved up).
    """
    check_float("shift", shift, 0.0, 1.0)
    check_size("n_labelled", n_labelled, 2)
    check_size("n_unlabelled", n_unlabelled, 2)
    check_size("n_test", n_test, 1)
    check_float("noise", noise, 0.0, 0.5)
    rng = as_generator(random_state)
    angle = np.radians(_MAX_ANGLE_DEG * float(shift))
    offset = float(shift) * _TRAVEL

    # 1. The labelled points: both classes, as balanced as n_labelled allows.
    y_labelled = rng.permutation(np.arange(n_labelled) % 2)
    X_labelled = _moons(rng, y_labelled, noise)
    # 2. The unlabelled points and the test sample: the same moons, turned by the shift.
    y_unlabelled = rng.integers(0, 2, n_unlabelled)
    X_unlabelled = _rotate(_moons(rng, y_unlabelled, noise), angle) + offset
    y_test = rng.integers(0, 2, n_test)
    X_test = _rotate(_moons(rng, y_test, noise), angle) + offset
    # 3. A test sample of the labelled points' own distribution.
    y_source_test = rng.integers(0, 2, n_test)
    X_source_test = _moons(rng, y_source_test, noise)

    hidden = np.zeros(n_unlabelled, dtype=bool)
    return DomainPair.read_only(
        X_labelled, y_labelled, X_unlabelled, y_unlabelled, hidden, X_test, y_test,
        X_source_test, y_source_test, shift="semi_supervised", strength=float(shift),
        details={"angle_deg": _MAX_ANGLE_DEG * float(shift), "offset": float(offset[1])},
    )


def balanced_choice(rng, y, k) -> np.ndarray:
    """Indices of ``k`` points of the binary labels ``y``, alternating classes as
    :func:`make_ssl_pair`'s labelled points do (a class runs out: the rest from the
    other). ``rng`` is a :class:`numpy.random.Generator`."""
    pools = [list(rng.permutation(np.flatnonzero(y == c))) for c in (0, 1)]
    chosen = []
    for i in range(min(k, len(y))):
        pool = pools[i % 2] or pools[1 - i % 2]
        chosen.append(pool.pop())
    return np.array(chosen, dtype=int)


# -- helpers ------------------------------------------------------------------------


def _moons(rng, y, noise) -> np.ndarray:
    """Points on two interleaving half-circles (scikit-learn's ``make_moons`` shape),
    centred on the origin, jittered by ``noise`` and stretched by ``_SCALE``."""
    t = rng.uniform(0.0, np.pi, len(y))
    upper = np.column_stack([np.cos(t), np.sin(t)])
    lower = np.column_stack([1.0 - np.cos(t), 0.5 - np.sin(t)])
    X = np.where((y == 0)[:, None], upper, lower) - [0.5, 0.25]
    return (X + noise * rng.standard_normal(X.shape)) * _SCALE


def _rotate(X, angle) -> np.ndarray:
    c, s = np.cos(angle), np.sin(angle)
    return X @ np.array([[c, -s], [s, c]]).T
