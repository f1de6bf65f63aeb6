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
    "binary_classes",
]


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
