"""Experiment layer of the Lab: every method of the course on one shift, side by side.

The lessons teach one method at a time; the Lab asks which one to use *for this shift*.
Its two views are plain functions of their controls, as every lesson's experiment:

*Leaderboard* (:func:`leaderboard`)
    ``seeds`` draws of one shift (seeds ``seed``, ``seed + 1``, …); on each, every chosen
    method is fitted once on the same source, target sample and ``k`` visible target
    labels, and scored on the draw's target test set. Each method's row holds its
    accuracy (mean and spread over the draws), its *transfer gain* — accuracy minus
    learning without the source on the same target labels: the target-only baseline,
    or chance when ``k = 0`` (:mod:`tllib.evaluate`) — the verdict of
    :func:`tllib.evaluate.compare` over the paired per-draw gains, whose ``"behind"`` is
    the row's negative-transfer flag, and its fit time. The first draw and its fitted
    models come along for the page's small decision-boundary views.
    :func:`leaderboard_on` does the same for given arrays (an upload): one draw.
*When to transfer* (:func:`gain_sweep`, :func:`crossings`)
    each method's gain over the strength of the shift, with its spread, and the first
    strength where the gain falls behind, beyond the noise.

Every method sees the same data: the source, the target sample's inputs and the ``k``
visible target labels (``-1`` for the others), through :func:`fit_method`. (The
instance- and feature-based lessons fit their reweightings and mappings with no target
label and measure them against chance; here they get the ``k`` labels too, which they
add to their training set, so that every row is measured against the same target-only
baseline.) Methods that need target labels (:attr:`Method.needs_target_labels`) give a
row of ``nan`` with a :attr:`Row.reason` when ``k = 0``, and so do the binary-only ones
(TrAdaBoost, L2-SP) when the source has more than two classes.

Background: none (:func:`background_settings`). Everything the Lab shows depends on the
seed control, or on a free choice of methods, sample sizes and ``k`` whose grid is far
too large to warm (2^12 sets of methods alone); and with one BLAS thread, as the app
runs, a fresh leaderboard at the defaults takes about 0.6 s on two cores, a fresh sweep
of all twelve methods (11 strengths, 5 draws) about 6 s with its progress shown. The
functions are pure functions of plain values (strings, numbers, tuples of names), so
the page caches them by value (``ui.cache.run``); a ``progress`` callback is not part
of the result.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Callable, Iterable, Mapping

import numpy as np
from sklearn.utils.validation import check_array, column_or_1d

from .. import augmentation, evaluate, feature, instance, tradaboost
from .._sampling import choose_labelled
from .._validation import check_choice, check_float, check_grid, check_int
from ..datasets import SHIFT_KINDS, DomainPair, make_domain_pair
from ..evaluate import Comparison, Curves, compare, transfer_gain
from ..parameter import SourcePriorLogisticRegression
from . import call, no_background

__all__ = ["KINDS", "FAMILIES", "REASONS", "CAVEATS", "STRENGTHS", "Method", "METHODS",
           "fit_method", "Row", "Leaderboard", "leaderboard", "leaderboard_on",
           "pair_from_arrays", "gain_sweep", "join_sweeps", "crossings", "first_negative",
           "run", "background_settings"]

KINDS = SHIFT_KINDS
FAMILIES = ("baseline", "instance", "boosting", "feature", "parameter")
# Why a row has no accuracy (keys of the page's catalogue).
REASONS = ("needs_target_labels", "binary_only", "no_test_labels")
# What a row's numbers hide: labels of target classes the source never had are not
# shown to a transfer estimator (it can only predict the source's classes).
CAVEATS = ("new_class_hidden",)
STRENGTHS = tuple(round(0.1 * i, 1) for i in range(11))  # the sweep's default grid

Progress = Callable[[int, int], object]


@dataclass(frozen=True)
class Method:
    """One entry of the Lab's registry.

    Attributes
    ----------
    family : {"baseline", "instance", "boosting", "feature", "parameter"}
    needs_target_labels : bool
        Without a labelled target point the method is undefined (target-only) or
        pointless (it would be the source model): the leaderboard gives it no number.
    make : callable
        ``make(random_state)``: a fresh, unfitted estimator, set as the lessons set it.
        For a baseline, the base learner :func:`tllib.evaluate.fit_baseline` trains.
    binary_only : bool
        The estimator handles two classes only.
    """

    family: str
    needs_target_labels: bool
    make: Callable[[object], object]
    binary_only: bool = False


def _kmm(random_state):  # B = 10: no source point may count for more than ten (lesson)
    return instance.KernelMeanMatching(B=10.0)


def _kliep(random_state):  # 3-fold likelihood cross-validation, as the lesson has it
    return instance.KLIEP(cv=3, random_state=random_state)


def _tca(random_state):  # the lesson's setting: a linear kernel, one component
    return feature.TransferComponentAnalysis(kernel="linear", n_components=1,
                                             random_state=random_state)


def _tradaboost(random_state):  # ten rounds, as the TrAdaBoost lesson
    return tradaboost.TrAdaBoostClassifier(n_estimators=10, random_state=random_state)


def _base(random_state):
    return evaluate.default_estimator()


METHODS: Mapping[str, Method] = MappingProxyType({
    "source_only": Method("baseline", False, _base),
    "target_only": Method("baseline", True, _base),
    "pooled": Method("baseline", True, _base),
    "kmm": Method("instance", False, _kmm),
    "kliep": Method("instance", False, _kliep),
    "discriminator": Method("instance", False,
                            lambda random_state: instance.DiscriminatorReweighting()),
    "tradaboost": Method("boosting", True, _tradaboost, binary_only=True),
    "coral": Method("feature", False, lambda random_state: feature.CORAL()),
    "sa": Method("feature", False,
                 lambda random_state: feature.SubspaceAlignment(n_components=2)),
    "tca": Method("feature", False, _tca),
    "augmentation": Method("feature", True,
                           lambda random_state: augmentation.FeatureAugmentation()),
    "l2sp": Method("parameter", True,
                   lambda random_state: SourcePriorLogisticRegression(), binary_only=True),
})


# -- one method, one fit --------------------------------------------------------------


def fit_method(name: str, X_source, y_source, X_target, y_target=None, *,
               random_state=None):
    """Fit the Lab's method ``name`` and time the fit.

    Parameters
    ----------
    name : str
        A key of :data:`METHODS`.
    X_source, y_source : arrays of shape (n_source, n_features) and (n_source,)
    X_target : array of shape (n_target, n_features)
        The target sample's inputs (every method may use them).
    y_target : array of shape (n_target,) or None
        Visible target labels, ``-1`` where hidden (``None``: none visible). A baseline
        trains on them as :func:`tllib.evaluate.fit_baseline` does; a transfer estimator
        receives them as ``yt``, except the labels of classes the source never had,
        which it could not predict and its fit refuses: those are hidden from it (-1).
    random_state : int or None
        Passed to the method's factory (:attr:`Method.make`).

    Returns
    -------
    (model, fit_seconds)
        The fitted estimator and the wall-clock seconds of its ``fit`` alone.
    """
    method = _method(name)
    X_source = np.asarray(X_source)
    y_source = np.asarray(y_source)
    yt = (np.full(len(X_target), -1) if y_target is None else np.asarray(y_target))
    if method.needs_target_labels and not np.any(yt != -1):
        raise ValueError(f"{name} needs labelled target points: y_target must hold at least "
                         "one label other than -1; got none.")
    estimator = method.make(random_state)
    if method.family == "baseline":
        pair = _training_pair(X_source, y_source, np.asarray(X_target), yt)
        start = time.perf_counter()
        model = evaluate.fit_baseline(name, pair, estimator)
        return model, time.perf_counter() - start
    yt = np.where(np.isin(yt, y_source), yt, -1)
    start = time.perf_counter()
    model = estimator.fit(X_source, y_source, Xt=X_target, yt=yt)
    return model, time.perf_counter() - start


# -- the leaderboard ------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One method on the leaderboard.

    Attributes
    ----------
    name, family : str
    accuracy, accuracy_std : float
        Mean and standard deviation over the draws of the target test accuracy.
    gain, gain_std : float
        The same for the transfer gain (against :attr:`Leaderboard.reference`).
    comparison : Comparison
        :func:`tllib.evaluate.compare` of the accuracies against the reference's, paired
        draw by draw: ``verdict`` "ahead", "tie" or "behind" (negative transfer), or
        "unknown" where there is no number.
    fit_ms : float
        Median fit time over the draws, in milliseconds (``nan`` if never fitted).
    accuracies, gains, fit_times_ms : ndarrays of shape (n_draws,)
        Every draw's numbers.
    reason : str or None
        Why the row has no accuracy: one of :data:`REASONS`.
    caveat : str or None
        What its numbers hide: one of :data:`CAVEATS`.
    estimate : float
        A label-free estimate of its accuracy (:func:`leaderboard_on`'s ``estimates``
        hook), else ``nan``.
    """

    name: str
    family: str
    accuracy: float
    accuracy_std: float
    gain: float
    gain_std: float
    comparison: Comparison
    fit_ms: float
    accuracies: np.ndarray
    gains: np.ndarray
    fit_times_ms: np.ndarray
    reason: str | None = None
    caveat: str | None = None
    estimate: float = math.nan

    @property
    def verdict(self) -> str:
        return self.comparison.verdict

    @property
    def negative(self) -> bool:
        """Negative transfer: the gain is behind, beyond the noise of the draws."""
        return self.verdict == "behind"


@dataclass(frozen=True)
class Leaderboard:
    """Every chosen method on the same draws.

    Attributes
    ----------
    rows : tuple of Row
        In the order the methods were asked for.
    reference : {"target_only", "chance"}
        Learning without the source, what each gain is measured against:
        target-only on the same labels, or chance when no target label is visible.
    reference_accuracies : ndarray of shape (n_draws,)
        Its accuracy on each draw.
    chance : float
        1 / number of source classes.
    seeds : tuple of int
        The draws' seeds (``()`` for given data).
    pair : DomainPair
        The first draw (or the given data), for the page's decision-boundary views.
    models : dict of str to fitted estimator or None
        Each method fitted on ``pair`` (None where the row has a reason).
    kind, strength, k
        The shift and the number of visible target labels (``kind`` None and
        ``strength`` nan for given data).
    """

    rows: tuple
    reference: str
    reference_accuracies: np.ndarray
    chance: float
    seeds: tuple
    pair: DomainPair
    models: dict
    kind: str | None = None
    strength: float = math.nan
    k: int = 0

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(r.name for r in self.rows)

    def row(self, name: str) -> Row:
        for r in self.rows:
            if r.name == name:
                return r
        raise ValueError(f"name must be one of the leaderboard's methods "
                         f"{', '.join(self.names)}; got {name!r}.")

    @property
    def negative(self) -> tuple[str, ...]:
        """The methods flagged for negative transfer."""
        return tuple(r.name for r in self.rows if r.negative)

    @property
    def best(self) -> str | None:
        """The method with the highest mean accuracy (None when no row has one)."""
        scored = [r for r in self.rows if not math.isnan(r.accuracy)]
        return max(scored, key=lambda r: r.accuracy).name if scored else None

    def records(self) -> list[dict]:
        """The table as plain rows (for a CSV download): one dict per method."""
        return [dict(method=r.name, family=r.family, accuracy=r.accuracy,
                     accuracy_std=r.accuracy_std, gain=r.gain, gain_std=r.gain_std,
                     verdict=r.verdict, negative=r.negative, fit_ms=r.fit_ms,
                     estimate=r.estimate, reason=r.reason or "", caveat=r.caveat or "")
                for r in self.rows]


def leaderboard(kind: str, strength: float, *, k: int = 10, n_source: int = 300,
                n_target: int = 300, seeds: int = 5, methods: Iterable[str] | None = None,
                seed: int = 0, progress: Progress | None = None) -> Leaderboard:
    """Every chosen method on ``seeds`` draws of one shift.

    Parameters
    ----------
    kind : one of :data:`KINDS`
    strength : float in [0, 1]
    k : int, default=10
        Visible target labels per draw, in [0, n_target].
    n_source, n_target : int, default=300
    seeds : int, default=5
        How many draws: seeds ``seed`` … ``seed + seeds - 1``
        (:func:`tllib.datasets.make_domain_pair`'s ``random_state``; each method's
        ``random_state`` is its draw's seed too).
    methods : iterable of str, default=None
        Keys of :data:`METHODS`, in the table's order; None means all of them.
    seed : int, default=0
    progress : callable, default=None
        ``progress(done, total)``, called with ``(0, total)`` first and after each
        method's fit on each draw (``total = seeds * len(methods)``). Raising from it
        stops the run: the exception propagates unchanged and nothing is returned.

    Returns
    -------
    Leaderboard
    """
    names = _check_methods(methods)
    check_choice("kind", kind, KINDS)
    check_float("strength", strength, 0.0, 1.0)
    _check_sizes(k, n_source, n_target)
    check_int("seeds", seeds, 1)
    check_int("seed", seed, 0)
    draws = tuple(range(seed, seed + seeds))
    tick = _ticker(progress, len(draws) * len(names))
    scored = []
    for s in draws:
        pair = make_domain_pair(kind, strength, n_source=n_source, n_target=n_target,
                                n_target_labelled=k, random_state=s)
        scored.append(_score_draw(pair, names, random_state=s, tick=tick))
    return _board(scored, names, draws, kind=kind, strength=float(strength), k=int(k))


def run(kind: str = "covariate", strength: float = 0.5, k: int = 10, n_source: int = 300,
        n_target: int = 300, seeds: int = 5, seed: int = 0,
        methods: tuple[str, ...] | None = None, *, memo=call,
        progress: Progress | None = None) -> Leaderboard:
    """The experiments' entry point (``run(<controls>, *, memo)``): the Lab's leaderboard
    at these controls, :func:`leaderboard` itself (the Lab has no background, so
    ``memo`` is not used)."""
    return leaderboard(kind, strength, k=k, n_source=n_source, n_target=n_target,
                       seeds=seeds, methods=methods, seed=seed, progress=progress)


def pair_from_arrays(X_source, y_source, X_target, y_target=None, *, k: int = 10,
                     random_state: int = 0) -> DomainPair:
    """Given data as a :class:`DomainPair` the Lab can score: ``k`` of the labelled
    target rows are shown to the methods (one per class first, as
    :func:`~tllib.datasets.make_domain_pair` chooses), the *other* labelled target rows
    are the test set (the methods see their inputs, not their labels: transductive,
    as domain-adaptation benchmarks score), and unlabelled rows are target inputs only.

    Parameters
    ----------
    X_source, y_source : arrays of shape (n_source, n_features) and (n_source,)
    X_target : array of shape (n_target, n_features)
    y_target : array of shape (n_target,) or None
        Integer labels, ``-1`` for a row without one; None: no target label at all.
    k : int, default=10
        In [0, number of labelled target rows - 1] (at least one row is left to test
        on); 0 when the target has no label.
    random_state : int, default=0
        Which labelled rows are shown.

    Returns
    -------
    DomainPair
        ``shift="unknown"``, ``strength`` nan; ``X_test`` empty when the target has no
        label; no source test sample.
    """
    X_source = check_array(X_source, input_name="X_source")
    X_target = check_array(X_target, input_name="X_target")
    y_source = column_or_1d(y_source)
    if len(y_source) != len(X_source):
        raise ValueError(f"y_source must have one label per row of X_source "
                         f"({len(X_source)}); got {len(y_source)}.")
    if X_target.shape[1] != X_source.shape[1]:
        raise ValueError(f"X_target must have {X_source.shape[1]} features like X_source; "
                         f"got {X_target.shape[1]}.")
    yt = np.full(len(X_target), -1) if y_target is None else column_or_1d(y_target)
    if len(yt) != len(X_target):
        raise ValueError(f"y_target must have one label per row of X_target "
                         f"({len(X_target)}); got {len(yt)}.")
    check_int("random_state", random_state, 0)
    labelled = np.flatnonzero(yt != -1)
    check_int("k", k, 0)
    if labelled.size == 0 and k != 0:
        raise ValueError(f"k must be 0 when the target has no label; got {k}.")
    if labelled.size:
        check_int("k", k, 0, labelled.size - 1)
    rng = np.random.default_rng(random_state)
    shown = np.zeros(len(yt), dtype=bool)
    shown[labelled[choose_labelled(rng, yt[labelled], k)]] = True
    test = (yt != -1) & ~shown
    return DomainPair.read_only(
        X_source, y_source, X_target, yt, shown, X_target[test], yt[test],
        X_source[:0], y_source[:0], shift="unknown", strength=math.nan)


def leaderboard_on(X_source, y_source, X_target, y_target=None, *, k: int = 10,
                   methods: Iterable[str] | None = None, random_state: int = 0,
                   estimates: Callable[[str, object, DomainPair], float] | None = None,
                   progress: Progress | None = None) -> Leaderboard:
    """The leaderboard on given data: one draw (:func:`pair_from_arrays`).

    With no target label there is nothing to score on: every accuracy and gain is
    ``nan`` (reason ``"no_test_labels"``) and only a label-free estimate can rank the
    methods. ``estimates(name, model, pair) -> float`` is that hook (e.g. a selector
    of :mod:`tllib.selection`): called once per fitted method, its value is the row's
    :attr:`Row.estimate`. ``progress`` as in :func:`leaderboard`.

    A verdict from one draw rests on its test rows alone: a difference counts only
    beyond :data:`~tllib.evaluate.TIE` (set for 1,000 test points) times
    ``sqrt(1000 / n_test)`` when fewer rows are left to test on.
    """
    names = _check_methods(methods)
    pair = pair_from_arrays(X_source, y_source, X_target, y_target, k=k,
                            random_state=random_state)
    tick = _ticker(progress, len(names))
    scored = _score_draw(pair, names, random_state=random_state, tick=tick)
    board = _board([scored], names, (), kind=None, strength=math.nan, k=int(k),
                   tie=_tie(len(pair.y_test)))
    if estimates is None:
        return board
    rows = tuple(r if board.models[r.name] is None else
                 replace(r, estimate=float(estimates(r.name, board.models[r.name], pair)))
                 for r in board.rows)
    return replace(board, rows=rows)


# -- when to transfer -----------------------------------------------------------------


def gain_sweep(kind: str, methods: Iterable[str], strengths: Iterable[float] = STRENGTHS,
               *, k: int = 10, n_source: int = 300, n_target: int = 300, seeds: int = 5,
               seed: int = 0, progress: Progress | None = None) -> Curves:
    """Each method's transfer gain over the strength of one kind of shift.

    At each strength, the draws ``seed`` … ``seed + seeds - 1`` are scored exactly as
    :func:`leaderboard` scores them (so a column of the sweep is a leaderboard's gains).

    Returns
    -------
    Curves
        ``x`` the strengths; per method, ``mean`` and ``std`` of the gain over the draws
        and ``scores`` every draw's gain, shape (seeds, n_strengths). All ``nan`` for a
        method that needs target labels when ``k = 0``. ``progress(done, total)`` after
        each fit, ``total = len(strengths) * seeds * len(methods)``; raising from it
        stops the run.
    """
    names = _check_methods(methods)
    check_choice("kind", kind, KINDS)
    grid = check_grid("strengths", strengths)
    for value in grid:
        check_float("strengths", float(value), 0.0, 1.0)
    _check_sizes(k, n_source, n_target)
    check_int("seeds", seeds, 1)
    check_int("seed", seed, 0)
    draws = range(seed, seed + seeds)
    tick = _ticker(progress, len(grid) * len(draws) * len(names))
    scores = {name: np.full((len(draws), len(grid)), np.nan) for name in names}
    for j, strength in enumerate(grid):
        for i, s in enumerate(draws):
            pair = make_domain_pair(kind, float(strength), n_source=n_source,
                                    n_target=n_target, n_target_labelled=k, random_state=s)
            draw = _score_draw(pair, names, random_state=s, tick=tick, keep_models=False)
            for name in names:
                scores[name][i, j] = transfer_gain(draw.accuracy[name], draw.reference)
    return Curves.from_scores(grid, scores)


def first_negative(x, gains) -> float:
    """The first ``x`` where the gain is behind zero beyond the noise of the draws.

    ``gains`` has shape (n_draws, n_points). At each point :func:`tllib.evaluate.compare`
    of the draws' gains against 0 gives a verdict; at the first point "behind", the
    strength is interpolated linearly between it and the point before, where
    ``mean + noise`` (the edge of "behind") crosses zero. ``x[0]`` if the first point
    is already behind; ``nan`` if no point is. (:func:`tllib.evaluate.crossing` reads
    the *last* crossing of a curve; a method that hurts at moderate strengths and ties
    at full strength must still be marked where it first hurts.)
    """
    x = np.asarray(x, dtype=float)
    gains = np.asarray(gains, dtype=float)
    if gains.ndim != 2 or gains.shape[1] != len(x):
        raise ValueError(f"gains must have shape (n_draws, {len(x)}); got {gains.shape}.")
    margin, behind = [], []
    for column in gains.T:
        c = compare(column, np.zeros_like(column))
        margin.append(c.difference + c.noise)
        behind.append(c.verdict == "behind")
    if not any(behind):
        return math.nan
    j = behind.index(True)
    if j == 0:
        return float(x[0])
    before, at = margin[j - 1], margin[j]
    t = min(max(before / (before - at), 0.0), 1.0) if before - at > 0 else 1.0
    return float(x[j - 1] + t * (x[j] - x[j - 1]))


def join_sweeps(parts: Iterable[Curves]) -> Curves:
    """One sweep from sweeps of the same methods and draws at different strengths (a
    page computes one strength at a time to show its progress), side by side in the
    given order."""
    parts = tuple(parts)
    if not parts:
        raise ValueError("parts must hold at least one sweep; got none.")
    x = np.concatenate([np.asarray(part.x, dtype=float) for part in parts])
    return Curves.from_scores(x, {name: np.hstack([part.scores[name] for part in parts])
                                  for name in parts[0].scores})


def crossings(curves: Curves) -> dict[str, float]:
    """For each method of a :func:`gain_sweep`, :func:`first_negative` of its gains: the
    first strength where the gain turns negative beyond the noise, or ``nan``."""
    return {name: first_negative(curves.x, runs) for name, runs in curves.scores.items()}


background_settings = no_background


# -- helpers --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Draw:
    """One draw's numbers: per method its accuracy, fit seconds, model and reason."""

    pair: DomainPair
    accuracy: dict
    seconds: dict
    reference: float
    labelled: bool
    chance: float
    models: dict = field(default_factory=dict)
    reasons: dict = field(default_factory=dict)
    caveat: bool = False


def _score_draw(pair: DomainPair, names, *, random_state, tick, keep_models=True) -> _Draw:
    """One draw: each method fitted once (or its reason), scored on the test set; and
    learning without the source on the same labels (target-only, or chance)."""
    classes = np.unique(pair.y_source)
    labelled = bool(pair.target_labelled.any())
    testable = len(pair.y_test) > 0
    yt = pair.y_target_visible
    accuracy, seconds, models, reasons = {}, {}, {}, {}

    def fit(name):
        model, took = fit_method(name, pair.X_source, pair.y_source, pair.X_target, yt,
                                 random_state=random_state)
        score = float(model.score(pair.X_test, pair.y_test)) if testable else math.nan
        return model, took, score

    # Target-only first: the reference of every gain when labels are visible.
    order = sorted(names, key=lambda n: n != "target_only")
    reference = evaluate.chance(len(classes)) if testable else math.nan  # k = 0
    for name in order:
        method = METHODS[name]
        reason = _reason(method, labelled, len(classes))
        if reason is None:
            model, took, score = fit(name)
            if keep_models:
                models[name] = model
        else:
            model, took, score = None, math.nan, math.nan
            reasons[name] = reason
            models[name] = None
        if not testable and reason is None:
            reasons[name] = "no_test_labels"
        accuracy[name], seconds[name] = score, took
        if name == "target_only" and model is not None:
            reference = score
        tick()
    if labelled and "target_only" not in names:
        reference = fit("target_only")[2]
    caveat = bool(np.any(~np.isin(yt[yt != -1], classes)))
    return _Draw(pair, accuracy, seconds, reference, labelled, evaluate.chance(len(classes)),
                 models, reasons, caveat)


def _reason(method: Method, labelled: bool, n_classes: int) -> str | None:
    if method.needs_target_labels and not labelled:
        return "needs_target_labels"
    if method.binary_only and n_classes != 2:
        return "binary_only"
    return None


def _tie(n_test: int) -> float:
    """The tie of :func:`~tllib.evaluate.compare` for one draw scored on ``n_test``
    points: :data:`~tllib.evaluate.TIE` is set for 1,000 test points; a smaller test
    set is noisier by sqrt(1000 / n_test)."""
    if n_test >= 1000 or n_test == 0:
        return evaluate.TIE
    return min(evaluate.TIE * math.sqrt(1000 / n_test), 1.0)


def _board(scored: list, names, seeds, *, kind, strength, k,
           tie: float = evaluate.TIE) -> Leaderboard:
    reference = _frozen([d.reference for d in scored])
    rows = []
    for name in names:
        acc = _frozen([d.accuracy[name] for d in scored])
        ms = _frozen([d.seconds[name] * 1000.0 for d in scored])
        gains = _frozen(transfer_gain(acc, reference))
        fitted = not np.all(np.isnan(ms))
        scored_any = not np.all(np.isnan(acc))

        def summary(values, statistic):
            return float(statistic(values)) if scored_any else math.nan

        family = METHODS[name].family
        hidden = any(d.caveat for d in scored) and fitted and family != "baseline"
        rows.append(Row(
            name=name, family=family,
            accuracy=summary(acc, np.mean), accuracy_std=summary(acc, np.std),
            gain=summary(gains, np.mean), gain_std=summary(gains, np.std),
            comparison=compare(acc, reference, tie=tie),
            fit_ms=float(np.median(ms)) if fitted else math.nan,
            accuracies=acc, gains=gains, fit_times_ms=ms,
            reason=scored[0].reasons.get(name),
            caveat="new_class_hidden" if hidden else None))
    first = scored[0]
    return Leaderboard(rows=tuple(rows),
                       reference="target_only" if first.labelled else "chance",
                       reference_accuracies=reference, chance=first.chance, seeds=tuple(seeds),
                       pair=first.pair, models=dict(first.models), kind=kind,
                       strength=strength, k=k)


def _frozen(values) -> np.ndarray:
    a = np.array(values, dtype=float)
    a.setflags(write=False)
    return a


def _ticker(progress: Progress | None, total: int) -> Callable[[], None]:
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


def _method(name) -> Method:
    if not isinstance(name, str) or name not in METHODS:
        raise ValueError(f"name must be one of {', '.join(METHODS)}; got {name!r}.")
    return METHODS[name]


def _check_methods(methods) -> tuple[str, ...]:
    if methods is None:
        return tuple(METHODS)
    if isinstance(methods, str):
        raise TypeError(f"methods must be a sequence of method names, got the single name "
                        f"{methods!r}; wrap it in a list.")
    names = tuple(methods)
    if not names:
        raise ValueError(f"methods must name at least one of {', '.join(METHODS)}; got none.")
    for name in names:
        if not isinstance(name, str) or name not in METHODS:
            raise ValueError(f"methods must hold names among {', '.join(METHODS)}; "
                             f"got {name!r}.")
    if len(set(names)) != len(names):
        raise ValueError(f"methods must not repeat a name; got {list(names)}.")
    return names


def _check_sizes(k, n_source, n_target) -> None:
    check_int("n_source", n_source, 2)
    check_int("n_target", n_target, 2)
    check_int("k", k, 0, n_target)


def _training_pair(X_source, y_source, X_target, yt) -> DomainPair:
    """The arrays a baseline trains on, as the pair :func:`~tllib.evaluate.fit_baseline`
    reads (no test sample: it only fits)."""
    labelled = yt != -1
    return DomainPair(X_source, y_source, X_target, yt, labelled, X_target[:0], yt[:0],
                      X_source[:0], y_source[:0], shift="unknown", strength=math.nan)
