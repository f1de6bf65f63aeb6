"""Figures from ``tllib.plots`` with the page's language filled in, and one way to show
them."""

from __future__ import annotations

import streamlit as st

from tllib import plots

from .text import entry, t



def scatter(pair, models=None, **kwargs):
    """``tllib.plots.domain_scatter`` with translated names, and the decision boundary
    of each fitted model in ``models`` (a mapping of label to model), in its order. A
    model given as ``None`` is skipped but keeps its place, so the others keep their
    colours."""
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
            plots.add_decision_boundary(fig, model, name=name, index=index)
    return fig


def show(fig, *, key: str | None = None) -> None:
    st.plotly_chart(fig, width="stretch", key=key,
                    config={"displayModeBar": False, "responsive": True})
