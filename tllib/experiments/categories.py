"""Experiment of the lesson "categories of transfer" (slide 11): which setting you are in.

Nothing is fitted: the lesson's one computation is Pan & Yang's (2010) rule that decides
the setting from which data have labels, and which cells of the map of methods the
labels you have open. The map's *shape* (which cells hold methods, and which of those
need labelled source data) is here, in :data:`CELLS`; its prose (the methods' names and
the lessons that teach them) is the lesson's content catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from . import Note, call, no_background

__all__ = ["SETTINGS", "KINDS", "CELLS", "CategoriesResult", "run", "background_settings"]

SETTINGS = ("inductive", "transductive", "unsupervised")
KINDS = ("instances", "features", "parameters", "relational")
# (setting, kind) -> does that cell's method need labelled source data? Cells not
# listed are empty: no method transfers that kind of knowledge in that setting.
CELLS = {
    ("inductive", "instances"): True,  # TrAdaBoost boosts on source labels
    ("inductive", "features"): False,  # feature augmentation; self-taught learning
    ("inductive", "parameters"): True,  # fine-tuning a source model
    ("inductive", "relational"): True,
    ("transductive", "instances"): False,
    ("transductive", "features"): False,
    ("unsupervised", "features"): False,
}


@dataclass(frozen=True)
class CategoriesResult:
    """``setting``: one of :data:`SETTINGS`; ``usable``: the kinds of the setting's row
    whose methods the labels you have allow; ``blocked``: those of the row that need
    labelled source data you do not have; ``notes``: what the page says about it."""

    setting: str
    source_labelled: bool
    target_labelled: bool
    usable: tuple[str, ...]
    blocked: tuple[str, ...]
    notes: tuple[Note, ...]


def row(setting: str, source_labelled: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The kinds of ``setting``'s row that the labels allow, and those that need
    labelled source data which you lack."""
    cells = [kind for kind in KINDS if (setting, kind) in CELLS]
    usable = tuple(k for k in cells if source_labelled or not CELLS[(setting, k)])
    return usable, tuple(k for k in cells if k not in usable)


def notes(r: CategoriesResult) -> tuple[Note, ...]:
    """Two or three sentences about the row that lights up, chosen from the map."""
    if r.setting == "inductive" and not r.blocked:
        return (Note("all_columns"), Note("hide_target"))
    if r.setting == "inductive":
        return (Note("self_taught"), Note("features_everywhere"))
    if r.setting == "transductive":
        return (Note("transductive"), Note("label_target"))
    return (Note("unsupervised"), Note("label_something"))


def run(source_labelled: bool, target_labelled: bool, *, memo=call) -> CategoriesResult:
    """Target labels make the setting inductive; source labels alone, transductive; no
    labels at all, unsupervised."""
    if target_labelled:
        setting = "inductive"
    elif source_labelled:
        setting = "transductive"
    else:
        setting = "unsupervised"
    usable, blocked = row(setting, bool(source_labelled))
    result = CategoriesResult(setting, bool(source_labelled), bool(target_labelled),
                              usable, blocked, ())
    return replace(result, notes=notes(result))


background_settings = no_background
