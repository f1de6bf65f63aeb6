"""Plotly figure builders for the course: each takes data and returns a
``plotly.graph_objects.Figure``; nothing here knows about Streamlit.

One visual language everywhere:

* classes by colour, from the Okabe-Ito palette (safe for the common colour-vision
  deficiencies): class 0 blue, class 1 orange, class 2 bluish green;
* domains by marker symbol: source ``circle``, target ``diamond``; a target point whose
  label a learner may see is a larger ``star``; a target point shown without its label
  is grey;
* each model's decision boundary is a line with its own dash.

Every text a figure shows is a parameter, so a caller can pass translated strings.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from .datasets import DomainPair
from .evaluate import Curves

__all__ = [
    "CLASS_COLOURS",
    "UNLABELLED_COLOUR",
    "LINE_COLOURS",
    "plot_bounds",
    "domain_scatter",
    "add_decision_boundary",
    "accuracy_curves",
    "gain_curve",
    "gain_heatmap",
    "weight_bars",
]

CLASS_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7")
UNLABELLED_COLOUR = "#9A9A9A"
# Lines for models and curves: black, vermillion, sky blue, reddish purple.
LINE_COLOURS = ("#000000", "#D55E00", "#56B4E9", "#CC79A7", "#009E73")
_DASHES = ("solid", "dash", "dot", "dashdot", "longdash")
_LAYOUT = dict(
    template="plotly_white",
    height=430,
    margin=dict(l=10, r=10, t=40, b=10),
    legend=dict(orientation="h", yanchor="top", y=-0.2, xanchor="left", x=0),
)


def plot_bounds(*arrays, pad=0.5) -> tuple[float, float, float, float]:
    """(x_min, x_max, y_min, y_max) around the first two columns of ``arrays``."""
    points = np.vstack([np.asarray(a)[:, :2] for a in arrays])
    low, high = points.min(axis=0) - pad, points.max(axis=0) + pad
    return float(low[0]), float(high[0]), float(low[1]), float(high[1])


def domain_scatter(
    pair: DomainPair,
    *,
    show_source: bool = True,
    show_target: bool = True,
    target_labels: bool = True,
    max_points: int = 300,
    title: str = "",
    source_name: str = "source",
    target_name: str = "target",
    labelled_name: str = "labelled target",
    class_names: Sequence[str] | None = None,
    axis_titles: tuple[str, str] = ("x₁", "x₂"),
) -> go.Figure:
    """Source and target points of a pair in the plane of the first two features.

    Parameters
    ----------
    pair : DomainPair
    show_source, show_target : bool, default=True
    target_labels : bool, default=True
        Colour target points by their class; otherwise grey, as a learner sees them.
        Labelled target points are always coloured.
    max_points : int, default=300
        At most this many points per domain are drawn (the first ones; samples are
        already in random order), to keep the page light; every labelled target point
        is drawn in addition, since those few are what a learner sees.
    title, source_name, target_name, labelled_name, class_names, axis_titles
        Texts shown on the figure.
    """
    names = list(class_names) if class_names else [f"class {c}" for c in range(4)]
    fig = go.Figure()
    if show_source:
        X, y = pair.X_source[:max_points], pair.y_source[:max_points]
        for c in np.unique(y):
            _points(fig, X[y == c], CLASS_COLOURS[c], "circle", 7,
                    f"{source_name} · {names[c]}", opacity=0.55)
    if show_target:
        X, y = pair.X_target[:max_points], pair.y_target[:max_points]
        hidden = ~pair.target_labelled[:max_points]
        if target_labels:
            for c in np.unique(y):
                _points(fig, X[hidden & (y == c)], CLASS_COLOURS[c], "diamond", 7,
                        f"{target_name} · {names[c]}", opacity=0.8)
        else:
            _points(fig, X[hidden], UNLABELLED_COLOUR, "diamond", 7, target_name,
                    opacity=0.6)
        Xl, yl = pair.X_target_labelled, pair.y_target_labelled
        for c in np.unique(yl):
            _points(fig, Xl[yl == c], CLASS_COLOURS[c], "star", 15,
                    f"{labelled_name} · {names[c]}", opacity=1.0, outline=True)
    x0, x1, y0, y1 = plot_bounds(pair.X_source, pair.X_target)
    fig.update_layout(title=title or None, **_LAYOUT)
    fig.update_xaxes(range=[x0, x1], title=axis_titles[0], zeroline=False)
    fig.update_yaxes(range=[y0, y1], title=axis_titles[1], zeroline=False,
                     scaleanchor="x", scaleratio=1)
    return fig


def add_decision_boundary(
    fig: go.Figure,
    estimator,
    *,
    name: str,
    index: int = 0,
    resolution: int = 80,
    n_features: int | None = None,
) -> go.Figure:
    """Draw a fitted classifier's decision boundary over the figure's axis ranges.

    For a binary classifier with ``predict_proba`` the line is where the probability of
    the second class is 0.5; otherwise it is where the predicted class changes. Features
    beyond the first two are held at 0 (their mean). ``index`` picks the line's colour
    and dash, so several models can be told apart. Returns ``fig``.
    """
    x0, x1 = fig.layout.xaxis.range
    y0, y1 = fig.layout.yaxis.range
    xs = np.linspace(x0, x1, resolution)
    ys = np.linspace(y0, y1, resolution)
    gx, gy = np.meshgrid(xs, ys)
    d = n_features or getattr(estimator, "n_features_in_", 2)
    grid = np.zeros((gx.size, d))
    grid[:, 0], grid[:, 1] = gx.ravel(), gy.ravel()

    classes = np.asarray(getattr(estimator, "classes_", [0, 1]))
    if len(classes) == 2 and hasattr(estimator, "predict_proba"):
        z, start, end = estimator.predict_proba(grid)[:, 1], 0.5, 0.5
    else:  # where the predicted class index changes
        z = np.searchsorted(classes, estimator.predict(grid)).astype(float)
        start, end = 0.5, max(len(classes) - 1.5, 0.5)
    colour = LINE_COLOURS[index % len(LINE_COLOURS)]
    fig.add_trace(go.Contour(
        x=xs.astype(np.float32), y=ys.astype(np.float32),
        z=z.reshape(gx.shape).astype(np.float32),
        contours=dict(coloring="none", start=start, end=end, size=1),
        line=dict(color=colour, width=3, dash=_DASHES[index % len(_DASHES)]),
        showscale=False, hoverinfo="skip", name=name, showlegend=True,
    ))
    return fig


def accuracy_curves(
    curves: Curves,
    *,
    labels: Mapping[str, str] | None = None,
    x_title: str = "",
    y_title: str = "accuracy on the target",
    title: str = "",
    marker_x: float | None = None,
    marker_label: str = "",
    chance: float | None = None,
    chance_label: str = "chance",
    goal: float | None = None,
    goal_label: str = "",
    evenly_spaced: bool = False,
) -> go.Figure:
    """Mean curves with a ±1 standard deviation band, one per entry of ``curves``.

    ``labels`` renames curves (and picks which to draw, in its order); ``marker_x``
    draws a vertical line at the current setting; ``chance`` a dotted horizontal line;
    ``goal`` a dashed horizontal line (an accuracy to reach). ``evenly_spaced`` places the x values at equal distances, labelled by their value
    (for a doubling grid such as 0, 2, 4, 8, …).
    """
    order = list(labels) if labels else list(curves.mean)
    fig = go.Figure()
    x = np.asarray(curves.x, dtype=float)
    if evenly_spaced:
        fig.update_xaxes(tickvals=np.arange(len(x)), ticktext=[f"{v:g}" for v in x])
        if marker_x is not None:
            marker_x = float(np.interp(marker_x, x, np.arange(len(x))))
        x = np.arange(len(x), dtype=float)
    for i, key in enumerate(order):
        colour = LINE_COLOURS[i % len(LINE_COLOURS)]
        mean, std = curves.mean[key], curves.std[key]
        ok = ~np.isnan(mean)
        band_x = np.concatenate([x[ok], x[ok][::-1]])
        band_y = np.concatenate([(mean + std)[ok], (mean - std)[ok][::-1]])
        fig.add_trace(go.Scatter(
            x=band_x, y=band_y, fill="toself", fillcolor=_rgba(colour, 0.12), mode="lines",
            line=dict(width=0), hoverinfo="skip", showlegend=False,
        ))
        fig.add_trace(go.Scatter(
            x=x[ok], y=mean[ok], mode="lines+markers", name=(labels or {}).get(key, key),
            line=dict(color=colour, width=3, dash=_DASHES[i % len(_DASHES)]),
            hovertemplate="%{x}: %{y:.1%}<extra>%{fullData.name}</extra>",
        ))
    if chance is not None:
        fig.add_hline(y=chance, line=dict(color=UNLABELLED_COLOUR, dash="dot"),
                      annotation_text=chance_label, annotation_position="bottom right")
    if goal is not None:
        fig.add_hline(y=goal, line=dict(color="#444444", dash="dash", width=1),
                      annotation_text=goal_label, annotation_position="top left")
    if marker_x is not None:
        fig.add_vline(x=marker_x, line=dict(color="#444444", width=1),
                      annotation_text=marker_label, annotation_position="top")
    fig.update_layout(title=title or None, **_LAYOUT)
    fig.update_xaxes(title=x_title)
    fig.update_yaxes(title=y_title, tickformat=".0%", range=[0, 1.02])
    return fig


def gain_curve(
    curves: Curves,
    *,
    key: str = "gain",
    label: str = "gain",
    x_title: str = "",
    y_title: str = "transfer gain",
    title: str = "",
    marker_x: float | None = None,
    marker_label: str = "",
    positive_label: str = "transfer helps",
    negative_label: str = "transfer hurts",
) -> go.Figure:
    """Transfer gain (mean ± 1 std over seeds) against a setting, with the zero line
    and the negative-transfer half of the plot shaded."""
    x = np.asarray(curves.x, dtype=float)
    mean, std = curves.mean[key], curves.std[key]
    low = min(-0.1, float(np.nanmin(mean - std)) - 0.02)
    high = max(0.1, float(np.nanmax(mean + std)) + 0.02)
    fig = go.Figure()
    fig.add_hrect(y0=low, y1=0, fillcolor=_rgba(LINE_COLOURS[1], 0.08), line_width=0,
                  annotation_text=negative_label, annotation_position="bottom left")
    fig.add_hline(y=0, line=dict(color="#444444", width=1),
                  annotation_text=positive_label, annotation_position="top left")
    fig.add_trace(go.Scatter(
        x=np.concatenate([x, x[::-1]]), y=np.concatenate([mean + std, (mean - std)[::-1]]),
        fill="toself", fillcolor=_rgba(LINE_COLOURS[0], 0.12), mode="lines",
        line=dict(width=0), hoverinfo="skip", showlegend=False,
    ))
    fig.add_trace(go.Scatter(
        x=x, y=mean, mode="lines+markers", name=label,
        line=dict(color=LINE_COLOURS[0], width=3),
        hovertemplate="%{x}: %{y:+.1%}<extra></extra>",
    ))
    if marker_x is not None:
        fig.add_vline(x=marker_x, line=dict(color="#444444", width=1),
                      annotation_text=marker_label, annotation_position="top")
    fig.update_layout(title=title or None, **_LAYOUT)
    fig.update_xaxes(title=x_title)
    fig.update_yaxes(title=y_title, tickformat="+.0%", range=[low, high])
    return fig


def gain_heatmap(
    x,
    y,
    gain,
    *,
    current: tuple[float, float] | None = None,
    x_title: str = "",
    y_title: str = "",
    colour_title: str = "gain",
    title: str = "",
    current_label: str = "",
    zero_label: str = "gain = 0",
) -> go.Figure:
    """A map of mean transfer gain, ``gain[i, j]`` at ``(x[j], y[i])``: blue where the
    source helps, vermillion where it hurts (negative transfer), the zero contour drawn,
    and the current setting marked."""
    gain = np.asarray(gain, dtype=np.float32)
    limit = max(float(np.nanmax(np.abs(gain))), 0.05)
    fig = go.Figure(go.Heatmap(
        x=np.asarray(x, dtype=np.float32), y=np.asarray(y, dtype=np.float32), z=gain,
        zmin=-limit, zmax=limit, colorbar=dict(title=colour_title, tickformat="+.0%"),
        colorscale=[[0, LINE_COLOURS[1]], [0.5, "#F7F7F7"], [1, CLASS_COLOURS[0]]],
        hovertemplate=f"{x_title}: %{{x:.2f}}<br>{y_title}: %{{y:.2f}}<br>"
                      f"{colour_title}: %{{z:+.1%}}<extra></extra>",
    ))
    # The zero contour, left out of rows that are zero by construction (no trust in
    # the source is target-only): there the "boundary" would be the whole row.
    informative = ~np.all(gain == 0, axis=1)
    fig.add_trace(go.Contour(
        x=np.asarray(x, dtype=np.float32), y=np.asarray(y, dtype=np.float32)[informative],
        z=gain[informative],
        contours=dict(coloring="none", start=0, end=0, size=1), showscale=False,
        line=dict(color="#222222", width=2, dash="dash"), name=zero_label,
        hoverinfo="skip", showlegend=True,
    ))
    if current is not None:
        fig.add_trace(go.Scatter(
            x=[current[0]], y=[current[1]], mode="markers", name=current_label,
            marker=dict(symbol="x-thin", size=16, color="#000000",
                        line=dict(width=3, color="#000000")),
        ))
    fig.update_layout(title=title or None, **_LAYOUT)
    fig.update_xaxes(title=x_title)
    fig.update_yaxes(title=y_title)
    return fig


def weight_bars(
    weights: Mapping[str, np.ndarray],
    *,
    n_shown: int = 6,
    feature_names: Sequence[str] | None = None,
    x_title: str = "feature",
    y_title: str = "weight",
    title: str = "",
) -> go.Figure:
    """Grouped bars of several linear models' weights, feature by feature (the first
    ``n_shown`` features), one colour per model."""
    fig = go.Figure()
    for i, (name, w) in enumerate(weights.items()):
        w = np.ravel(w)[:n_shown]
        names = list(feature_names or [f"x{j + 1}" for j in range(len(w))])[:len(w)]
        fig.add_trace(go.Bar(x=names, y=w, name=name,
                             marker_color=LINE_COLOURS[i % len(LINE_COLOURS)]))
    fig.update_layout(title=title or None, barmode="group", **_LAYOUT)
    fig.update_xaxes(title=x_title)
    fig.update_yaxes(title=y_title, zeroline=True)
    return fig


def _points(fig, X, colour, symbol, size, name, *, opacity, outline=False) -> None:
    if len(X) == 0:
        return
    fig.add_trace(go.Scatter(
        x=X[:, 0].astype(np.float32), y=X[:, 1].astype(np.float32), mode="markers",
        name=name, opacity=opacity,
        marker=dict(color=colour, symbol=symbol, size=size,
                    line=dict(color="#222222", width=1.2 if outline else 0)),
        hovertemplate="(%{x:.2f}, %{y:.2f})<extra>%{fullData.name}</extra>",
    ))


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"
