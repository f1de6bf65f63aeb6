"""Baselines every lesson compares a transfer method against, and the experiments built
on them: transfer gain, learning curves over the number of labelled target points (and
how many labels a method needs to reach an accuracy), and sweeps over the strength of a
shift.

The three baselines (Pan & Yang, 2010, section 2):

source-only
    trained on the labelled source sample, applied to the target unchanged;
target-only
    trained on the few labelled target points alone ("from scratch");
pooled
    trained on the source and the labelled target points together. With
    ``target_weight="balanced"`` the target points weigh as much in total as the whole
    source, so a handful of them is not drowned out.

The course's two definitions, used by every lesson, every notice and the Lab:

*Transfer gain*
    a learner's target accuracy minus the accuracy of learning *without the source*
    on the same target data: the target-only baseline trained on the same labelled
    target points (:func:`transfer_gain`). With no labelled target point at all,
    learning without the source can only guess: its accuracy is chance, 1 / number of
    classes (:func:`chance`).
*Negative transfer*
    a transfer gain below zero by more than the noise of the draws
    (:func:`compare` says ``"behind"``): using the source made the target model worse
    than learning without it (Rosenstein et al., 2005; Wang et al., 2019). A gain
    within the noise is *no transfer effect*, not a small win or loss.

A page that compares a method with another baseline — most often the unadapted
*source-only* model, which is itself a way of using the source — calls that difference
by its name ("the improvement over source-only") and never calls a loss against it
negative transfer. :func:`compare` is the one place that decides who is ahead, by how
much, and when a difference is a tie.
"""

from __future__ import annotations

import inspect
import math
import numbers
import warnings
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Mapping

import numpy as np
from sklearn.base import clone
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression

from ._validation import check_float, check_grid, check_int, check_seeds
from .datasets import DomainPair, make_domain_pair

__all__ = [
    "BASELINES",
    "default_estimator",
    "fit_baseline",
    "score_baselines",
    "transfer_gain",
    "chance",
    "shown_percent",
    "shown_points",
    "TIE",
    "Comparison",
    "compare",
    "Curves",
    "learning_curve",
    "fit_transfer",
    "score_methods",
    "crossing",
    "labels_to_reach",
    "shift_sweep",
    "with_labelled",
    "labelled_order",
]

BASELINES = ("source_only", "target_only", "pooled")


def default_estimator() -> LogisticRegression:
    """The base learner of every lesson: a linear model, so what transfer changes is
    easy to see."""
    return LogisticRegression()


def fit_baseline(name: str, pair: DomainPair, estimator=None, *, target_weight="balanced"):
    """Fit one baseline on ``pair`` and return the fitted estimator.

    Parameters
    ----------
    name : {"source_only", "target_only", "pooled"}
    pair : DomainPair
    estimator : classifier, default=None
        Cloned before fitting; ``None`` means :func:`default_estimator`.
    target_weight : "balanced" or float, default="balanced"
        For ``pooled``: each labelled target point's sample weight. ``"balanced"`` gives
        the target points together the weight of the whole source.

    Returns
    -------
    estimator
        Fitted. ``target_only`` with labels of a single class is a constant predictor
        of that class; with no labels at all it raises ``ValueError``.
    """
    if name not in BASELINES:
        raise ValueError(f"name must be one of {', '.join(BASELINES)}; got {name!r}.")
    is_weight = (isinstance(target_weight, numbers.Real) and not isinstance(target_weight, bool)
                 and 0 <= target_weight < np.inf)
    if not (isinstance(target_weight, str) and target_weight == "balanced" or is_weight):
        raise ValueError(
            f"target_weight must be 'balanced' or a finite number >= 0, got {target_weight!r}."
        )
    model = clone(estimator if estimator is not None else default_estimator())
    Xt, yt = pair.X_target_labelled, pair.y_target_labelled

    if name == "source_only":
        return model.fit(pair.X_source, pair.y_source)
    if name == "target_only":
        if len(yt) == 0:
            raise ValueError("target_only needs at least one labelled target point; got 0.")
        if len(np.unique(yt)) < 2:
            # One class seen: the best a learner can do is always predict it.
            return DummyClassifier(strategy="most_frequent").fit(Xt, yt)
        return model.fit(Xt, yt)
    # pooled
    n_source, n_target = len(pair.y_source), len(yt)
    weight = n_source / max(n_target, 1) if target_weight == "balanced" else target_weight
    X = np.vstack([pair.X_source, Xt])
    y = np.concatenate([pair.y_source, yt])
    sample_weight = np.concatenate([np.ones(n_source), np.full(n_target, float(weight))])
    return model.fit(X, y, sample_weight=sample_weight)


def score_baselines(
    pair: DomainPair, estimator=None, *, names: Iterable[str] = BASELINES
) -> dict[str, float]:
    """Target test accuracy of each baseline (``nan`` where a baseline cannot be
    trained, e.g. target-only with no labelled target point)."""
    scores = {}
    for name in names:
        if name == "target_only" and not pair.target_labelled.any():
            scores[name] = float("nan")
            continue
        model = fit_baseline(name, pair, estimator)
        scores[name] = float(model.score(pair.X_test, pair.y_test))
    return scores


def transfer_gain(transfer_accuracy, target_only_accuracy):
    """Transfer accuracy minus target-only accuracy (learning without the source on
    the same labelled target points): the course's *transfer gain*. Below zero by more
    than the noise (:func:`compare`) is negative transfer.

    Works element-wise on arrays of one shape (a gain per seed or per setting), or
    an array against a single number."""
    a = np.asarray(transfer_accuracy, dtype=float)
    b = np.asarray(target_only_accuracy, dtype=float)
    if a.shape != b.shape and a.ndim and b.ndim:
        raise ValueError("transfer_accuracy and target_only_accuracy must have the same "
                         f"shape (one accuracy each per seed or setting); got {a.shape} "
                         f"and {b.shape}.")
    return np.subtract(transfer_accuracy, target_only_accuracy)


def chance(n_classes: int) -> float:
    """The accuracy of a guess among ``n_classes`` classes: what learning without the
    source reaches when the target has no label at all."""
    check_int("n_classes", n_classes, 1)
    return 1.0 / n_classes



def shown_percent(accuracy: float) -> int:
    """An accuracy as the course shows it: whole percents (``f"{x:.0%}"``)."""
    return int(f"{accuracy:.0%}"[:-1])


def shown_points(new: float, old: float) -> int:
    """``new - old`` in whole percentage points, from the two accuracies *as shown*,
    so 88 % against 87 % is +1, never +0: what every sentence and metric prints."""
    return shown_percent(new) - shown_percent(old)

# Two accuracies of one draw (1,000 test points) closer than this are a tie: the
# standard error of one accuracy there is about 1.3 points.
TIE = 0.02


@dataclass(frozen=True)
class Comparison:
    """How a learner stands against a baseline.

    Attributes
    ----------
    difference : float
        Learner minus baseline accuracy (the mean over draws when there are several).
    noise : float
        The smallest difference the draws can tell from zero: :data:`TIE` for one
        draw; for several, the larger of that and twice the standard error of the
        mean difference.
    n_draws : int
    """

    difference: float
    noise: float
    n_draws: int

    @property
    def verdict(self) -> str:
        """``"ahead"``, ``"tie"`` or ``"behind"`` (``"unknown"`` for a nan)."""
        if math.isnan(self.difference):
            return "unknown"
        if abs(self.difference) <= self.noise + 1e-9:  # a tie includes its edge
            return "tie"
        return "ahead" if self.difference > 0 else "behind"


def compare(learner_accuracy, baseline_accuracy, *, tie: float = TIE) -> Comparison:
    """Who is ahead, by how much, or a tie within the noise of the draws.

    Scalars are one draw; arrays are paired draws (one entry per seed). With the
    target-only baseline, ``"behind"`` is negative transfer."""
    check_float("tie", tie, 0.0, 1.0)
    a = np.atleast_1d(np.asarray(learner_accuracy, dtype=float))
    b = np.atleast_1d(np.asarray(baseline_accuracy, dtype=float))
    if a.shape != b.shape or a.ndim != 1:
        raise ValueError("learner_accuracy and baseline_accuracy must be two numbers or "
                         f"two 1-D arrays of one length; got shapes {a.shape} and {b.shape}.")
    diff = a - b
    n = len(diff)
    noise = tie if n < 2 else max(tie, 2.0 * float(np.std(diff, ddof=1)) / math.sqrt(n))
    return Comparison(float(np.mean(diff)), noise, n)


@dataclass(frozen=True)
class Curves:
    """Accuracy curves over one varied setting, averaged over seeds.

    Attributes
    ----------
    x : ndarray of shape (n_points,)
        The values of the varied setting.
    mean, std : mapping of str to ndarray of shape (n_points,)
        Per curve, the mean and standard deviation over seeds.
    scores : mapping of str to ndarray of shape (n_seeds, n_points)
        Every individual run.
    """

    x: np.ndarray
    mean: Mapping[str, np.ndarray]
    std: Mapping[str, np.ndarray]
    scores: Mapping[str, np.ndarray]

    @classmethod
    def from_scores(cls, x, scores: Mapping[str, np.ndarray]) -> "Curves":
        # A curve may be undefined at a point (target-only with no label): ignore the
        # nan runs, and keep nan, without a warning, where every run is nan.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            mean = {k: np.nanmean(v, axis=0) for k, v in scores.items()}
            std = {k: np.nanstd(v, axis=0) for k, v in scores.items()}
        return cls(np.asarray(x), mean, std, dict(scores))


def learning_curve(
    n_labelled: Iterable[int],
    *,
    names: Iterable[str] = BASELINES,
    seeds: Iterable[int] = range(5),
    estimator=None,
    methods: Mapping[str, object] | None = None,
    generator: Callable[..., DomainPair] = make_domain_pair,
    **pair_kwargs,
) -> Curves:
    """Target accuracy of each baseline against the number of labelled target points.

    For each seed one pair is drawn with the largest ``n_labelled``; smaller budgets
    use a nested subset of its labelled points, so the curves differ only by how many
    labels were seen. Extra keyword arguments go to ``generator``.

    Parameters
    ----------
    methods : mapping of str to transfer estimator, default=None
        Extra curves, one per name: each estimator (``fit(X, y, *, Xt, yt)``) is cloned
        and fitted on the source and the target sample with its visible labels
        (``yt=pair.y_target_visible``, -1 where hidden), then scored on ``X_test``.
    generator : callable, default=make_domain_pair
        Draws the pairs; called with ``pair_kwargs``, ``n_target_labelled`` and
        ``random_state`` (e.g. :func:`tllib.tasks.make_task_pair`).
    """
    ks = check_grid("n_labelled", n_labelled, integer=True)
    n_target = pair_kwargs.get("n_target", _default_of(generator, "n_target"))
    if n_target is not None and ks.max() > n_target:
        raise ValueError(f"n_labelled must not exceed n_target={n_target}, got {ks.max()}.")
    names, seeds = tuple(names), check_seeds("seeds", seeds)
    methods = dict(methods or {})
    clash = set(names) & set(methods)
    if clash:
        raise ValueError(f"methods must not reuse a baseline's name; got {sorted(clash)}.")
    scores = {name: np.full((len(seeds), len(ks)), np.nan) for name in (*names, *methods)}
    # Source-only never sees a target label: fit it once per seed, not once per budget.
    per_budget = tuple(name for name in names if name != "source_only")
    for i, seed in enumerate(seeds):
        full = generator(**pair_kwargs, n_target_labelled=int(ks.max()), random_state=seed)
        if "source_only" in names:
            scores["source_only"][i] = score_baselines(full, estimator,
                                                       names=["source_only"])["source_only"]
        order = labelled_order(full, seed)
        for j, k in enumerate(ks):
            pair = with_labelled(full, order[:k])
            for name, value in score_baselines(pair, estimator, names=per_budget).items():
                scores[name][i, j] = value
            for name, method in methods.items():
                scores[name][i, j] = fit_transfer(method, pair).score(pair.X_test,
                                                                      pair.y_test)
    return Curves.from_scores(ks, scores)


def fit_transfer(estimator, pair: DomainPair, *, target_labels: bool = True):
    """Clone a transfer estimator and fit it on ``pair`` as the tllib contract says:
    the labelled source in scikit-learn's position, the target sample as keywords with
    its visible labels (``-1`` where a label is hidden). With ``target_labels=False``
    every target label is hidden: unsupervised transfer, the target's inputs only."""
    yt = pair.y_target_visible if target_labels else np.full(len(pair.y_target), -1)
    return clone(estimator).fit(pair.X_source, pair.y_source, Xt=pair.X_target, yt=yt)


def score_methods(
    pair: DomainPair, methods: Mapping[str, object], *, target_labels: bool = True
) -> dict[str, float]:
    """Target test accuracy of each transfer estimator in ``methods`` (name →
    unfitted estimator), each fitted by :func:`fit_transfer`."""
    return {name: float(fit_transfer(method, pair, target_labels=target_labels)
                        .score(pair.X_test, pair.y_test))
            for name, method in methods.items()}


def crossing(x, y, level: float = 0.0) -> float:
    """Where a curve last crosses ``level`` going up: the ``x`` above which ``y`` stays at
    or over ``level``, interpolated linearly between grid points.

    Returns ``nan`` if ``y`` is never below ``level``, or never back above it after its
    last point below. Used to read a threshold off a sweep ("the gain turns negative
    below a relatedness of about …").
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.shape != y.shape or x.ndim != 1:
        raise ValueError(f"x and y must be 1-D of the same length, got shapes "
                         f"{x.shape} and {y.shape}.")
    below = np.flatnonzero(y < level)
    if below.size == 0 or below[-1] == len(y) - 1:
        return float("nan")
    i = below[-1]  # last point below; the next one is at or above the level
    return float(x[i] + (level - y[i]) * (x[i + 1] - x[i]) / (y[i + 1] - y[i]))


def labels_to_reach(curves: Curves, name: str, accuracy: float) -> float:
    """The smallest ``x`` of the grid where curve ``name`` reaches ``accuracy``.

    "How many target labels does this method need to be as good as that one?" Only
    grid points count (no interpolation between them); ``nan`` if the mean accuracy
    never reaches ``accuracy`` on the grid.
    """
    if name not in curves.mean:
        raise ValueError(f"name must be one of the curves {sorted(curves.mean)}; "
                         f"got {name!r}.")
    if isinstance(accuracy, bool) or not isinstance(accuracy, numbers.Real):
        raise TypeError(f"accuracy must be a number, got {type(accuracy).__name__} "
                        f"{accuracy!r}.")
    reached = np.asarray(curves.mean[name]) >= accuracy  # nan never reaches
    if not reached.any():
        return float("nan")
    return float(np.min(np.asarray(curves.x)[reached]))


def shift_sweep(
    shift: str,
    strengths: Iterable[float],
    *,
    seeds: Iterable[int] = range(5),
    estimator=None,
    **pair_kwargs,
) -> Curves:
    """Source-only accuracy on the source and on the target as a shift grows.

    Returns curves ``"source"`` and ``"target"`` (test accuracies of one model trained
    on the source) over ``strengths``.
    """
    grid = check_grid("strengths", strengths)
    seeds = check_seeds("seeds", seeds)
    scores = {name: np.empty((len(seeds), len(grid))) for name in ("source", "target")}
    for i, seed in enumerate(seeds):
        for j, strength in enumerate(grid):
            pair = make_domain_pair(shift, float(strength), **pair_kwargs, random_state=seed)
            model = fit_baseline("source_only", pair, estimator)
            scores["source"][i, j] = model.score(pair.X_source_test, pair.y_source_test)
            scores["target"][i, j] = model.score(pair.X_test, pair.y_test)
    return Curves.from_scores(grid, scores)


def with_labelled(pair: DomainPair, indices) -> DomainPair:
    """``pair`` with only the target points at ``indices`` labelled (visible)."""
    mask = np.zeros(len(pair.y_target), dtype=bool)
    mask[indices] = True
    mask.setflags(write=False)
    return replace(pair, target_labelled=mask)


def labelled_order(pair: DomainPair, seed) -> np.ndarray:
    """The labelled target indices of ``pair`` in the order a growing budget reveals
    them (one of each class first, the rest shuffled by ``seed``), as
    :func:`learning_curve` uses them: budget ``k`` sees the first ``k``."""
    idx = np.flatnonzero(pair.target_labelled)
    y = pair.y_target[idx]
    _, first = np.unique(y, return_index=True)
    rest = np.setdiff1d(np.arange(len(idx)), first)
    rng = np.random.default_rng(seed)
    return idx[np.concatenate([rng.permutation(first), rng.permutation(rest)])]


# -- helpers ------------------------------------------------------------------------


def _default_of(function, parameter):
    """The default value of one of a function's parameters (None if it has none)."""
    found = inspect.signature(function).parameters.get(parameter)
    if found is None or found.default is inspect.Parameter.empty:
        return None
    return found.default

