"""Figures from ``tllib.plots`` with the page's language filled in, and one way to show
them."""

from __future__ import annotations

import streamlit as st

from tllib import plots

from .text import entry, t


def scatter(pair, models=None, roles=None, **kwargs):
    """``tllib.plots.domain_scatter`` with translated names, and the decision boundary
    of each fitted model in ``models`` (a mapping of label to model), in its order.
    ``roles`` (one role key per model, e.g. ``("target_only", "pooled")``, see
    ``tllib.plots.ROLE_OF``) gives each boundary its role's colour and dash, the same as
    in the lesson's curves and bars. A model given as ``None`` is skipped but keeps its
    place, so the others keep their colours."""
    fig = plots.domain_scatter(
        pair,
        source_name=t("common.source"),
        target_name=t("common.target"),
        labelled_name=t("common.labelled_target"),
        class_names=entry("common.class_names"),
        **kwargs,
    )
    for index, (name, model) in enumerate((models or {}).items()):
        if model is not None:
            plots.add_decision_boundary(fig, model, name=name, index=index,
                                        role=roles[index] if roles else None)
    return fig


# The first figure of a lesson, under a one-line header and a row of controls, fits a
# 1280×720 projector at this height (tllib's figures are 430 px tall).
FIRST_HEIGHT = 400


def show(fig, *, key: str | None = None, height: int | None = None) -> None:
    """A figure at the column's width; ``height`` (px) overrides the figure's own."""
    if height is not None:
        fig.update_layout(height=height)
    st.plotly_chart(fig, width="stretch", key=key,
                    config={"displayModeBar": False, "responsive": True})
