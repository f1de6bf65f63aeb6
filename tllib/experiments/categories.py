"""Experiment of the lesson "categories of transfer" (slide 11): which setting you are in.

Nothing is fitted: the lesson's one computation is Pan & Yang's (2010) rule that decides
the setting from which data have labels. The map of methods itself is data (the
lesson's content catalogue), so it stays with the page's text.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import call, no_background

__all__ = ["SETTINGS", "CategoriesResult", "run", "background_settings"]

SETTINGS = ("inductive", "transductive", "unsupervised")


@dataclass(frozen=True)
class CategoriesResult:
    """``setting``: one of :data:`SETTINGS`; ``source_labelled``: whether the methods
    that need source labels are open to you."""

    setting: str
    source_labelled: bool


def run(source_labelled: bool, target_labelled: bool, *, memo=call) -> CategoriesResult:
    """Target labels make the setting inductive; source labels alone, transductive; no
    labels at all, unsupervised."""
    if target_labelled:
        setting = "inductive"
    elif source_labelled:
        setting = "transductive"
    else:
        setting = "unsupervised"
    return CategoriesResult(setting, bool(source_labelled))


background_settings = no_background
