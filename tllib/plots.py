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

Figures are assembled from plain dicts and built once (``go.Figure(data, layout)``):
plotly validates on every ``add_trace``/``add_hline`` and on named templates, which
cost 10–20 ms each, a large part of a lesson's 100 ms rerun budget. The page's theme
(Streamlit's) supplies colours and grid, so no template is set here.

Why one long module: every figure shares the styling helpers below (palette, dashes,
axes, the plane's equal scale), which keep one visual grammar across the course;
splitting the builders would make those helpers public API.
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
    "task_accuracy_bars",
    "attention_curves",
    "coefficient_path",
]

CLASS_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7")
UNLABELLED_COLOUR = "#9A9A9A"
# Lines for models and curves: black, vermillion, sky blue, reddish purple.
LINE_COLOURS = ("#000000", "#D55E00", "#56B4E9", "#CC79A7", "#009E73")
DASHES = ("solid", "dash", "dot", "dashdot", "longdash")
_REFERENCE_COLOUR = "#444444"  # reference lines: chance, goal, zero, the current setting


def _layout() -> dict:
    """The layout every figure starts from (a fresh dict: plotly keeps what it is given)."""
    return dict(
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
    max_points: int = 200,
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
    max_points : int, default=200
        At most this many points per domain are drawn (the first ones; samples are
        already in random order), to keep the page light; every labelled target point
        is drawn in addition, since those few are what a learner sees.
    title, source_name, target_name, labelled_name, class_names, axis_titles
        Texts shown on the figure.
    """
    names = list(class_names) if class_names else [f"class {c}" for c in range(4)]
    traces = []
    if show_source:
        X, y = pair.X_source[:max_points], pair.y_source[:max_points]
        traces += [point_trace(X[y == c], CLASS_COLOURS[c], "circle", 7,
                           f"{source_name} · {names[c]}", opacity=0.55)
                   for c in np.unique(y)]
    if show_target:
        X, y = pair.X_target[:max_points], pair.y_target[:max_points]
        hidden = ~pair.target_labelled[:max_points]
        if target_labels:
            traces += [point_trace(X[hidden & (y == c)], CLASS_COLOURS[c], "diamond", 7,
                               f"{target_name} · {names[c]}", opacity=0.8)
                       for c in np.unique(y)]
        else:
            traces.append(point_trace(X[hidden], UNLABELLED_COLOUR, "diamond", 7, target_name,
                                  opacity=0.6))
        Xl, yl = pair.X_target_labelled, pair.y_target_labelled
        traces += [point_trace(Xl[yl == c], CLASS_COLOURS[c], "star", 15,
                           f"{labelled_name} · {names[c]}", opacity=1.0, outline=True)
                   for c in np.unique(yl)]
    return plane_figure(traces, (pair.X_source, pair.X_target), title=title,
                  axis_titles=axis_titles)


def add_decision_boundary(
    fig: go.Figure,
    estimator,
    *,
    name: str,
    index: int = 0,
    resolution: int = 60,
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
    fig.add_trace(dict(
        type="contour", x=xs.astype(np.float32), y=ys.astype(np.float32),
        z=z.reshape(gx.shape).astype(np.float32),
        contours=dict(coloring="none", start=start, end=end, size=1),
        line=dict(color=colour, width=3, dash=DASHES[index % len(DASHES)]),
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
    ``goal`` a dashed horizontal line (an accuracy to reach). ``evenly_spaced`` places
    the x values at equal distances, labelled by their value (for a doubling grid such
    as 0, 2, 4, 8, …).
    """
    order = list(labels) if labels else list(curves.mean)
    x = np.asarray(curves.x, dtype=float)
    xaxis = dict(title=x_title)
    if evenly_spaced:
        xaxis.update(tickvals=np.arange(len(x)), ticktext=[f"{v:g}" for v in x])
        if marker_x is not None:
            marker_x = float(np.interp(marker_x, x, np.arange(len(x))))
        x = np.arange(len(x), dtype=float)
    traces = []
    for i, key in enumerate(order):
        colour = LINE_COLOURS[i % len(LINE_COLOURS)]
        mean, std = curves.mean[key], curves.std[key]
        ok = ~np.isnan(mean)
        traces.append(_band(x[ok], (mean - std)[ok], (mean + std)[ok], colour))
        traces.append(dict(
            type="scatter", x=x[ok], y=mean[ok], mode="lines+markers",
            name=(labels or {}).get(key, key),
            line=dict(color=colour, width=3, dash=DASHES[i % len(DASHES)]),
            hovertemplate="%{x}: %{y:.1%}<extra>%{fullData.name}</extra>",
        ))
    lines = []
    if chance is not None:
        lines.append(hline(chance, chance_label, "bottom right",
                            color=UNLABELLED_COLOUR, dash="dot"))
    if goal is not None:
        lines.append(hline(goal, goal_label, "top left", color=_REFERENCE_COLOUR, width=1,
                            dash="dash"))
    if marker_x is not None:
        lines.append(vline(marker_x, marker_label))
    return make_figure(traces, lines, title=title, xaxis=xaxis,
                   yaxis=dict(title=y_title, tickformat=".0%", range=[0, 1.02]))


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
    traces = [
        _band(x, mean - std, mean + std, LINE_COLOURS[0]),
        dict(type="scatter", x=x, y=mean, mode="lines+markers", name=label,
             line=dict(color=LINE_COLOURS[0], width=3),
             hovertemplate="%{x}: %{y:+.1%}<extra></extra>"),
    ]
    negative_half = (
        dict(type="rect", xref="paper", x0=0, x1=1, y0=low, y1=0, layer="below",
             fillcolor=_rgba(LINE_COLOURS[1], 0.08), line=dict(width=0)),
        dict(xref="paper", x=0, y=low, yanchor="bottom", xanchor="left",
             text=negative_label, showarrow=False),
    )
    lines = [negative_half,
             hline(0, positive_label, "top left", color=_REFERENCE_COLOUR, width=1)]
    if marker_x is not None:
        lines.append(vline(marker_x, marker_label))
    return make_figure(traces, lines, title=title, xaxis=dict(title=x_title),
                   yaxis=dict(title=y_title, tickformat="+.0%", range=[low, high]))


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
    x, y = np.asarray(x, dtype=np.float32), np.asarray(y, dtype=np.float32)
    gain = np.asarray(gain, dtype=np.float32)
    limit = max(float(np.nanmax(np.abs(gain))), 0.05)
    # The zero contour, left out of rows that are zero by construction (no trust in
    # the source is target-only): there the "boundary" would be the whole row.
    informative = ~np.all(gain == 0, axis=1)
    traces = [
        dict(type="heatmap", x=x, y=y, z=gain, zmin=-limit, zmax=limit,
             colorbar=dict(title=dict(text=colour_title), tickformat="+.0%"),
             colorscale=[[0, LINE_COLOURS[1]], [0.5, "#F7F7F7"], [1, CLASS_COLOURS[0]]],
             hovertemplate=f"{x_title}: %{{x:.2f}}<br>{y_title}: %{{y:.2f}}<br>"
                           f"{colour_title}: %{{z:+.1%}}<extra></extra>"),
        dict(type="contour", x=x, y=y[informative], z=gain[informative],
             contours=dict(coloring="none", start=0, end=0, size=1), showscale=False,
             line=dict(color="#222222", width=2, dash="dash"), name=zero_label,
             hoverinfo="skip", showlegend=True),
    ]
    if current is not None:
        traces.append(dict(
            type="scatter", x=[current[0]], y=[current[1]], mode="markers",
            name=current_label,
            marker=dict(symbol="x-thin", size=16, color="#000000",
                        line=dict(width=3, color="#000000")),
        ))
    return make_figure(traces, title=title, xaxis=dict(title=x_title),
                   yaxis=dict(title=y_title))


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
    traces = []
    for i, (name, w) in enumerate(weights.items()):
        w = np.ravel(w)[:n_shown]
        names = list(feature_names or [f"x{j + 1}" for j in range(len(w))])[:len(w)]
        traces.append(dict(type="bar", x=names, y=w, name=name,
                           marker_color=LINE_COLOURS[i % len(LINE_COLOURS)]))
    return make_figure(traces, title=title, barmode="group", xaxis=dict(title=x_title),
                   yaxis=dict(title=y_title, zeroline=True))


def task_accuracy_bars(
    task_names: Sequence[str],
    series: Mapping[str, Sequence[float]],
    *,
    highlight: str | None = None,
    y_title: str = "accuracy",
    title: str = "",
) -> go.Figure:
    """Grouped bars: one group per task, one bar per learner (``series`` maps a
    learner's name to its per-task accuracies), on an axis from 40 % (lower if needed)
    to 100 %, so differences of a few points stay visible. The group named
    ``highlight`` (e.g. the method the page is showing) gets a dark outline."""
    low = min([0.4] + [float(np.min(acc)) - 0.05 for acc in series.values()])
    outline = [3 if task == highlight else 0 for task in task_names]
    traces = [
        dict(type="bar", x=list(task_names), y=np.asarray(acc, dtype=float), name=name,
             marker=dict(color=(LINE_COLOURS[2], LINE_COLOURS[0], LINE_COLOURS[1])[i % 3],
                         line=dict(color="#222222", width=outline)),
             hovertemplate="%{x}: %{y:.1%}<extra>%{fullData.name}</extra>")
        for i, (name, acc) in enumerate(series.items())
    ]
    return make_figure(traces, title=title, barmode="group",
                   yaxis=dict(title=y_title, tickformat=".0%", range=[low, 1.02]))


def attention_curves(
    target_weights: Sequence[float],
    target,
    others,
    *,
    marker_x: float | None = None,
    target_name: str = "target task",
    others_name: str = "other tasks (mean)",
    x_title: str = "target task weight",
    y_title: str = "accuracy",
    title: str = "",
) -> go.Figure:
    """Accuracy of the target task and of the others against the target's weight in
    the objective, on evenly spaced ticks, with the current weight marked."""
    x = np.arange(len(target_weights), dtype=float)
    traces = [
        dict(type="scatter", x=x, y=np.asarray(y, dtype=float), mode="lines+markers",
             name=name, line=dict(color=colour, width=3, dash=dash),
             hovertemplate="%{y:.1%}<extra>%{fullData.name}</extra>")
        for name, y, colour, dash in ((target_name, target, LINE_COLOURS[1], "solid"),
                                      (others_name, others, LINE_COLOURS[0], "dash"))
    ]
    lines = []
    if marker_x is not None:
        lines.append(vline(float(np.interp(marker_x, target_weights, x)), ""))
    return make_figure(
        traces, lines, title=title,
        xaxis=dict(title=x_title, tickvals=x, ticktext=[f"{w:g}" for w in target_weights]),
        yaxis=dict(title=y_title, tickformat=".0%"),
    )


def coefficient_path(
    strengths: Sequence[float],
    coefs,
    source_coef,
    *,
    current: float | None = None,
    feature_names: Sequence[str] | None = None,
    x_title: str = "penalty strength λ",
    y_title: str = "weight",
    title: str = "",
    current_label: str = "",
    source_label: str = "source",
) -> go.Figure:
    """How each weight of a linear model moves as a penalty's strength grows: one line
    per coefficient against ``strengths`` (a log axis), the source's value of that
    coefficient as a dashed horizontal line in the same colour, and the current strength
    marked by a vertical line and a dot on each curve.

    ``coefs`` has shape (len(strengths), n_features), e.g. from
    :func:`tllib.parameter.source_prior_path`; ``source_coef`` shape (n_features,).
    """
    x = np.asarray(strengths, dtype=float)
    coefs = np.atleast_2d(np.asarray(coefs, dtype=float))
    source_coef = np.ravel(np.asarray(source_coef, dtype=float))
    names = list(feature_names or [f"w{j + 1}" for j in range(coefs.shape[1])])
    traces, lines = [], []
    for j, name in enumerate(names):
        colour = LINE_COLOURS[j % len(LINE_COLOURS)]
        traces.append(dict(
            type="scatter", x=x, y=coefs[:, j], mode="lines", name=name,
            line=dict(color=colour, width=3),
            hovertemplate="λ = %{x:.3g}: %{y:.2f}<extra>%{fullData.name}</extra>",
        ))
        lines.append(hline(source_coef[j], f"{source_label} {name}", "top left",
                            color=colour, width=2, dash="dash"))
    if current is not None:
        # A shape on a log axis takes the data value; an annotation its log10.
        shape, _ = vline(current, "")
        note = dict(yref="paper", x=float(np.log10(current)), y=1, text=current_label,
                    showarrow=False, yanchor="bottom") if current_label else None
        lines.append((shape, note))
        at = [float(np.interp(np.log(current), np.log(x), coefs[:, j]))
              for j in range(len(names))]
        traces.append(dict(
            type="scatter", x=[current] * len(names), y=at, mode="markers",
            marker=dict(size=11, color=[LINE_COLOURS[j % len(LINE_COLOURS)]
                                        for j in range(len(names))],
                        line=dict(color="#222222", width=1.5)),
            showlegend=False, hovertemplate="λ = %{x:.3g}: %{y:.2f}<extra></extra>",
        ))
    return make_figure(traces, lines, title=title,
                   xaxis=dict(title=x_title, type="log"), yaxis=dict(title=y_title))


# -- assembling figures -------------------------------------------------------------


def make_figure(traces, lines=(), *, title="", **layout) -> go.Figure:
    """One Figure from trace dicts and (shape, annotation) pairs: validated once."""
    shapes = [shape for shape, _ in lines]
    annotations = [note for _, note in lines if note]
    return go.Figure(data=traces, layout=dict(
        _layout(), title=dict(text=title) if title else None, shapes=shapes,
        annotations=annotations, **layout,
    ))


def plane_figure(traces, arrays, *, title, axis_titles) -> go.Figure:
    """Points in a plane: the non-empty traces, axes framing ``arrays`` at equal scale
    (so a distance looks the same in both directions)."""
    x0, x1, y0, y1 = plot_bounds(*arrays)
    return make_figure(
        [trace for trace in traces if len(trace["x"])], title=title,
        xaxis=dict(range=[x0, x1], title=axis_titles[0], zeroline=False),
        yaxis=dict(range=[y0, y1], title=axis_titles[1], zeroline=False,
                   scaleanchor="x", scaleratio=1),
    )


def hline(y, label, position, **line):
    """A horizontal reference line across the plot, labelled at ``position``."""
    vertical, horizontal = position.split()
    shape = dict(type="line", xref="paper", x0=0, x1=1, y0=y, y1=y, line=line)
    note = dict(xref="paper", x=0 if horizontal == "left" else 1, y=y, text=label,
                showarrow=False, xanchor=horizontal,
                yanchor="bottom" if vertical == "top" else "top") if label else None
    return shape, note


def vline(x, label):
    """A vertical marker at the current setting, labelled above the plot."""
    shape = dict(type="line", yref="paper", y0=0, y1=1, x0=x, x1=x,
                 line=dict(color=_REFERENCE_COLOUR, width=1))
    note = dict(yref="paper", x=x, y=1, text=label, showarrow=False,
                yanchor="bottom") if label else None
    return shape, note


def _band(x, low, high, colour) -> dict:
    """A filled ±1 std band behind a curve."""
    return dict(type="scatter", x=np.concatenate([x, x[::-1]]),
                y=np.concatenate([high, low[::-1]]), fill="toself", mode="lines",
                fillcolor=_rgba(colour, 0.12), line=dict(width=0), hoverinfo="skip",
                showlegend=False)


def point_trace(X, colour, symbol, size, name, *, opacity, outline=False) -> dict:
    return dict(
        type="scatter", x=X[:, 0].astype(np.float32), y=X[:, 1].astype(np.float32),
        mode="markers", name=name, opacity=opacity,
        marker=dict(color=colour, symbol=symbol, size=size,
                    line=dict(color="#222222", width=1.2 if outline else 0)),
        hovertemplate="(%{x:.2f}, %{y:.2f})<extra>%{fullData.name}</extra>",
    )


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"
