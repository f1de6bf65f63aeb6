"""One experiment per lesson: a pure function of the lesson's controls that returns a
frozen result holding everything the page shows.

The rule (see the README's "How to add a lesson"):

* ``tllib/experiments/<slug>.py`` defines ``run(<the lesson's control values>, *,
  memo=call)`` and a frozen dataclass for its result: every number, curve and fitted
  model the page draws, and the *verdicts* (:class:`tllib.evaluate.Comparison`: who is
  ahead, by how much, or a tie within the noise) from which the page chooses its
  sentences. The page makes one cached call to ``run`` (plus one per ``st.fragment``,
  a second function in the same module) and then only formats and draws.
* The expensive *background* of a lesson — a sweep, a map, a record over many draws —
  depends on fewer controls than the whole experiment (usually not on the seed), so
  ``run`` gets it through ``memo(fn, **kwargs)``: a plain call by default (a notebook,
  a test), a cache in memory and on disk in the app (:func:`ui.cache.memo`). Each
  module lists the finite grid of background settings in ``background_settings()``,
  which the start-up warm-up computes before the class arrives.
* "Transfer gain" and "negative transfer" mean what :mod:`tllib.evaluate` says, and
  nothing else.
* What a lesson *says* is chosen here too: the result's ``notes`` are :class:`Note` values,
  each a sentence's name (its key under ``<slug>.notice`` in ``content/``) and the
  numbers that fill it, chosen from the verdicts only, so a sentence can never
  contradict the figure beside it; the tests sweep each lesson's settings and check
  every note against the numbers it sits beside.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Callable, Iterator, Mapping

__all__ = ["call", "Memo", "BackgroundSetting", "Note"]

Memo = Callable[..., object]
# (function, keyword arguments): one background value the warm-up computes.
BackgroundSetting = tuple[Callable[..., object], dict]


@dataclass(frozen=True)
class Note:
    """One sentence a lesson says: its ``name`` (the key under ``<slug>.notice`` in
    the lesson's catalogue) and the ``values`` that fill its placeholders, raw
    numbers (accuracies as fractions) that the catalogue's format specs print."""

    name: str
    values: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "values", MappingProxyType(dict(self.values)))

    def __reduce__(self):  # a read-only mapping does not pickle; its dict does
        return (Note, (self.name, dict(self.values)))


def call(fn, /, **kwargs):
    """The default ``memo``: compute ``fn(**kwargs)`` now, remember nothing."""
    return fn(**kwargs)


def no_background() -> Iterator[BackgroundSetting]:
    """``background_settings`` of a lesson whose experiment is cheap throughout."""
    return iter(())
