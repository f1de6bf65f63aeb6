"""Figures from ``tllib.plots`` with the page's language filled in, and one way to show
them."""

from __future__ import annotations

import streamlit as st

from tllib import plots

from .text import entry, t

_CONFIG = {"displayModeBar": False, "responsive": True}


def scatter(pair, **kwargs):
    """``tllib.plots.domain_scatter`` with translated names."""
    return plots.domain_scatter(
        pair,
        source_name=t("common.source"),
        target_name=t("common.target"),
        labelled_name=t("common.labelled_target"),
        class_names=entry("common.class_names"),
        **kwargs,
    )


def show(fig, *, key: str | None = None) -> None:
    st.plotly_chart(fig, width="stretch", config=_CONFIG, key=key)
