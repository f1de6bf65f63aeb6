"""The "how they differ" lesson (slides 8–10): five learners on one problem, each
with the one resource its setting assumes (:mod:`tllib.relatives`).

The bars and the verdicts are the average of :data:`N_DRAWS` fixed draws (seeds 0..4),
a background that depends on the number of labels and the relatedness only; the table's
last column is *this draw* (the seed control).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..evaluate import Comparison, compare, shown_percent
from ..relatives import LEARNERS, RelativesComparison, compare_relatives
from . import Note, call

__all__ = ["K_OPTIONS", "RELATEDNESS", "N_DRAWS", "RelativesResult", "background", "run",
           "background_settings"]

K_OPTIONS = (4, 8, 16, 32)
RELATEDNESS = tuple(round(0.05 * i, 2) for i in range(21))  # the slider's values
N_DRAWS = 5
# In this problem the relatedness also turns the target's own rule between the image
# feature (weight sqrt(r)) and the audio feature (sqrt(1 - r)): within this of either end
# one view says almost nothing about the class (co-training's sufficiency breaks).
ONE_VIEW = 0.2


@dataclass(frozen=True)
class RelativesResult:
    """What the page shows.

    Attributes
    ----------
    mean : dict of str to float
        Each learner's target accuracy, averaged over the :data:`N_DRAWS` fixed draws.
    std : dict of str to float
        Each learner's standard deviation of that accuracy over the fixed draws (the
        bars' error bars).
    this_draw : dict of str to float
        Each learner's target accuracy on the seed's draw.
    best : str
        The learner with the highest mean accuracy.
    transfer, multi_task : Comparison
        Transfer and multi-task against the supervised learner on the same target
        labels (target-only), over the fixed draws: the transfer gain, and the same
        difference for multi-task. ``transfer.verdict == "behind"`` is negative transfer.
    relatives_hurt : bool
        Negative transfer (``transfer.verdict == "behind"``) and multi-task below the
        target labels alone too.
    n_draws : int
    tied : tuple of str
        The learners within the noise of the best one (the best included), in
        :data:`~tllib.relatives.LEARNERS` order.
    multi_view : Comparison
        Multi-view learning against the target labels alone.
    notes : tuple of Note
        The "what to notice" sentences (``how_they_differ.notice.<name>``); a value
        named ``best`` or ``tied`` is a learner's key (or a tuple of them), which the
        page names.
    """

    mean: dict
    this_draw: dict
    best: str
    transfer: Comparison
    multi_task: Comparison
    relatives_hurt: bool
    n_draws: int
    tied: tuple = ()
    multi_view: Comparison = None
    std: dict = None
    notes: tuple = ()


def background(n_labelled: int, relatedness: float) -> RelativesComparison:
    """The five learners on :data:`N_DRAWS` fixed draws (seeds 0..4 of one stream)."""
    return compare_relatives(n_labelled=n_labelled, relatedness=relatedness,
                             n_draws=N_DRAWS, random_state=0)


def run(n_labelled: int = 8, relatedness: float = 0.9, seed: int = 0, *,
        memo=call) -> RelativesResult:
    """Average of the fixed draws (background) and the seed's own draw."""
    # The slider's float, as the warm-up's grid spells it (0.35, not 0.35000000000000003).
    record = memo(background, n_labelled=n_labelled, relatedness=round(relatedness, 2))
    draw = compare_relatives(n_labelled=n_labelled, relatedness=relatedness, n_draws=1,
                             random_state=seed)
    column = {name: record.accuracy[:, j] for j, name in enumerate(LEARNERS)}
    transfer = compare(column["transfer"], column["supervised"])
    multi_task = compare(column["multi_task"], column["supervised"])
    mean = record.mean
    best = max(mean, key=mean.get)
    tied = tuple(n for n in LEARNERS
                 if n == best or compare(column[n], column[best]).verdict == "tie")
    multi_view = compare(column["multi_view"], column["supervised"])
    result = RelativesResult(
        mean=mean, this_draw=draw.mean, best=best, transfer=transfer,
        multi_task=multi_task,
        relatives_hurt=transfer.verdict == "behind" and multi_task.difference < 0,
        n_draws=N_DRAWS, tied=tied, multi_view=multi_view, std=record.std,
    )
    return replace(result, notes=_notes(result, n_labelled, round(relatedness, 2)))


def _notes(r: RelativesResult, k: int, relatedness: float) -> tuple[Note, ...]:
    m = r.mean
    sup = m["supervised"]
    if len(r.tied) == len(LEARNERS):
        top = Note("all_tied", dict(draws=N_DRAWS, acc=m[r.best], k=k, sup=sup))
    elif len(r.tied) > 1:
        top = Note("tied", dict(draws=N_DRAWS, tied=r.tied, acc=m[r.best], k=k, sup=sup))
    else:
        top = Note("best", dict(draws=N_DRAWS, best=r.best, acc=m[r.best], k=k, sup=sup))
    notes = [top]
    for name, cmp in (("transfer", r.transfer), ("multi_task", r.multi_task)):
        notes.append(Note(f"{name}_{cmp.verdict}", dict(
            acc=m[name], sup=sup, r=relatedness, gain=shown_percent(m[name]) - shown_percent(sup))))
    one_view = min(relatedness, 1 - relatedness) <= ONE_VIEW
    if r.multi_view.verdict == "behind" and one_view:
        notes.append(Note("unlabelled_one_view", dict(
            ssl=m["semi_supervised"], mv=m["multi_view"], sup=sup, r=relatedness,
            gain=shown_percent(m["multi_view"]) - shown_percent(sup))))
    else:
        notes.append(Note("unlabelled", dict(ssl=m["semi_supervised"], mv=m["multi_view"],
                                             sup=sup)))
    return tuple(notes)


def background_settings():
    """Every (k, relatedness) the controls can reach."""
    for k in K_OPTIONS:
        for r in RELATEDNESS:
            yield background, {"n_labelled": k, "relatedness": r}
