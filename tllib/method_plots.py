"""Figures for the methods lessons: source points sized by their weight, TrAdaBoost's
weights at one round, a quantity per round, and two domains in a learned
representation. Same visual language and same single-build rule as :mod:`tllib.plots`
(classes by colour, source circles, target diamonds, labelled target stars)."""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from .plots import (
    CLASS_COLOURS, ROLE_STYLES, UNLABELLED_COLOUR, make_figure, hline, series_styles,
    plane_figure, point_trace, vline, add_decision_boundary,
)

__all__ = ["marker_sizes", "weighted_scatter", "boosting_round", "history_curves",
           "mapped_scatter"]

_MEAN_SIZE = 8.0  # marker diameter (px) of a point with the average weight
_SIZE_RANGE = (2.0, 30.0)


def marker_sizes(weights) -> np.ndarray:
    """Marker diameters whose *area* is proportional to each weight (weights relative to
    their mean), clipped to a readable range; a zero weight gets the smallest marker."""
    w = np.asarray(weights, dtype=float)
    mean = w.mean() if w.size and w.mean() > 0 else 1.0
    return np.clip(_MEAN_SIZE * np.sqrt(w / mean), *_SIZE_RANGE).astype(np.float32)


def _sized(X, sizes, colour, symbol, name, *, opacity=0.6, outline=False) -> dict:
    trace = point_trace(X, colour, symbol, 7, name, opacity=opacity, outline=outline)
    trace["marker"]["size"] = sizes
    return trace


def weighted_scatter(
    X_source,
    y_source,
    weights,
    X_target,
    *,
    max_points: int = 250,
    title: str = "",
    source_name: str = "source",
    target_name: str = "target (unlabelled)",
    class_names: Sequence[str] | None = None,
    axis_titles: tuple[str, str] = ("x₁", "x₂"),
) -> go.Figure:
    """Source points coloured by class with marker *area* proportional to their weight,
    and the (unlabelled, grey) target sample, in the plane of the first two features.
    Decision boundaries can be added with :func:`tllib.plots.add_decision_boundary`."""
    names = list(class_names) if class_names else [f"class {c}" for c in range(4)]
    Xs, ys = np.asarray(X_source)[:max_points], np.asarray(y_source)[:max_points]
    sizes = marker_sizes(weights)[:max_points]
    Xt = np.asarray(X_target)[:max_points]
    traces = [point_trace(Xt, UNLABELLED_COLOUR, "diamond", 6, target_name, opacity=0.35)]
    traces += [_sized(Xs[ys == c], sizes[ys == c], CLASS_COLOURS[c], "circle",
                      f"{source_name} · {names[c]}") for c in np.unique(ys)]
    return plane_figure(traces, (Xs, Xt), title=title, axis_titles=axis_titles)


def boosting_round(
    X_source,
    y_source,
    X_labelled,
    y_labelled,
    weights,
    *,
    misleading=None,
    title: str = "",
    source_name: str = "source",
    labelled_name: str = "labelled target",
    misleading_name: str = "misleading for the target",
    class_names: Sequence[str] | None = None,
    axis_titles: tuple[str, str] = ("x₁", "x₂"),
) -> go.Figure:
    """One boosting round's instance weights: source points (circles) and labelled
    target points (stars) coloured by class, marker area proportional to the weight
    (``weights``: source first, then the labelled target points). ``misleading`` (bool
    per source point) rings the source points whose label the target's rule
    contradicts; the ring keeps its size, so the point inside can be seen shrinking."""
    names = list(class_names) if class_names else [f"class {c}" for c in range(4)]
    Xs, ys = np.asarray(X_source), np.asarray(y_source)
    Xl, yl = np.asarray(X_labelled), np.asarray(y_labelled)
    sizes = marker_sizes(weights)
    source_sizes, labelled_sizes = sizes[:len(ys)], sizes[len(ys):]
    traces = [_sized(Xs[ys == c], source_sizes[ys == c], CLASS_COLOURS[c], "circle",
                     f"{source_name} · {names[c]}", opacity=0.65) for c in np.unique(ys)]
    traces += [_sized(Xl[yl == c], labelled_sizes[yl == c], CLASS_COLOURS[c], "star",
                      f"{labelled_name} · {names[c]}", opacity=1.0, outline=True)
               for c in np.unique(yl)]
    if misleading is not None:
        bad = np.asarray(misleading, dtype=bool)
        # An open symbol is drawn by its outline, in the marker's colour.
        traces.append(point_trace(Xs[bad], "#222222", "circle-open", 13, misleading_name,
                              opacity=0.7, outline=True))
    return plane_figure(traces, (Xs, Xl), title=title, axis_titles=axis_titles)


def history_curves(
    series: Mapping[str, Sequence[float]],
    *,
    current: int | None = None,
    current_label: str = "",
    reference: float | None = None,
    reference_label: str = "",
    x_title: str = "round",
    y_title: str = "",
    title: str = "",
    percent: bool = True,
    roles: Sequence[str | None] | None = None,
) -> go.Figure:
    """One line per recorded quantity against the round (1, 2, …), the current round
    marked, and an optional dotted reference level (e.g. ε = 1/2). ``roles`` (one per
    series, see :data:`tllib.plots.ROLE_OF`) gives a quantity that belongs to a learner
    that learner's colour and dash (TrAdaBoost's error: ``"transfer"``)."""
    traces = []
    styles = series_styles(roles if roles is not None else [None] * len(series))
    for (name, values), (colour, dash) in zip(series.items(), styles):
        y = np.asarray(values, dtype=float)
        traces.append(dict(
            type="scatter", x=np.arange(1, len(y) + 1), y=y, mode="lines+markers", name=name,
            line=dict(color=colour, width=3, dash=dash),
            hovertemplate=("%{x}: %{y:.1%}" if percent else "%{x}: %{y:.3g}")
                          + "<extra>%{fullData.name}</extra>",
        ))
    lines = []
    if reference is not None:
        lines.append(hline(reference, reference_label, "top left",
                            color=UNLABELLED_COLOUR, dash="dot"))
    if current is not None:
        lines.append(vline(current, current_label))
    # The reference level stays on the chart even when every value is far below it.
    drawn = [np.nanmax(np.asarray(v, dtype=float)) for v in series.values() if len(v)]
    top = max([*drawn, reference if reference is not None else -np.inf])
    yaxis = dict(title=y_title, tickformat=".0%" if percent else None)
    if np.isfinite(top) and top > 0:
        yaxis["range"] = [0, top * 1.12]
    return make_figure(traces, lines, title=title, xaxis=dict(title=x_title, dtick=1),
                       yaxis=yaxis)


def mapped_scatter(
    X_source,
    y_source,
    X_target,
    y_target,
    *,
    classifier=None,
    classifier_name: str = "",
    max_points: int = 250,
    title: str = "",
    source_name: str = "source",
    target_name: str = "target",
    class_names: Sequence[str] | None = None,
    axis_titles: tuple[str, str] = ("x₁", "x₂"),
) -> go.Figure:
    """Source (circles) and target (diamonds) coloured by class in any two-dimensional
    representation: the original features, or the coordinates a mapping produced. A
    one-dimensional representation is drawn against a small fixed jitter (give the
    vertical axis a title that says so). ``classifier``, fitted on the representation,
    adds its decision boundary, in the transfer role's colour and dash (it is the
    method's classifier): a contour in two dimensions, the threshold ``w x + b = 0`` of a
    linear model in one."""
    names = list(class_names) if class_names else [f"class {c}" for c in range(4)]

    def plane(X) -> np.ndarray:
        X = np.asarray(X, dtype=float)[:max_points]
        if X.shape[1] >= 2:
            return X[:, :2]
        jitter = np.random.default_rng(0).uniform(-0.5, 0.5, len(X))
        return np.column_stack([X[:, 0], jitter])

    Xs, Xt = plane(X_source), plane(X_target)
    ys, yt = np.asarray(y_source)[:max_points], np.asarray(y_target)[:max_points]
    traces = [point_trace(Xs[ys == c], CLASS_COLOURS[c], "circle", 7,
                      f"{source_name} · {names[c]}", opacity=0.5) for c in np.unique(ys)]
    traces += [point_trace(Xt[yt == c], CLASS_COLOURS[c], "diamond", 8,
                       f"{target_name} · {names[c]}", opacity=0.85, outline=True)
               for c in np.unique(yt)]
    fig = plane_figure(traces, (Xs, Xt), title=title, axis_titles=axis_titles)
    if classifier is None:
        return fig
    if np.asarray(X_source).shape[1] >= 2:
        return add_decision_boundary(fig, classifier, name=classifier_name, role="transfer")
    threshold = -float(classifier.intercept_[0]) / float(classifier.coef_[0, 0])
    colour, dash = ROLE_STYLES["transfer"]
    fig.add_trace(dict(type="scatter", x=[threshold, threshold], y=list(fig.layout.yaxis.range),
                       mode="lines", name=classifier_name, hoverinfo="skip",
                       line=dict(color=colour, width=3, dash=dash)))
    return fig
