"""Figures from ``tllib.plots`` with the page's language filled in, and one way to show
them."""

from __future__ import annotations

import streamlit as st

from tllib import plots

from .text import entry, is_right_to_left, t


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


def show(fig, *, key: str | None = None, height: int | None = None,
         download: str | None = None) -> None:
    """A figure at the column's width; ``height`` (px) overrides the figure's own.
    ``download`` (a file name) offers Plotly's own export as SVG, at the figure's size,
    in the figure's corner; otherwise the figure shows no toolbar."""
    if height is not None:
        fig.update_layout(height=height)
    figure = right_to_left(fig.to_dict()) if is_right_to_left() else fig
    config = {"displayModeBar": False, "responsive": True}
    if download:
        config = {"responsive": True, "displaylogo": False, "displayModeBar": True,
                  "modeBarButtons": [["toImage"]],
                  "toImageButtonOptions": {"format": "svg", "filename": download}}
    st.plotly_chart(figure, width="stretch", key=key, config=config)


# An SVG text runs left to right: a Persian title with a Latin or numeric part in it
# ("میانگین ۵ نمونه‌گیری (k = ۵)") would come out with its pieces in the wrong order.
# A right-to-left embedding (U+202B … U+202C) around the text orders it as Persian.
_EMBED, _POP = "\u202b", "\u202c"
_TEXT_KEYS = frozenset({"text", "name", "hovertemplate", "ticktext"})


def _is_persian(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in text)


def _embedded(text: str) -> str:
    """``text`` embedded right to left, line by line (a wrapped title's lines are laid
    out one by one), with tllib's " · " between a domain and a class («مبدا · کلاس ۰»)
    made a Persian comma, since a middle dot next to a Persian digit reads as a zero."""
    if not _is_persian(text) or text.startswith(_EMBED):
        return text
    text = text.replace(" · ", "، ")
    return "<br>".join(f"{_EMBED}{line}{_POP}" for line in text.split("<br>"))


def right_to_left(spec):
    """A figure's dict (``fig.to_dict()``) with every Persian title, legend name, label
    and hover text embedded right to left; numbers and the rest untouched."""
    if isinstance(spec, dict):
        return {key: (_texts(value) if key in _TEXT_KEYS else right_to_left(value))
                for key, value in spec.items()}
    if isinstance(spec, (list, tuple)):
        return [right_to_left(value) for value in spec]
    return spec


def _texts(value):
    if isinstance(value, str):
        return _embedded(value)
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return [_embedded(v) for v in value]
    return right_to_left(value)
