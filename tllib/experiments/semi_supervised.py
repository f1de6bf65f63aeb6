"""The semi-supervised lesson (slides 2 and 8): eight labelled points and 300
unlabelled ones on two moons; labels only against self-training and label spreading on
*this draw* (the seed), self-training round by round, and a sweep over the shift that
turns the unlabelled and test distribution away from the labelled one.

The sweep is the lesson's background: the average of :data:`N_DRAWS` fixed draws
(seeds 0..4), the same whatever the seed and the shift controls say, so it is computed
once (:func:`background`). Everything of this draw is cheap (self-training's 15 rounds
refit a neighbour vote, which only stores the points), and computed on each change.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable

import numpy as np
from sklearn.base import clone

from .._validation import check_float, check_grid, check_int
from ..datasets import DomainPair
from ..evaluate import Comparison, Curves, compare, shown_points
from ..semi_supervised import (
    SSL_METHODS,
    SelfTrainingHistory,
    default_base,
    fit_semi_supervised,
    self_training_history,
)
from ..semi_supervised_data import balanced_choice, make_ssl_pair
from . import Note, call

__all__ = ["SHIFTS", "N_DRAWS", "N_ROUNDS", "compare_ssl", "helps_until", "stays_above_until",
           "SSLExperiment", "ssl_experiment", "background", "SemiSupervisedResult", "run",
           "round_notes", "background_settings"]

SHIFTS = tuple(round(0.1 * i, 1) for i in range(11))
N_DRAWS = 5  # the sweep's fixed draws: seeds 0..4
N_ROUNDS = 15  # 300 unlabelled points, 20 a round


def compare_ssl(
    shifts: Iterable[float],
    *,
    seeds: Iterable[int] = range(5),
    n_labelled: int = 8,
    base=None,
    **pair_kwargs,
) -> Curves:
    """Test accuracy of supervised, self-training and label spreading as the unlabelled
    and test distribution turns away from the labelled one.

    One pair per (shift, seed) from :func:`~tllib.semi_supervised_data.make_ssl_pair`
    (extra keyword arguments go to it). A fourth curve, ``"target_labels"``, is ``base``
    fitted on ``n_labelled`` labelled points of the *unlabelled* sample instead: what
    labelling a few points of the distribution you are tested on would buy. It is not
    a transfer method; it marks what the same labelling budget gives where the labels
    are needed.

    Returns
    -------
    Curves
        Over ``shifts``: ``"supervised"``, ``"self_training"``, ``"label_spreading"``,
        ``"target_labels"``.
    """
    grid = check_grid("shifts", shifts)
    for s in grid:
        check_float("shifts", float(s), 0.0, 1.0)
    seeds = tuple(seeds)
    names = (*SSL_METHODS, "target_labels")
    scores = {name: np.empty((len(seeds), len(grid))) for name in names}
    for i, seed in enumerate(seeds):
        for j, s in enumerate(grid):
            pair = make_ssl_pair(float(s), n_labelled=n_labelled, random_state=seed,
                                 **pair_kwargs)
            for name in SSL_METHODS:
                model = fit_semi_supervised(pair, name, base=base)
                scores[name][i, j] = model.score(pair.X_test, pair.y_test)
            # The same budget of labels, spent on the distribution the test comes from.
            chosen = balanced_choice(np.random.default_rng(seed), pair.y_target, n_labelled)
            model = clone(base if base is not None else default_base()).fit(
                pair.X_target[chosen], pair.y_target[chosen])
            scores["target_labels"][i, j] = model.score(pair.X_test, pair.y_test)
    return Curves.from_scores(grid, scores)


def helps_until(curves: Curves) -> float:
    """The first shift at which semi-supervised learning (the mean of self-training's
    and label spreading's accuracy) falls below the labels-only model, interpolated
    between grid points; ``nan`` if it never does."""
    gain = (curves.mean["self_training"] + curves.mean["label_spreading"]) / 2 \
        - curves.mean["supervised"]
    return _first_drop(curves.x, gain)


def stays_above_until(curves: Curves, name: str) -> float:
    """Like :func:`helps_until` for one learner: the first shift at which ``name``'s
    mean curve falls below the labels-only model, interpolated; ``nan`` if never."""
    return _first_drop(curves.x, curves.mean[name] - curves.mean["supervised"])


def _first_drop(x, gain) -> float:
    """The first ``x`` where ``gain`` falls below 0, interpolated; ``nan`` if never."""
    x = np.asarray(x, dtype=float)
    below = np.flatnonzero(gain < 0)
    if below.size == 0:
        return float("nan")
    i = below[0]
    if i == 0:
        return float(x[0])
    return float(x[i - 1] + gain[i - 1] * (x[i] - x[i - 1]) / (gain[i - 1] - gain[i]))


@dataclass(frozen=True)
class SSLExperiment:
    """One draw: the pair, the three learners fitted on it, their test accuracy and
    self-training's history.

    Attributes
    ----------
    pair : DomainPair
    models : dict of str to fitted estimator, keyed by :data:`SSL_METHODS`
        ``"supervised"`` and ``"self_training"`` are the history's first and last
        models.
    accuracy : dict of str to float
        Each model's accuracy on ``pair.X_test``.
    history : SelfTrainingHistory
    pseudo_label_accuracy : ndarray of shape (history.n_rounds,)
        :meth:`SelfTrainingHistory.pseudo_label_accuracy` against the hidden labels.
    """

    pair: DomainPair
    models: dict
    accuracy: dict
    history: SelfTrainingHistory
    pseudo_label_accuracy: np.ndarray


def ssl_experiment(shift: float = 0.0, *, random_state=None, **pair_kwargs) -> SSLExperiment:
    """Draw a pair, self-train (keeping every round), spread the labels, score."""
    pair = make_ssl_pair(shift, random_state=random_state, **pair_kwargs)
    history = self_training_history(pair)
    models = {"supervised": history.models[0], "self_training": history.models[-1],
              "label_spreading": fit_semi_supervised(pair, "label_spreading")}
    accuracy = {m: float(model.score(pair.X_test, pair.y_test)) for m, model in models.items()}
    truth = np.concatenate([pair.y_source, pair.y_target])
    return SSLExperiment(pair, models, accuracy, history,
                         history.pseudo_label_accuracy(truth))


def background(n_test: int = 500) -> Curves:
    """The sweep over :data:`SHIFTS`: the average of :data:`N_DRAWS` fixed draws."""
    return compare_ssl(SHIFTS, seeds=range(N_DRAWS), n_test=n_test)


@dataclass(frozen=True)
class SemiSupervisedResult:
    """What the semi-supervised page shows.

    Attributes
    ----------
    draw : SSLExperiment
        This draw (the seed control) at the chosen shift.
    sweep : Curves
        Accuracy over :data:`SHIFTS`, the average of :data:`N_DRAWS` fixed draws.
    vs_supervised : Comparison
        The better semi-supervised learner of this draw against labels only (the
        8 labelled points alone): semi-supervised learning's improvement.
    story : str
        ``"helps"`` (one distribution and semi-supervised learning ahead);
        ``"no_room"`` (one distribution, but labels only is already within the noise
        of 100%); ``"unlucky"`` (one distribution, no improvement on this draw);
        ``"hurts"`` (the unlabelled data have moved).
    helps_until : float
        The shift where the sweep's semi-supervised curves fall below labels only
        (nan: never).
    target_labels : float
        The sweep's "labels of the shifted data" curve, averaged over the shifts.
    best : str
        The better semi-supervised learner of this draw (``"self_training"`` or
        ``"label_spreading"``), the one ``vs_supervised`` compares.
    until : dict of str to float
        Per semi-supervised learner, the shift where its sweep curve first falls below
        labels only (nan: never).
    notes : tuple of Note
        The "what to notice" sentences (``semi_supervised.notice.<name>``) except the
        round's, which :func:`round_notes` chooses for the round control.
    """

    draw: SSLExperiment
    sweep: Curves
    vs_supervised: Comparison
    story: str
    helps_until: float
    target_labels: float
    best: str = "label_spreading"
    until: dict = None
    notes: tuple = ()

    @property
    def helps_throughout(self) -> bool:
        return math.isnan(self.helps_until)

    def pseudo_counts(self, round_: int) -> tuple[int, int]:
        """(right, given): how many of the labels self-training gave itself by the end
        of ``round_`` (clipped) are right, and how many it gave."""
        r = self.round_of(round_)
        h = self.draw.history
        given = int(h.labelled_counts[r] - h.labelled_counts[0])
        share = self.draw.pseudo_label_accuracy[r] if r else 0.0
        return round(float(share) * given), given

    def round_of(self, round_: int) -> int:
        """``round_`` clipped to the rounds this draw's self-training ran."""
        return min(int(round_), self.draw.history.n_iter)


def run(shift: float = 0.0, seed: int = 1, *, memo=call) -> SemiSupervisedResult:
    """This draw at ``shift`` (seed ``seed``) and the fixed draws' sweep."""
    check_int("seed", seed, 0)
    shift = round(float(shift), 1)
    sweep = memo(background, n_test=500)
    draw = ssl_experiment(shift, random_state=seed)
    acc = draw.accuracy
    best = max(("self_training", "label_spreading"), key=lambda m: acc[m])
    vs = compare(acc[best], acc["supervised"])
    moved = shift > 0  # any shift: the unlabelled data no longer share the labels' distribution
    if vs.verdict == "ahead":
        story = "helps_moved" if moved else "helps"
    elif vs.verdict == "behind":
        story = "hurts" if moved else "unlucky"
    else:  # a tie: nothing to gain when labels only is already as good as perfect
        story = ("no_room" if not moved and compare(1.0, acc["supervised"]).verdict == "tie"
                 else "tie")
    until = {m: stays_above_until(sweep, m) for m in ("self_training", "label_spreading")}
    target_labels = float(np.mean(sweep.mean["target_labels"]))
    notes = _notes(shift, draw, best, story, until, target_labels)
    return SemiSupervisedResult(draw, sweep, vs, story, helps_until(sweep), target_labels,
                                best, until, notes)


def _notes(shift, draw, best, story, until, target_labels) -> tuple[Note, ...]:
    acc = draw.accuracy
    now = Note("now", dict(shift=shift, angle=draw.pair.details["angle_deg"],
                           offset=draw.pair.details["offset"], **acc))
    story_note = Note(story, dict(gain=shown_points(acc[best], acc["supervised"])))
    st_, ls = until["self_training"], until["label_spreading"]
    if math.isnan(st_) and math.isnan(ls):
        sweep = Note("sweep_never", dict(draws=N_DRAWS))
    elif math.isnan(st_) or math.isnan(ls):  # not at this sweep; told plainly if it comes
        falls = "label_spreading" if math.isnan(st_) else "self_training"
        sweep = Note(f"sweep_only_{falls}", dict(draws=N_DRAWS, s0=until[falls]))
    else:
        sweep = Note("sweep", dict(draws=N_DRAWS, s_st=st_, s_ls=ls, target=target_labels))
    return (now, story_note, sweep)


def round_notes(result: SemiSupervisedResult, round_: int) -> tuple[Note, ...]:
    """The sentence about self-training at ``round_`` (clipped to the rounds run):
    how many labels it has given and how many of them are wrong."""
    r = result.round_of(round_)
    h = result.draw.history
    if r == 0:
        return (Note("round_zero"),)
    right, given = result.pseudo_counts(r)
    wrong = given - right
    name = "round_clean" if wrong == 0 else "round_mistakes"
    return (Note(name, dict(round=r, n_labelled=int(h.labelled_counts[r]), given=given,
                            wrong=wrong)),)


def background_settings():
    """The sweep depends on no control: one setting."""
    yield background, {"n_test": 500}
