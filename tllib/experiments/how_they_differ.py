"""The "how they differ" lesson (slides 8–10): five learners on one problem, each
with the one resource its setting assumes (:mod:`tllib.relatives`).

The bars and the verdicts are the average of :data:`N_DRAWS` fixed draws (seeds
0..N_DRAWS-1); the table's "this draw" column is the seed control's draw. The fixed draws
are a background in two parts: the learners that never see another task depend on the
number of labels only (:func:`own_background`), the two that use the related tasks on
the relatedness too (:func:`tasks_background`). Both parts are computed on the same
seeds, so within a draw every learner meets the same target videos and test set, and
each verdict compares two learners draw by draw (the standard error of a paired
difference is far smaller than the spread of either learner's accuracy).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .._validation import check_int
from ..evaluate import Comparison, compare, shown_points
from ..relatives import (
    LEARNERS,
    OTHER_TASKS,
    OWN_DATA,
    RelativesComparison,
    compare_relatives,
)
from . import Note, call

__all__ = ["K_OPTIONS", "RELATEDNESS", "N_DRAWS", "LEARNERS", "RelativesResult",
           "own_background", "tasks_background", "run", "background_settings"]

K_OPTIONS = (4, 8, 16, 32)
RELATEDNESS = tuple(round(0.05 * i, 2) for i in range(21))  # the slider's values
# 20 paired draws tell a 4-point difference from zero where the learners' accuracies
# spread by 10 points; beyond that, verdicts barely move (measured up to 40 draws).
N_DRAWS = 20


@dataclass(frozen=True)
class RelativesResult:
    """What the page shows.

    Attributes
    ----------
    mean, std : dict of str to float
        Each learner's target accuracy over the :data:`N_DRAWS` fixed draws: its mean
        (the bars) and standard deviation (the bars' error bars).
    this_draw : dict of str to float
        Each learner's target accuracy on the seed's draw (draw ``seed``: for a seed
        below :data:`N_DRAWS`, one of the averaged draws).
    best : str
        The learner with the highest mean accuracy.
    tied : tuple of str
        The learners within the noise of the best one (the best included), in
        :data:`~tllib.relatives.LEARNERS` order.
    versus : dict of str to Comparison
        Every other learner against the supervised one (the same target labels alone),
        paired over the fixed draws. ``versus["transfer"]`` is the transfer gain; its
        ``"behind"`` is negative transfer.
    n_draws : int
    notes : tuple of Note
        The "what to notice" sentences (``how_they_differ.notice.<name>``); a value
        named ``best``, ``tied``, ``ahead`` or ``other`` is a learner's key (or a tuple
        of them), which the page names.
    """

    mean: dict
    std: dict
    this_draw: dict
    best: str
    tied: tuple
    versus: dict
    n_draws: int
    notes: tuple = ()

    @property
    def transfer(self) -> Comparison:
        return self.versus["transfer"]

    @property
    def multi_task(self) -> Comparison:
        return self.versus["multi_task"]

    @property
    def relatives_hurt(self) -> bool:
        """Negative transfer, and multi-task below the target labels alone too."""
        return self.transfer.verdict == "behind" and self.multi_task.difference < 0


def own_background(n_labelled: int) -> RelativesComparison:
    """Supervised, semi-supervised and multi-view learning on the fixed draws: they never
    see another task, so the relatedness does not enter."""
    return compare_relatives(n_labelled=n_labelled, learners=OWN_DATA, n_draws=N_DRAWS,
                             random_state=0)


def tasks_background(n_labelled: int, relatedness: float) -> RelativesComparison:
    """Multi-task learning and transfer on the same fixed draws."""
    return compare_relatives(n_labelled=n_labelled, relatedness=relatedness,
                             learners=OTHER_TASKS, n_draws=N_DRAWS, random_state=0)


def run(n_labelled: int = 8, relatedness: float = 0.9, seed: int = 0, *,
        memo=call) -> RelativesResult:
    """Average of the fixed draws (background) and the seed's own draw."""
    # The slider's float, as the warm-up's grid spells it (0.35, not 0.35000000000000003).
    check_int("seed", seed, 0)  # in words here, not as random_state below
    relatedness = round(relatedness, 2)
    own = memo(own_background, n_labelled=n_labelled)
    tasks = memo(tasks_background, n_labelled=n_labelled, relatedness=relatedness)
    column = {**{n: own.column(n) for n in own.learners},
              **{n: tasks.column(n) for n in tasks.learners}}
    mean = {n: float(np.mean(column[n])) for n in LEARNERS}
    std = {n: float(np.std(column[n])) for n in LEARNERS}
    best = max(LEARNERS, key=mean.get)
    tied = tuple(n for n in LEARNERS
                 if n == best or compare(column[n], column[best]).verdict == "tie")
    versus = {n: compare(column[n], column["supervised"]) for n in LEARNERS[1:]}
    if seed < N_DRAWS:  # a draw's data depend on its seed only: this one is averaged too
        this_draw = {n: float(column[n][seed]) for n in LEARNERS}
    else:
        this_draw = compare_relatives(n_labelled=n_labelled, relatedness=relatedness,
                                      n_draws=1, random_state=seed).mean
    result = RelativesResult(mean=mean, std=std, this_draw=this_draw, best=best, tied=tied,
                             versus=versus, n_draws=N_DRAWS)
    return replace(result, notes=_notes(result, n_labelled, relatedness))


def _notes(r: RelativesResult, k: int, relatedness: float) -> tuple[Note, ...]:
    m, sup = r.mean, r.mean["supervised"]
    # 1. Who is on top: one learner, a tie of several, or all five within the noise.
    if len(r.tied) == len(LEARNERS):
        top = Note("all_tied", dict(draws=r.n_draws, acc=m[r.best], k=k, sup=sup))
    elif len(r.tied) > 1:
        top = Note("tied", dict(draws=r.n_draws, tied=r.tied, acc=m[r.best]))
    else:
        top = Note("best", dict(draws=r.n_draws, best=r.best, acc=m[r.best]))
    notes = [top]
    # 2. The two that use another task, each by its own verdict against the labels alone.
    for name in ("transfer", "multi_task"):
        notes.append(Note(f"{name}_{r.versus[name].verdict}", dict(
            acc=m[name], sup=sup, r=relatedness, gain=shown_points(m[name], sup))))
    # 3. The two that use only the target's own videos: which of them gain.
    ahead = tuple(n for n in OWN_DATA[1:] if r.versus[n].verdict == "ahead")
    values = dict(ssl=m["semi_supervised"], mv=m["multi_view"], sup=sup)
    if len(ahead) == 2:
        notes.append(Note("own_ahead", values))
    elif len(ahead) == 1:
        other = next(n for n in OWN_DATA[1:] if n not in ahead)
        notes.append(Note("own_one_ahead", dict(values, ahead=ahead[0], other=other)))
    else:
        notes.append(Note("own_none_ahead", values))
    return tuple(notes)


def background_settings():
    """Every background the controls can reach: four of the learners' own data (one
    per k) and 84 of the related tasks' (every k and relatedness)."""
    for k in K_OPTIONS:
        yield own_background, {"n_labelled": k}
        for r in RELATEDNESS:
            yield tasks_background, {"n_labelled": k, "relatedness": r}
