"""Settings sweeps for the tests that check a lesson's sentences against its numbers."""

from __future__ import annotations

import itertools


def grid(**axes) -> list[dict]:
    """Every combination of the given values: ``grid(k=(4, 8), seed=(0, 1))`` is four
    settings, each a dict of keyword arguments for an experiment's ``run``."""
    names = list(axes)
    return [dict(zip(names, values)) for values in itertools.product(*axes.values())]


def ends_and_middle(low: float, high: float, step: float) -> tuple[float, ...]:
    """A slider's two ends and its middle value on its own step."""
    n = round((high - low) / step)
    return (low, round(low + step * (n // 2), 10), high)
