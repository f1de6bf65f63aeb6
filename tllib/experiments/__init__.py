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
"""

from __future__ import annotations

from typing import Callable, Iterator

__all__ = ["call", "Memo", "BackgroundSetting"]

Memo = Callable[..., object]
# (function, keyword arguments): one background value the warm-up computes.
BackgroundSetting = tuple[Callable[..., object], dict]


def call(fn, /, **kwargs):
    """The default ``memo``: compute ``fn(**kwargs)`` now, remember nothing."""
    return fn(**kwargs)


def no_background() -> Iterator[BackgroundSetting]:
    """``background_settings`` of a lesson whose experiment is cheap throughout."""
    return iter(())
