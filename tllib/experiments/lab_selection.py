"""Experiment layer of the Lab's "Choosing without target labels": the selectors of
:mod:`tllib.selection` against the oracle, over many draws.

A practitioner with no target label must still choose a method, or a value of its
hyperparameter. Each selector of :mod:`tllib.selection` (``"dev"``, ``"iwv"``,
``"reverse"``, and ``"source"``, plain source validation, the honest baseline every
other must beat) scores the candidates from labelled source points held out of training
and the unlabelled target sample; the *oracle* picks the candidate with the best true
target test accuracy, which no practitioner can see. The Lab shows, over ``seeds``
draws of one shift, how often each selector picks what the oracle picks and how much
target accuracy its pick loses against the oracle's:

:func:`selector_study`
    the choice between the Lab's label-free methods (:data:`CANDIDATES`).
:func:`hyperparameter_study`
    the choice of one method's hyperparameter (:data:`TUNABLE`; by default KLIEP's
    kernel width, see there why).
:func:`label_free_estimates`, :func:`estimates_hook`, :func:`negative_warnings`
    one selector's scores for fitted methods (the ``estimates`` hook of
    :func:`tllib.experiments.lab.leaderboard_on`) and the course's label-free
    negative-transfer warning: "the selector expects this method to be worse than the
    source model".

On each draw (seeds ``seed``, ``seed + 1``, …; :func:`~tllib.datasets.make_domain_pair`'s
``random_state``) every selector chooses from *one* set of fits
(:func:`tllib.selection.select_each`, ``random_state`` the draw's seed, 3 folds); each
candidate is then fitted once on the whole source and the target sample, as the
leaderboard fits it (:func:`tllib.experiments.lab.fit_method`, with the ``k`` visible
target labels), and scored on the draw's target test set: that is its true accuracy,
and the oracle's pick is the best of them (the first in the candidates' order on a tie).
The selectors' own fits never see a target label, whatever ``k``.

A pick *agrees* with the oracle when it is as accurate on the test set as the oracle's
(a tie is the same choice to the oracle); the accuracy it *loses* is the oracle's
accuracy minus its pick's, >= 0. Measured at the defaults (15 draws, seeds 0-14,
``loss="log"``), accuracy lost, mean ± sd over the draws (agreements):

* covariate shift 0.8: DEV 0.08 ± 0.07 (3 of 15), IWV 0.08 ± 0.07 (4); source
  validation 0.25 ± 0.04 (0), reverse validation 0.25 ± 0.04 (0). Agreement is rare
  for all because KLIEP, the domain classifier and TCA are within two points of each
  other and the oracle's favourite among them changes from draw to draw: the accuracy
  lost is the number to read. At 0.5: DEV 0.03, IWV 0.02, source 0.18, reverse 0.13.
* no shift: every selector loses 0.005 or less.
* feature shift 0.8: importance weighting assumes a covariate shift and misleads (DEV
  0.25, IWV 0.27: they pick the domain classifier's reweighting); source validation
  loses 0.08 and reverse validation 0.02 (it picks CORAL or SA).
* the hyperparameter: see :func:`hyperparameter_study`.

A blind spot every selector shares: a feature-based method (CORAL, SA, TCA) maps the
source and the target differently, and a selector scores its *source* side only
(:mod:`tllib.selection`), where CORAL and SA score as the source model does, however
their target map fares. Source and reverse validation pick among those three on
covariate shift.

Timing, one BLAS thread, on the course's two-core machine: a fresh
:func:`selector_study` at the defaults takes 7-8 s (most of it the selectors' 3 x 7
fits per draw and their reverse models; KLIEP, whose every fit cross-validates its
width, is the dearest), :func:`hyperparameter_study` 5 s (KMM: 7 s). With 20 draws the
study took 9-10 s, hence 15 by default. Both report ``progress(done, total)``; raising
from it stops the run. Pure functions of plain values, cached by value like the
leaderboard.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

import numpy as np
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression

from .. import instance, selection, tabular
from .._validation import check_choice, check_float, check_grid, check_int
from ..datasets import DomainPair, make_domain_pair
from ..evaluate import TIE
from . import lab, no_background

__all__ = ["SELECTORS", "CANDIDATES", "Tunable", "TUNABLE", "SelectorRow", "SelectorStudy",
           "selector_study", "hyperparameter_study", "label_free_estimates",
           "estimates_hook", "negative_warnings", "WARNING_MARGIN", "combine", "run",
           "YourData", "your_data",
           "background_settings"]

SELECTORS = selection.METHODS  # ("dev", "iwv", "reverse", "source")
# The Lab's methods that need no target label, in the leaderboard's order.
CANDIDATES = tuple(name for name, m in lab.METHODS.items() if not m.needs_target_labels)
# Below the reference's estimate by more than this (in the units of the estimates) is a
# warning: the course's tie between two accuracies (see negative_warnings).
WARNING_MARGIN = TIE

Progress = Callable[[int, int], object]


@dataclass(frozen=True)
class Tunable:
    """A hyperparameter the Lab can tune without target labels.

    ``parameter`` its name, ``values`` the default grid, ``make(value, random_state)``
    a fresh estimator at that value (otherwise as the Lab's registry sets it)."""

    parameter: str
    values: tuple
    make: Callable[[float, object], object]


def _kliep(gamma, random_state):
    return instance.KLIEP(gamma=float(gamma), random_state=random_state)


def _kmm(B, random_state):
    return instance.KernelMeanMatching(B=float(B))


def _discriminator(C, random_state):
    return instance.DiscriminatorReweighting(discriminator=LogisticRegression(C=float(C)))


# Why KLIEP's width is the default, and what the others do: hyperparameter_study.
TUNABLE: Mapping[str, Tunable] = MappingProxyType({
    "kliep": Tunable("gamma", (0.03, 0.1, 0.3, 1.0, 3.0, 10.0), _kliep),
    "kmm": Tunable("B", (1.0, 2.0, 5.0, 10.0, 100.0, 1000.0), _kmm),
    "discriminator": Tunable("C", (1e-4, 1e-3, 1e-2, 0.1, 1.0, 10.0), _discriminator),
})


@dataclass(frozen=True)
class SelectorRow:
    """How one selector fared over the draws.

    Attributes
    ----------
    name : str
        One of :data:`SELECTORS`.
    picks : tuple of str
        Its pick on each draw.
    accuracies : ndarray of shape (n_draws,)
        The true target accuracy of each pick.
    lost : ndarray of shape (n_draws,)
        The oracle's accuracy minus its pick's, >= 0.
    agrees : ndarray of bool, shape (n_draws,)
        Whether the pick is as accurate as the oracle's (``lost == 0``).
    """

    name: str
    picks: tuple
    accuracies: np.ndarray
    lost: np.ndarray
    agrees: np.ndarray

    @property
    def rate(self) -> float:
        """How often it agrees with the oracle, in [0, 1]."""
        return float(np.mean(self.agrees))

    @property
    def lost_mean(self) -> float:
        return float(np.mean(self.lost))

    @property
    def lost_std(self) -> float:
        """The spread (standard deviation) over the draws of the accuracy lost."""
        return float(np.std(self.lost))


@dataclass(frozen=True)
class SelectorStudy:
    """Every selector against the oracle on the same draws.

    Attributes
    ----------
    rows : tuple of SelectorRow
        One per selector, in the order of :data:`SELECTORS` (``"source"``, the
        baseline, last).
    candidates : tuple of str
        What was chosen among: method names (:func:`selector_study`) or
        ``"<parameter>=<value>"`` (:func:`hyperparameter_study`).
    accuracies : dict of str to ndarray of shape (n_draws,)
        Each candidate's true target test accuracy on each draw.
    oracle : tuple of str
        The oracle's pick on each draw.
    oracle_accuracies : ndarray of shape (n_draws,)
    selections : tuple of dict
        Per draw, :func:`tllib.selection.select_each`'s result (selector ->
        :class:`~tllib.selection.Selection`, with every candidate's score).
    seeds : tuple of int
        The draws' seeds.
    kind, strength, k, loss
        The shift, the visible target labels and the selectors' validation loss.
    method, parameter, values
        For :func:`hyperparameter_study`: the tuned method, its hyperparameter and the
        value of each candidate (else None, None, ()).
    """

    rows: tuple
    candidates: tuple
    accuracies: dict
    oracle: tuple
    oracle_accuracies: np.ndarray
    selections: tuple
    seeds: tuple
    kind: str
    strength: float
    k: int
    loss: str
    method: str | None = None
    parameter: str | None = None
    values: tuple = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(r.name for r in self.rows)

    def row(self, name: str) -> SelectorRow:
        for r in self.rows:
            if r.name == name:
                return r
        raise ValueError(f"name must be one of the study's selectors "
                         f"{', '.join(self.names)}; got {name!r}.")

    @property
    def mean_accuracy(self) -> dict[str, float]:
        """Each candidate's mean true target accuracy over the draws."""
        return {c: float(np.mean(a)) for c, a in self.accuracies.items()}

    @property
    def accuracy_std(self) -> dict[str, float]:
        return {c: float(np.std(a)) for c, a in self.accuracies.items()}

    def records(self) -> list[dict]:
        """The table as plain rows (for a CSV download): one dict per selector."""
        return [dict(selector=r.name, rate=r.rate, lost=r.lost_mean, lost_std=r.lost_std,
                     picks=" ".join(r.picks)) for r in self.rows]


# -- the studies ------------------------------------------------------------------------


def selector_study(kind: str, strength: float, *, k: int = 0, n_source: int = 300,
                   n_target: int = 300, seeds: int = 15, seed: int = 0,
                   candidates: Iterable[str] = CANDIDATES, loss: str = "log",
                   progress: Progress | None = None) -> SelectorStudy:
    """Which method, chosen without target labels: every selector against the oracle.

    Parameters
    ----------
    kind : one of :data:`tllib.experiments.lab.KINDS`
    strength : float in [0, 1]
    k : int, default=0
        Visible target labels per draw, in [0, n_target]: the candidates' final fits use
        them as the leaderboard's do; the selectors never do.
    n_source : int, default=300
        >= 30 (the three source folds must each hold both classes).
    n_target : int, default=300
        >= 2.
    seeds : int, default=15
        How many draws (seeds ``seed`` … ``seed + seeds - 1``), >= 1.
    seed : int, default=0
    candidates : iterable of str, default=CANDIDATES
        At least two distinct names of the Lab's methods that need no target label
        (:data:`CANDIDATES`). Each is built by its registry entry,
        ``lab.METHODS[name].make(draw seed)``.
    loss : {"log", "zero_one"}, default="log"
        The selectors' validation loss (:func:`tllib.selection.select_each`). On the
        course's covariate shift the log-loss ranks with less noise.
    progress : callable, default=None
        ``progress(done, total)``: ``(0, total)`` first, then after each candidate's
        final fit and after each draw's selection (``total = seeds * (len(candidates)
        + 1)``; the selection is most of a draw's time). Raising from it stops the run:
        the exception propagates unchanged.

    Returns
    -------
    SelectorStudy
    """
    names = _check_candidates(candidates)
    _check_controls(kind, strength, k, n_source, n_target, seeds, seed, loss)

    def build(name, s):
        return lab.METHODS[name].make(s)

    def fit(name, pair, s):
        return lab.fit_method(name, pair.X_source, pair.y_source, pair.X_target,
                              pair.y_target_visible, random_state=s)[0]

    return _study(names, build, fit, kind, strength, k, n_source, n_target, seeds, seed,
                  loss, progress)


def hyperparameter_study(kind: str, strength: float, *, method: str = "kliep",
                         values: Iterable[float] | None = None, k: int = 0,
                         n_source: int = 300, n_target: int = 300, seeds: int = 15,
                         seed: int = 0, loss: str = "log",
                         progress: Progress | None = None) -> SelectorStudy:
    """Which value of one method's hyperparameter, chosen without target labels.

    The candidates are ``method`` at each of ``values`` (named ``"gamma=0.3"`` etc.);
    everything else is :func:`selector_study`'s.

    By default KLIEP's kernel width ``gamma`` over (0.03, 0.1, 0.3, 1, 3, 10): under
    covariate shift it decides how much the source is reweighted at all. A wide kernel
    (small gamma) gives nearly flat weights, i.e. the source model (covariate shift 0.8,
    15 draws: target accuracy 0.59 at gamma 0.03, 0.77 at gamma 1); from 0.3 on the
    weights follow the target and the best width changes from draw to draw. KLIEP's own
    likelihood cross-validation chooses among such widths with no label too; here the
    selectors do. Source validation, blind to the shift, prefers the flat weights (14
    draws of 15) and loses 0.19 against the oracle; DEV and IWV lose 0.03. With no
    shift every selector loses 0.004 or less. :data:`TUNABLE` also offers KMM's bound
    ``B`` (at 0.8: source validation loses 0.10, DEV 0.04, IWV 0.04) and the domain
    classifier's ``C`` (small C: flat weights; source validation loses 0.19, DEV and
    IWV 0.03).

    Parameters
    ----------
    method : {"kliep", "kmm", "discriminator"}, default="kliep"
        A key of :data:`TUNABLE`.
    values : iterable of float or None
        At least two distinct values > 0; None: the method's default grid
        (:attr:`Tunable.values`).
    kind, strength, k, n_source, n_target, seeds, seed, loss, progress
        As in :func:`selector_study`.

    Returns
    -------
    SelectorStudy
        With ``method``, ``parameter`` and ``values`` set.
    """
    check_choice("method", method, tuple(TUNABLE))
    tunable = TUNABLE[method]
    grid = tuple(tunable.values if values is None else _check_values(values))
    _check_controls(kind, strength, k, n_source, n_target, seeds, seed, loss)
    names = tuple(f"{tunable.parameter}={v:g}" for v in grid)
    if len(set(names)) < len(names):  # values closer than 6 significant digits
        names = tuple(f"{tunable.parameter}={v!r}" for v in grid)
    value_of = dict(zip(names, grid))

    def build(name, s):
        return tunable.make(value_of[name], s)

    def fit(name, pair, s):  # as lab.fit_method fits a transfer estimator
        yt = pair.y_target_visible
        yt = np.where(np.isin(yt, pair.y_source), yt, -1)
        return build(name, s).fit(pair.X_source, pair.y_source, Xt=pair.X_target, yt=yt)

    study = _study(names, build, fit, kind, strength, k, n_source, n_target, seeds, seed,
                   loss, progress)
    return replace(study, method=method, parameter=tunable.parameter, values=grid)


def _study(names, build, fit, kind, strength, k, n_source, n_target, seeds, seed, loss,
           progress) -> SelectorStudy:
    draws = tuple(range(seed, seed + seeds))
    tick = _ticker(progress, len(draws) * (len(names) + 1))
    accuracies = {name: np.empty(len(draws)) for name in names}
    selections = []
    for i, s in enumerate(draws):
        pair = make_domain_pair(kind, strength, n_source=n_source, n_target=n_target,
                                n_target_labelled=k, random_state=s)
        for name in names:
            accuracies[name][i] = fit(name, pair, s).score(pair.X_test, pair.y_test)
            tick()
        selections.append(selection.select_each(
            {name: build(name, s) for name in names}, pair.X_source, pair.y_source,
            pair.X_target, methods=SELECTORS, loss=loss, random_state=s))
        tick()
    table = np.array([accuracies[name] for name in names])  # (n_candidates, n_draws)
    best = table.max(axis=0)
    oracle = tuple(names[j] for j in table.argmax(axis=0))
    rows = []
    for m in SELECTORS:
        picks = tuple(sel[m].choice for sel in selections)
        picked = np.array([accuracies[p][i] for i, p in enumerate(picks)])
        lost = best - picked
        rows.append(SelectorRow(m, picks, _frozen(picked), _frozen(lost),
                                _frozen(lost == 0.0)))
    return SelectorStudy(
        rows=tuple(rows), candidates=tuple(names),
        accuracies={name: _frozen(a) for name, a in accuracies.items()},
        oracle=oracle, oracle_accuracies=_frozen(best), selections=tuple(selections),
        seeds=draws, kind=kind, strength=float(strength), k=int(k), loss=loss)


def combine(studies: Iterable[SelectorStudy]) -> SelectorStudy:
    """One study from studies of the same setting on different draws (a page runs one
    draw at a time to show its progress): the draws side by side, in the given order."""
    studies = tuple(studies)
    if not studies:
        raise ValueError("studies must hold at least one SelectorStudy; got none.")
    first = studies[0]
    if any(s.candidates != first.candidates or s.names != first.names for s in studies):
        raise ValueError("studies must share their candidates and selectors.")

    def joined(values):
        return _frozen(np.concatenate([np.asarray(v) for v in values]))

    rows = tuple(
        SelectorRow(name, tuple(p for s in studies for p in s.row(name).picks),
                    joined(s.row(name).accuracies for s in studies),
                    joined(s.row(name).lost for s in studies),
                    joined(s.row(name).agrees for s in studies))
        for name in first.names)
    return replace(
        first, rows=rows,
        accuracies={c: joined(s.accuracies[c] for s in studies) for c in first.candidates},
        oracle=tuple(o for s in studies for o in s.oracle),
        oracle_accuracies=joined(s.oracle_accuracies for s in studies),
        selections=tuple(sel for s in studies for sel in s.selections),
        seeds=tuple(seed for s in studies for seed in s.seeds))


def run(kind: str = "covariate", strength: float = 0.8, *, k: int = 0, n_source: int = 300,
        n_target: int = 300, seeds: int = 15, seed: int = 0, memo=None,
        progress=None) -> SelectorStudy:
    """The experiments' entry point: :func:`selector_study` at these controls (no
    background: every draw depends on the seed)."""
    return selector_study(kind, strength, k=k, n_source=n_source, n_target=n_target,
                          seeds=seeds, seed=seed, progress=progress)


background_settings = no_background


# -- estimates for the leaderboard, and the warning ---------------------------------------


def label_free_estimates(pair: DomainPair, models: Mapping[str, object], *,
                         selector: str = "dev", loss: str = "log",
                         random_state: int = 0) -> dict[str, float]:
    """One selector's score of each fitted method, from the source and the target's
    inputs only.

    Each model is refitted by the selector as an unfitted copy of itself
    (``sklearn.base.clone``: the same hyperparameters) on the source folds with the
    target sample (:func:`tllib.selection.select_each`, 3 folds, ``random_state``), so
    the scores are those :func:`selector_study` sees for these methods on this draw.

    Parameters
    ----------
    pair : DomainPair
        Only ``X_source``, ``y_source`` and ``X_target`` are read (no target label).
    models : mapping of str to fitted estimator or None
        E.g. a leaderboard's ``models``. A model that is None, or whose name is a Lab
        method that needs target labels (a label-free selector cannot refit it), gets
        ``nan``.
    selector : {"dev", "iwv", "reverse", "source"}, default="dev"
    loss : {"log", "zero_one"}, default="log"
        The units of the scores, higher is better: ``"zero_one"``, an estimated target
        accuracy (``"source"``: the source validation accuracy; ``"reverse"``: the
        reverse model's source accuracy, whatever the loss); ``"log"``, minus the
        estimated target log-loss (better at ranking, not an accuracy).
    random_state : int, default=0

    Returns
    -------
    dict of str to float
        In the order of ``models``.
    """
    check_choice("selector", selector, SELECTORS)
    check_choice("loss", loss, selection.LOSSES)
    check_int("random_state", random_state, 0)
    if not isinstance(pair, DomainPair):
        raise TypeError(f"pair must be a DomainPair; got {type(pair).__name__}.")
    if not isinstance(models, Mapping):
        raise TypeError(f"models must be a mapping of name -> fitted estimator; got "
                        f"{type(models).__name__}.")
    candidates = {name: clone(model) for name, model in models.items()
                  if model is not None and not _needs_labels(name)}
    scores = {}
    if candidates:
        scores = selection.select_each(candidates, pair.X_source, pair.y_source,
                                       pair.X_target, methods=(selector,), loss=loss,
                                       random_state=random_state)[selector].scores
    return {name: scores.get(name, math.nan) for name in models}


def estimates_hook(*, selector: str = "dev", loss: str = "log",
                   random_state: int = 0) -> Callable[[str, object, DomainPair], float]:
    """:func:`label_free_estimates` as :func:`tllib.experiments.lab.leaderboard_on`'s
    ``estimates(name, model, pair) -> float`` hook: one method at a time, the same
    numbers (a selector scores each candidate on its own, from the same folds and
    weights for one ``random_state``)."""
    check_choice("selector", selector, SELECTORS)
    check_choice("loss", loss, selection.LOSSES)
    check_int("random_state", random_state, 0)

    def estimate(name, model, pair):
        return label_free_estimates(pair, {name: model}, selector=selector, loss=loss,
                                    random_state=random_state)[name]
    return estimate


def negative_warnings(estimates: Mapping[str, float], *, reference: str = "source_only",
                      margin: float = WARNING_MARGIN) -> tuple[str, ...]:
    """The methods the selector expects to be worse than the source model.

    A method is flagged when its estimate is below the ``reference``'s by more than
    ``margin`` (default :data:`WARNING_MARGIN`, the course's tie, 0.02: two points of
    estimated accuracy, or 0.02 nats of estimated log-loss): a difference within the
    course's tie raises no warning. A ``nan`` estimate is never flagged, nor is the
    reference. This is the course's *label-free* warning: an expectation of the
    selector, not the negative-transfer verdict of the leaderboard (which needs target
    labels, and is against learning without the source).

    How far to trust it, measured on six shifts (none, covariate 0.5 and 0.8, feature
    0.8, prior 0.8, conditional 0.5) x 6 draws, the six label-free methods against
    source-only, "truly worse" meaning 0.02 below it on the target test set: with DEV
    and the log-loss, about half of the warnings are right (20 of 41) and a third of the
    truly worse methods are flagged (20 of 63); with the 0-1 loss, 13 of 37 and 13 of
    63. What it misses is what no label-free selector sees: a feature-based method's
    target map (CORAL and SA score as source-only), and a change of ``P(y|x)``.

    Returns
    -------
    tuple of str
        In the order of ``estimates``.
    """
    if not isinstance(estimates, Mapping):
        raise TypeError(f"estimates must be a mapping of name -> estimate; got "
                        f"{type(estimates).__name__}.")
    if reference not in estimates:
        raise ValueError(f"reference must be one of the estimated methods "
                         f"{', '.join(map(str, estimates))}; got {reference!r}.")
    check_float("margin", margin, 0.0, np.inf, high_open=True)
    base = float(estimates[reference])
    if math.isnan(base):
        raise ValueError(f"reference must have an estimate; {reference!r} has nan.")
    return tuple(name for name, value in estimates.items()
                 if name != reference and not math.isnan(float(value))
                 and float(value) < base - margin)


# -- helpers ----------------------------------------------------------------------------


def _needs_labels(name) -> bool:
    return name in lab.METHODS and lab.METHODS[name].needs_target_labels


def _check_candidates(candidates) -> tuple[str, ...]:
    if isinstance(candidates, str):
        raise TypeError(f"candidates must be a sequence of method names, got the single "
                        f"name {candidates!r}; wrap it in a list.")
    names = tuple(candidates)
    for name in names:
        if not isinstance(name, str) or name not in CANDIDATES:
            needs = " (it needs target labels)" if _needs_labels(name) else ""
            raise ValueError(f"candidates must hold names among {', '.join(CANDIDATES)}; "
                             f"got {name!r}{needs}.")
    if len(set(names)) != len(names):
        raise ValueError(f"candidates must not repeat a name; got {list(names)}.")
    if len(names) < 2:
        raise ValueError(f"candidates must name at least two methods to choose between; "
                         f"got {list(names)}.")
    return names


def _check_values(values) -> tuple[float, ...]:
    grid = check_grid("values", values)
    if np.any(grid <= 0):
        raise ValueError(f"values must all be > 0; got {list(grid)}.")
    if len(np.unique(grid)) != len(grid) or len(grid) < 2:
        raise ValueError(f"values must hold at least two distinct values; got {list(grid)}.")
    return tuple(float(v) for v in grid)


def _check_controls(kind, strength, k, n_source, n_target, seeds, seed, loss) -> None:
    check_choice("kind", kind, lab.KINDS)
    check_float("strength", strength, 0.0, 1.0)
    check_int("n_source", n_source, 30)
    check_int("n_target", n_target, 2)
    check_int("k", k, 0, n_target)
    check_int("seeds", seeds, 1)
    check_int("seed", seed, 0)
    check_choice("loss", loss, selection.LOSSES)


def _ticker(progress, total: int) -> Callable[[], None]:
    """A function to call after each step: it reports ``(done, total)``."""
    if progress is None:
        return lambda: None
    progress(0, total)
    done = 0

    def tick():
        nonlocal done
        done += 1
        progress(done, total)
    return tick


def _frozen(values) -> np.ndarray:
    a = np.array(values)
    a.setflags(write=False)
    return a


# -- your own data: the Lab's upload, read, ranked and estimated in one call --------------


@dataclass(frozen=True)
class YourData:
    """A pair of uploaded CSV files on the Lab's leaderboard.

    ``board`` is :func:`tllib.experiments.lab.leaderboard_on` with ``k`` of the labelled
    target rows shown to the methods (at most half of them) and the others measuring
    them; ``estimates`` DEV's label-free estimate of each method's target accuracy
    (0-1 loss, so they read as accuracies) and ``warnings`` the methods it expects to do
    worse than the source model (:func:`negative_warnings`)."""

    pair: object
    board: object
    k: int
    estimates: dict
    warnings: tuple

    @property
    def measured(self) -> int:
        """How many labelled target rows measure the methods."""
        return int(self.pair.n_target_labelled) - self.k


def your_data(source: bytes, target: bytes, *, k: int, methods: Iterable[str],
              random_state: int = 0) -> YourData:
    """Read two uploaded CSV files (:func:`tllib.tabular.read_pair`, which raises
    :class:`~tllib.tabular.CSVProblem` naming what is wrong), rank ``methods`` on them
    (the two-class-only ones left out when there are more classes), and estimate each
    method's target accuracy without target labels."""
    check_int("k", k, 0)
    pair = tabular.read_pair(source, target)
    usable = tuple(m for m in methods
                   if len(pair.classes) <= 2 or not lab.METHODS[m].binary_only)
    shown = min(k, pair.n_target_labelled // 2)  # at most half shown, the rest measure
    board = lab.leaderboard_on(pair.X_source, pair.y_source, pair.X_target, pair.y_target,
                               k=shown, methods=usable, random_state=random_state)
    estimates = label_free_estimates(board.pair, board.models, loss="zero_one",
                                     random_state=random_state)
    warned = (negative_warnings(estimates)
              if not math.isnan(estimates.get("source_only", math.nan)) else ())
    return YourData(pair, board, shown, estimates, tuple(warned))
