"""Argument checks shared by every tllib module: one place, one wording.

Each check raises ``TypeError`` (wrong kind of value) or ``ValueError`` (right kind,
outside what is allowed) with a message that names the parameter, what is allowed and
what was given, as the architecture asks. Scalars go through scikit-learn's
``check_scalar``; random states follow scikit-learn's convention (``None``, an int or a
``numpy.random.RandomState``), and a numpy ``Generator`` is accepted too, because the
generators draw with one.
"""

from __future__ import annotations

import numbers

import numpy as np
from sklearn.utils import check_scalar

__all__ = [
    "check_int",
    "check_float",
    "check_positive",
    "check_nonnegative",
    "check_choice",
    "check_grid",
    "check_seeds",
    "check_random_state",
    "check_size",
    "check_magnitude",
    "as_generator",
    "as_random_state",
    "binary_classes",
    "require_method",
    "MAX_SAMPLES",
    "MAX_FEATURES",
]

# Caps on what a generator may be asked to draw: 10^6 rows of 10^4 features is already
# more than a course needs; beyond, numpy would try to allocate gigabytes.
MAX_SAMPLES = 1_000_000
MAX_FEATURES = 10_000
# Magnitudes the estimators work with: kernels and covariances square the features, and
# some base learners (trees) compute in float32 (largest ~3.4e38).
MAX_MAGNITUDE = 1e30
MIN_MAGNITUDE = 1e-30


def check_int(name: str, value, low: int, high: int | None = None) -> None:
    """An integer (not a bool) in ``[low, high]`` (``high=None``: no upper bound)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}.")
    if value < low or (high is not None and value > high):
        allowed = f">= {low}" if high is None else f"in [{low}, {high}]"
        raise ValueError(f"{name} must be {allowed}, got {value}.")


def check_float(name: str, value, low: float, high: float, *, low_open: bool = False,
                high_open: bool = False) -> None:
    """A finite real number (not a bool) in the interval from ``low`` to ``high``, each
    end closed unless ``*_open``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__} {value!r}.")
    interval = f"{'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
    if not np.isfinite(value):
        raise ValueError(f"{name} must be in {interval}, got {value!r}.")
    try:
        check_scalar(value, name, numbers.Real, min_val=low, max_val=high,
                     include_boundaries=_boundaries(low_open, high_open))
    except ValueError:
        raise ValueError(f"{name} must be in {interval}, got {value!r}.") from None


def check_positive(name: str, value) -> None:
    """A finite number > 0."""
    check_float(name, value, 0.0, np.inf, low_open=True, high_open=True)


def check_nonnegative(name: str, value) -> None:
    """A finite number >= 0."""
    check_float(name, value, 0.0, np.inf, high_open=True)


def check_choice(name: str, value, allowed) -> None:
    """One of ``allowed`` (strings or other hashables)."""
    allowed = tuple(allowed)
    if not any(value == a and type(value) is type(a) for a in allowed):
        shown = ", ".join(repr(a) for a in allowed)
        raise ValueError(f"{name} must be one of {shown}; got {value!r}.")


def check_grid(name: str, values, *, integer: bool = False) -> np.ndarray:
    """A non-empty 1-D sequence of numbers (integers >= 0 with ``integer=True``), as an
    array. A lone number is refused with a message saying a sequence is wanted."""
    if isinstance(values, (numbers.Number, str, bytes)):
        raise TypeError(f"{name} must be a sequence of numbers, got the single value "
                        f"{values!r}; wrap it in a list.")
    try:
        grid = np.asarray(list(values))
    except TypeError:
        raise TypeError(f"{name} must be a sequence of numbers, got {values!r}.") from None
    if grid.ndim != 1 or grid.size == 0:
        raise ValueError(f"{name} must be a non-empty sequence of numbers, got {values!r}.")
    if not np.issubdtype(grid.dtype, np.number) or np.issubdtype(grid.dtype, np.bool_):
        raise TypeError(f"{name} must hold numbers, got {values!r}.")
    if not np.all(np.isfinite(grid)):
        raise ValueError(f"{name} must hold finite numbers, got {values!r}.")
    if integer and not np.issubdtype(grid.dtype, np.integer):
        raise TypeError(f"{name} must hold integers, got dtype {grid.dtype}.")
    if integer and grid.min() < 0:
        raise ValueError(f"{name} must hold integers >= 0, got {grid.min()}.")
    return grid


def check_seeds(name: str, values) -> tuple[int, ...]:
    """A non-empty sequence of seeds (integers >= 0), as a tuple."""
    return tuple(int(s) for s in check_grid(name, values, integer=True))


def check_random_state(random_state) -> None:
    """``None``, an integer >= 0, a ``numpy.random.Generator`` or ``RandomState``."""
    if random_state is None or isinstance(random_state, (np.random.Generator,
                                                         np.random.RandomState)):
        return
    if isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool):
        if random_state >= 0:
            return
    raise ValueError("random_state must be None, a non-negative integer or a numpy "
                     f"Generator or RandomState; got {random_state!r}.")


def check_size(name: str, value, low: int, cap: int = MAX_SAMPLES) -> None:
    """A count of rows (or features) to draw: an integer in ``[low, cap]``, with a message
    that says why there is a cap."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}.")
    if value < low:
        raise ValueError(f"{name} must be >= {low}, got {value}.")
    if value > cap:
        raise ValueError(f"{name} must be at most {cap:,}, got {value:,}: the data would "
                         "not fit in memory; draw less (a few thousand is plenty here).")


def check_magnitude(name: str, X) -> None:
    """Finite features of a usable size: the largest ``|x|`` neither above 1e30 (squared
    in kernels and covariances, and float32 in trees, it would overflow) nor, unless all
    zero, below 1e-30 (squared, it would underflow to 0)."""
    top = float(np.max(np.abs(X))) if np.size(X) else 0.0
    if top > MAX_MAGNITUDE or 0.0 < top < MIN_MAGNITUDE:
        raise ValueError(
            f"{name} holds values of magnitude {top:.3g}; tllib's estimators need features "
            f"between {MIN_MAGNITUDE:g} and {MAX_MAGNITUDE:g} in size (kernels and "
            "covariances square them, which overflows or underflows float64). Rescale "
            f"{name}, e.g. with sklearn.preprocessing.StandardScaler.")


def as_generator(random_state) -> np.random.Generator:
    """A numpy ``Generator`` from ``None``, an int >= 0, a ``Generator`` (used as is) or
    a ``RandomState`` (seeded from it); anything else is refused by name."""
    check_random_state(random_state)
    if isinstance(random_state, np.random.RandomState):
        return np.random.default_rng(random_state.randint(2**32, dtype=np.uint64))
    return np.random.default_rng(random_state)


def as_random_state(random_state) -> np.random.RandomState:
    """A ``RandomState`` (what scikit-learn's estimators take) from the same four kinds
    of value as :func:`as_generator`: a ``Generator`` seeds a new one from a draw."""
    check_random_state(random_state)
    if isinstance(random_state, np.random.Generator):
        return np.random.RandomState(int(random_state.integers(2**32)))
    if isinstance(random_state, np.random.RandomState):
        return random_state
    if random_state is not None and random_state >= 2**32:
        raise ValueError("random_state must be below 2**32 for this estimator (it seeds a "
                         f"numpy RandomState); got {random_state}.")
    return np.random.RandomState(random_state)


def require_method(name: str, estimator, method: str = "predict_proba") -> None:
    """``estimator`` (the argument ``name``) has ``method``; otherwise a TypeError that
    says what is needed and how to get it."""
    if hasattr(estimator, method):
        return
    kind = type(estimator).__name__
    hint = (f" Use a probabilistic classifier such as LogisticRegression(), "
            f"SVC(probability=True), or wrap it: CalibratedClassifierCV({kind}())."
            if method == "predict_proba" else "")
    raise TypeError(f"{name} must have a {method} method; {kind} has none.{hint}")


def binary_classes(y) -> np.ndarray:
    """The two classes of ``y``, sorted; a clear error for any other number of them."""
    classes = np.unique(y)
    if len(classes) != 2:
        n = len(classes)
        raise ValueError(
            "Only binary classification is supported: y must hold exactly 2 "
            f"classes, got {n} class{'es' if n > 1 else ''}: {classes.tolist()}."
        )
    return classes


def _boundaries(low_open: bool, high_open: bool) -> str:
    return {(False, False): "both", (True, False): "right", (False, True): "left",
            (True, True): "neither"}[(low_open, high_open)]
