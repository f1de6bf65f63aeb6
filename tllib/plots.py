"""Plotly figure builders for the course: each takes data and returns a
``plotly.graph_objects.Figure``; nothing here knows about Streamlit.

One visual language everywhere:

* classes by colour, from the Okabe-Ito palette (safe for the common colour-vision
  deficiencies): class 0 blue, class 1 orange, class 2 bluish green;
* domains by marker symbol: source ``circle``, target ``diamond``; a target point whose
  label a learner may see is a larger ``star``; a target point shown without its label
  is grey;
* learners by *role*, the same in every figure of every lesson (:data:`ROLE_STYLES`):
  a curve, a decision boundary or a bar of the source model, of target-only learning,
  of the transfer method, of pooling or of the true rule always has the role's colour
  and dash; a series keyed by anything else takes the next colour of
  :data:`LINE_COLOURS`, which no role uses;
* accuracy axes start at chance (drawn as a dotted line) or at 0, never higher; a mean
  over draws is drawn with its spread;
* titles and legend entries wrap, so a figure half a 1280 px page wide shows them whole.

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

import math
from typing import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from .datasets import DomainPair
from .evaluate import Curves

__all__ = [
    "CLASS_COLOURS",
    "UNLABELLED_COLOUR",
    "LINE_COLOURS",
    "ROLE_STYLES",
    "ROLE_OF",
    "role_style",
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
    "gain_curves",
    "add_true_rules",
]

CLASS_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7")
UNLABELLED_COLOUR = "#9A9A9A"
# Lines (and bars) of a series that is none of the roles below: colours no role and no
# class uses — dark violet, brown, dark teal, dark grey — so that a colour always
# means the same learner.
LINE_COLOURS = ("#5E3C99", "#8C510A", "#01665E", "#666666")
DASHES = ("solid", "dash", "dot", "dashdot", "longdash")
_REFERENCE_COLOUR = "#444444"
_NEUTRAL = "#8C8C8C"  # a bar or line of a learner that is none of the roles  # reference lines: chance, goal, zero, the current setting

# The learners every lesson compares, each with one (colour, dash) everywhere. Colours
# are Okabe-Ito's; the role colours avoid the two class colours of a two-class figure
# (blue, orange), so a boundary stands out over the points. Bluish green (the true
# rule) is also class 2's, seen only in the three-class label-space shift, where no
# true rule is drawn.
ROLE_STYLES = {
    "source_only": ("#56B4E9", "dash"),     # sky blue: the source's model as it is
    "target_only": ("#000000", "dot"),      # black: the few target labels alone
    "transfer": ("#D55E00", "solid"),       # vermillion: the method the lesson teaches
    "pooled": ("#CC79A7", "dashdot"),       # reddish purple: source and target together
    "true_rule": ("#009E73", "longdash"),   # bluish green: the rule to be learned
}
# The keys that reach the builders (experiments' curve names, pages' series keys), by
# role. Anything else is not a role and takes the next free colour.
ROLE_OF = {
    **{key: key for key in ROLE_STYLES},
    "source_model": "source_only", "car": "source_only",
    "alone": "target_only", "scratch": "target_only", "supervised": "target_only",
    "reuse": "transfer", "reused": "transfer", "fine_tuned": "transfer",
    "l2sp": "transfer", "multi_task": "transfer", "weighted": "transfer",
    "ideal": "true_rule",
}
# The source's model measured on its own data and on the target (the two curves of
# :func:`tllib.evaluate.shift_sweep`): one model, so its role's colour; solid on its own
# data, its role's dash on the target, as wherever else it is used on a target.
SOURCE_MODEL_ON = {"source": (ROLE_STYLES["source_only"][0], "solid"),
                   "target": ROLE_STYLES["source_only"]}
_TITLE_WIDTH = 45   # characters per title line: half a 1280 px page holds about 55
_LEGEND_WIDTH = 32  # characters per legend entry line


def role_style(key) -> tuple[str, str] | None:
    """The (colour, dash) of a role, or of a key naming one (``"l2sp"``: transfer);
    ``None`` for a key that is not a role."""
    role = ROLE_OF.get(key) if isinstance(key, str) else None
    return ROLE_STYLES[role] if role else None


def series_styles(keys, colours=LINE_COLOURS) -> list[tuple[str, str]]:
    """One (colour, dash) per key: a role's own style, else the next of ``colours``
    that no role in ``keys`` uses (and its position's dash)."""
    keys = list(keys)
    styles = [role_style(k) for k in keys]
    taken = {style[0] for style in styles if style}
    free = [c for c in colours if c not in taken] or list(colours)
    out, n = [], 0
    for i, style in enumerate(styles):
        if style is None:
            style = (free[n % len(free)], DASHES[i % len(DASHES)])
            n += 1
        out.append(style)
    return out


def wrap(text: str, width: int) -> str:
    """``text`` broken with ``<br>`` at spaces into lines of at most ``width``
    characters (a longer word keeps its own line); existing ``<br>`` are kept."""
    if not text or len(text) <= width:
        return text
    lines = []
    for part in text.split("<br>"):
        line = ""
        for word in part.split(" "):
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
    return "<br>".join(lines)


def accuracy_floor(values, chance: float | None) -> float:
    """Where an accuracy axis starts: at chance if nothing drawn falls below it, else 0."""
    values = np.asarray([v for v in np.ravel(np.asarray(values, dtype=float))
                         if np.isfinite(v)])
    if chance is None or (values.size and values.min() < chance - 0.02):
        return 0.0
    return float(chance)


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
    index: int | str = 0,
    role: str | None = None,
    resolution: int = 60,
    n_features: int | None = None,
) -> go.Figure:
    """Draw a fitted classifier's decision boundary over the figure's axis ranges.

    For a binary classifier with ``predict_proba`` the line is where the probability of
    the second class is 0.5; otherwise it is where the predicted class changes. Features
    beyond the first two are held at 0 (their mean). ``role`` (``"source_only"``,
    ``"target_only"``, ``"transfer"``, ``"pooled"``, ``"true_rule"``, or a key naming one,
    see :data:`ROLE_OF`) gives the line its role's colour and dash, as in every other
    figure; ``index`` may name the role too. A model with no role takes colour and dash
    number ``index``, so several models can be told apart. Returns ``fig``.
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
    style = role_style(role if role is not None else index)
    if style is None and isinstance(index, str):
        raise ValueError(f"index must be an int or a role of {sorted(ROLE_OF)}; "
                         f"got {index!r}.")
    colour, dash = style or (LINE_COLOURS[index % len(LINE_COLOURS)],
                             DASHES[index % len(DASHES)])
    fig.add_trace(dict(
        type="contour", x=xs.astype(np.float32), y=ys.astype(np.float32),
        z=z.reshape(gx.shape).astype(np.float32),
        contours=dict(coloring="none", start=start, end=end, size=1),
        line=dict(color=colour, width=3, dash=dash),
        showscale=False, hoverinfo="skip", name=wrap(name, _LEGEND_WIDTH), showlegend=True,
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
    styles: Mapping[str, tuple[str, str]] | None = None,
) -> go.Figure:
    """Mean curves with a ±1 standard deviation band (the spread over draws), one per
    entry of ``curves``.

    ``labels`` renames curves (and picks which to draw, in its order); a curve whose key
    names a role (``"source_only"``, ``"target_only"``, ``"pooled"``, ``"l2sp"``, …; see
    :data:`ROLE_OF`) has the role's colour and dash, the others the next free colours.
    ``marker_x`` draws a vertical line at the current setting; ``chance`` a dotted
    horizontal line, where the accuracy axis then starts (at 0 without it, or if a curve
    falls below chance); ``goal`` a dashed horizontal line (an accuracy to reach).
    ``evenly_spaced`` places the x values at equal distances, labelled by their value
    (for a doubling grid such as 0, 2, 4, 8, …). ``styles`` sets a curve's (colour,
    dash) outright, e.g. :data:`SOURCE_MODEL_ON` for one model on two domains.
    """
    order = list(labels) if labels else list(curves.mean)
    x = np.asarray(curves.x, dtype=float)
    xaxis = dict(title=x_title)
    if evenly_spaced:
        xaxis.update(tickvals=np.arange(len(x)), ticktext=[f"{v:g}" for v in x])
        if marker_x is not None:
            marker_x = float(np.interp(marker_x, x, np.arange(len(x))))
        x = np.arange(len(x), dtype=float)
    traces, drawn = [], []
    for key, (colour, dash) in zip(order, series_styles(order)):
        colour, dash = (styles or {}).get(key, (colour, dash))
        mean, std = curves.mean[key], curves.std[key]
        ok = ~np.isnan(mean)
        if np.any(std[ok] > 0):
            traces.append(_band(x[ok], (mean - std)[ok], (mean + std)[ok], colour))
        drawn.append((mean - std)[ok])
        traces.append(dict(
            type="scatter", x=x[ok], y=mean[ok], mode="lines+markers",
            name=(labels or {}).get(key, key),
            line=dict(color=colour, width=3, dash=dash),
            hovertemplate="%{x}: %{y:.1%}<extra>%{fullData.name}</extra>",
        ))
    low = accuracy_floor(np.concatenate(drawn) if drawn else [], chance)
    lines = []
    if chance is not None:
        lines.append(hline(chance, chance_label, "top left",
                            color=UNLABELLED_COLOUR, dash="dot"))
    if goal is not None:
        lines.append(hline(goal, goal_label, "top left", color=_REFERENCE_COLOUR, width=1,
                            dash="dash"))
    if marker_x is not None:
        lines.append(vline(marker_x, marker_label))
    return make_figure(traces, lines, title=title, xaxis=xaxis,
                   yaxis=dict(title=y_title, tickformat=".0%", range=[low, 1.02]))


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
    marks: Mapping[str, float] | None = None,
    extreme: tuple[float, float, float] | None = None,
    ticks: Mapping[float, str] | None = None,
) -> go.Figure:
    """Transfer gain (mean ± 1 std over seeds) against a setting, in the transfer role's
    style, with the zero line and the negative-transfer half of the plot shaded.

    ``marks`` labels points of the curve (a name → its x, e.g. a slide's examples);
    ``extreme`` is one more setting drawn apart, left of the curve behind a dotted
    divider, as ``(x, mean, std)`` (e.g. opposite rules beside a relatedness axis);
    ``ticks`` (x → label) replaces the x axis's tick labels."""
    x = np.asarray(curves.x, dtype=float)
    mean, std = curves.mean[key], curves.std[key]
    lows, highs = [float(np.nanmin(mean - std))], [float(np.nanmax(mean + std))]
    if extreme is not None:
        lows.append(extreme[1] - extreme[2])
        highs.append(extreme[1] + extreme[2])
    low, high = min(-0.1, min(lows) - 0.03), max(0.1, max(highs) + 0.02)
    colour, dash = ROLE_STYLES["transfer"]
    traces = [
        _band(x, mean - std, mean + std, colour),
        dict(type="scatter", x=x, y=mean, mode="lines+markers", name=label,
             line=dict(color=colour, width=3, dash=dash),
             hovertemplate="%{x}: %{y:+.1%}<extra></extra>"),
    ]
    negative_half = (
        dict(type="rect", xref="paper", x0=0, x1=1, y0=low, y1=0, layer="below",
             fillcolor=_rgba(colour, 0.08), line=dict(width=0)),
        dict(xref="paper", x=1, y=low, yanchor="bottom", xanchor="right",
             text=negative_label, showarrow=False),
    )
    lines = [negative_half,
             hline(0, positive_label, "top left", color=_REFERENCE_COLOUR, width=1)]
    if extreme is not None:
        at, value, spread = extreme
        traces.append(dict(type="scatter", x=[at], y=[value], mode="markers",
                           showlegend=False, marker=dict(color=colour, size=10),
                           error_y=dict(type="constant", value=spread, color=colour),
                           hovertemplate="%{y:+.1%}<extra></extra>"))
        divider = (at + float(x.min())) / 2
        lines.append((dict(type="line", xref="x", yref="paper", y0=0, y1=1, x0=divider,
                           x1=divider, line=dict(color=UNLABELLED_COLOUR, width=1, dash="dot")),
                      None))
    for name, at in (marks or {}).items():
        y = float(np.interp(at, x, mean))
        traces.append(dict(type="scatter", x=[at], y=[y], mode="markers", showlegend=False,
                           hoverinfo="skip", marker=dict(size=16, symbol="circle-open",
                                                         color=_REFERENCE_COLOUR,
                                                         line=dict(width=2))))
        lines.append((None, dict(x=at, y=y, ax=0, ay=45, xref="x", yref="y", showarrow=True,
                                 arrowhead=0, text=name, bgcolor="rgba(255,255,255,0.8)",
                                 xanchor="left" if at < float(np.mean(x)) else "right")))
    if marker_x is not None:
        lines.append(vline(marker_x, marker_label))
    xaxis = dict(title=x_title)
    if ticks:
        xaxis.update(tickvals=list(ticks), ticktext=list(ticks.values()))
    if extreme is not None:
        xaxis["range"] = [extreme[0] - 0.12 * (float(x.max()) - extreme[0]), float(x.max()) + 0.05]
    return make_figure(traces, lines, title=title, xaxis=xaxis,
                       yaxis=dict(title=y_title, tickformat="+.0%", range=[low, high]))


def gain_curves(
    curves: Curves,
    *,
    labels: Mapping[str, str] | None = None,
    crossings: Mapping[str, float] | None = None,
    x_title: str = "",
    y_title: str = "transfer gain",
    title: str = "",
    positive_label: str = "transfer helps",
    negative_label: str = "transfer hurts",
) -> go.Figure:
    """Several methods' transfer gain (mean ± 1 std over draws) against a setting, each
    in its role's style or, for a method that is no role, the next colour and dash no
    role uses; the zero line, the negative-transfer half shaded, and an open circle
    where a method's gain first turns negative (``crossings``: method → x, ``nan`` for
    never)."""
    order = list(labels) if labels else list(curves.mean)
    x = np.asarray(curves.x, dtype=float)
    traces, lows, highs = [], [], []
    for key, (colour, dash) in zip(order, series_styles(order)):
        mean, std = curves.mean[key], curves.std[key]
        ok = ~np.isnan(mean)
        if not ok.any():
            continue
        if np.any(std[ok] > 0):
            traces.append(_band(x[ok], (mean - std)[ok], (mean + std)[ok], colour))
        lows.append(float(np.min((mean - std)[ok])))
        highs.append(float(np.max((mean + std)[ok])))
        name = (labels or {}).get(key, key)
        traces.append(dict(type="scatter", x=x[ok], y=mean[ok], mode="lines+markers",
                           name=name, line=dict(color=colour, width=3, dash=dash),
                           hovertemplate="%{x}: %{y:+.1%}<extra>%{fullData.name}</extra>"))
        at = (crossings or {}).get(key, float("nan"))
        if not math.isnan(at):
            traces.append(dict(type="scatter", x=[at], y=[0.0], mode="markers",
                               showlegend=False, hovertemplate=f"{name}: %{{x:.2f}}<extra></extra>",
                               marker=dict(size=14, symbol="circle-open", color=colour,
                                           line=dict(width=3))))
    low = min(-0.1, min(lows, default=0.0) - 0.03)
    high = max(0.1, max(highs, default=0.0) + 0.02)
    negative_half = (
        dict(type="rect", xref="paper", x0=0, x1=1, y0=low, y1=0, layer="below",
             fillcolor=_rgba(ROLE_STYLES["transfer"][0], 0.06), line=dict(width=0)),
        dict(xref="paper", x=1, y=low, yanchor="bottom", xanchor="right",
             text=negative_label, showarrow=False),
    )
    lines = [negative_half,
             hline(0, positive_label, "top left", color=_REFERENCE_COLOUR, width=1)]
    return make_figure(traces, lines, title=title, xaxis=dict(title=x_title),
                       yaxis=dict(title=y_title, tickformat="+.0%", range=[low, high]))


def add_true_rules(
    fig: go.Figure,
    normals,
    *,
    names: Sequence[str],
    angle: float,
    angle_label: str,
    extent: float = 3.2,
    arc: float = 0.9,
) -> go.Figure:
    """Draw noise-free linear rules through the origin on a plane figure: each rule (a
    unit normal) as a line in the true-rule dash — the first in the source's colour and
    wider, so two rules that coincide (0°, 180°) both show, the second in the true
    rule's colour — with an arrow towards the side it calls class 1, and the ``angle``
    (degrees) between the first two as an arc labelled ``angle_label``. The target's
    points are faded and left out of the legend: here the rules are the figure."""
    fig.update_traces(opacity=0.45, showlegend=False, selector=dict(marker_symbol="diamond"))
    fig.update_layout(xaxis_range=[-extent, extent], yaxis_range=[-extent, extent])
    dash = ROLE_STYLES["true_rule"][1]
    colours = (ROLE_STYLES["source_only"][0], ROLE_STYLES["true_rule"][0])
    for i, (normal, name) in enumerate(zip(normals, names)):
        colour, width = colours[min(i, 1)], 6 if i == 0 else 3
        along = np.array([-normal[1], normal[0]]) * 2 * extent  # the boundary's direction
        fig.add_trace(dict(type="scatter", x=[-along[0], along[0]], y=[-along[1], along[1]],
                           mode="lines", name=name, hoverinfo="skip",
                           line=dict(color=colour, width=width, dash=dash)))
        fig.add_annotation(x=0.75 * extent * normal[0], y=0.75 * extent * normal[1], ax=0,
                           ay=0, xref="x", yref="y", axref="x", ayref="y", text="",
                           showarrow=True, arrowhead=2, arrowwidth=3, arrowcolor=colour)
    theta = np.radians(np.linspace(0.0, angle, 40))
    fig.add_trace(dict(type="scatter", x=arc * np.cos(theta), y=arc * np.sin(theta),
                       mode="lines", showlegend=False, hoverinfo="skip",
                       line=dict(color="#222222", width=2)))
    middle = np.radians(angle / 2)
    fig.add_annotation(x=1.6 * arc * np.cos(middle), y=1.6 * arc * np.sin(middle), xref="x",
                       yref="y", showarrow=False, font=dict(size=15),
                       text=f"<b>{angle_label}</b>", bgcolor="rgba(255,255,255,0.85)")
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
    x, y = np.asarray(x, dtype=np.float32), np.asarray(y, dtype=np.float32)
    gain = np.asarray(gain, dtype=np.float32)
    limit = max(float(np.nanmax(np.abs(gain))), 0.05)
    # The zero contour, left out of rows that are zero by construction (no trust in
    # the source is target-only): there the "boundary" would be the whole row.
    informative = ~np.all(gain == 0, axis=1)
    traces = [
        dict(type="heatmap", x=x, y=y, z=gain, zmin=-limit, zmax=limit,
             colorbar=dict(title=dict(text=colour_title), tickformat="+.0%"),
             colorscale=[[0, ROLE_STYLES["transfer"][0]], [0.5, "#F7F7F7"], [1, CLASS_COLOURS[0]]],
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
    labels: Mapping[str, str] | None = None,
    x_title: str = "feature",
    y_title: str = "weight",
    title: str = "",
) -> go.Figure:
    """Grouped bars of several linear models' weights, feature by feature (the first
    ``n_shown`` features), one colour per model: a model keyed by a role (``"car"``,
    ``"reused"``, ``"scratch"``, ``"ideal"``, …; see :data:`ROLE_OF`) has the role's
    colour. ``labels`` renames the models; ``feature_names`` are shown as given (pass
    names a reader knows, not a program's), ``x1``, ``x2``, … without them."""
    traces = []
    for name, (colour, _) in zip(weights, series_styles(weights)):
        w = np.ravel(weights[name])[:n_shown]
        names = list(feature_names or [f"x{j + 1}" for j in range(len(w))])[:len(w)]
        traces.append(dict(type="bar", x=names, y=w,
                           name=(labels or {}).get(name, name), marker_color=colour))
    return make_figure(traces, title=title, barmode="group", xaxis=dict(title=x_title),
                   yaxis=dict(title=y_title, zeroline=True))


def task_accuracy_bars(
    task_names: Sequence[str],
    series: Mapping[str, Sequence[float]],
    *,
    labels: Mapping[str, str] | None = None,
    task_roles: Sequence[str | None] | None = None,
    spread: Mapping[str, Sequence[float]] | None = None,
    chance: float | None = None,
    chance_label: str = "chance",
    highlight: str | None = None,
    y_title: str = "accuracy",
    title: str = "",
) -> go.Figure:
    """Grouped bars: one group per task, one bar per learner (``series`` maps a
    learner's key to its per-task accuracies; ``labels`` renames them).

    A learner keyed by a role (``"alone"``, ``"multi_task"``, ``"pooled"``, …; see
    :data:`ROLE_OF`) has the role's colour, as in every other figure; ``task_roles``
    (one role or ``None`` per task) colours single bars instead, for a chart whose groups
    are the learners (source only, each method, target only). ``spread`` (per learner,
    e.g. the standard deviation over draws) draws error bars. The axis starts at
    ``chance``, drawn as a dotted line, or at 0 (also when a bar falls below chance).
    The group named ``highlight`` (e.g. the method the page is showing) gets a dark
    outline."""
    outline = [3 if task == highlight else 0 for task in task_names]
    task_styles = [role_style(r) for r in (task_roles or [None] * len(task_names))]
    traces, drawn = [], []
    for name, (colour, _) in zip(series, series_styles(series)):
        acc = np.asarray(series[name], dtype=float)
        err = np.asarray((spread or {}).get(name, np.zeros_like(acc)), dtype=float)
        drawn.append(acc - err)
        # With bars coloured one by one, a bar that is no role is neutral grey: a
        # role's colour would say it is that role's learner.
        colours = [style[0] if style else (_NEUTRAL if task_roles else colour)
                   for style in task_styles]
        traces.append(dict(
            type="bar", x=list(task_names), y=acc, name=(labels or {}).get(name, name),
            # Bars coloured one by one (``task_roles``) have no one colour to show in a
            # legend: the groups' names say who they are.
            showlegend=task_roles is None,
            marker=dict(color=colours, line=dict(color="#222222", width=outline)),
            error_y=dict(type="data", array=err, color="#222222", thickness=1.5, width=4,
                         visible=spread is not None and name in spread),
            hovertemplate="%{x}: %{y:.1%}<extra>%{fullData.name}</extra>",
        ))
    lines = []
    if chance is not None:
        # Named in the legend: a label on the line would sit on a bar.
        lines.append(hline(chance, "", "top right", color=UNLABELLED_COLOUR, dash="dot"))
        traces.append(dict(type="scatter", x=[None], y=[None], mode="lines", name=chance_label,
                           line=dict(color=UNLABELLED_COLOUR, dash="dot", width=2),
                           hoverinfo="skip"))
    low = accuracy_floor(np.concatenate(drawn) if drawn else [], chance)
    return make_figure(traces, lines, title=title, barmode="group",
                   yaxis=dict(title=y_title, tickformat=".0%", range=[low, 1.02]))


def attention_curves(
    target_weights: Sequence[float],
    target,
    others,
    *,
    marker_x: float | None = None,
    target_spread=None,
    others_spread=None,
    chance: float | None = None,
    chance_label: str = "chance",
    target_name: str = "target task",
    others_name: str = "other tasks (mean)",
    x_title: str = "target task weight",
    y_title: str = "accuracy",
    title: str = "",
) -> go.Figure:
    """Accuracy of the target task and of the others against the target's weight in
    the objective, on evenly spaced ticks, with the current weight marked. Both lines are
    the multi-task learner's, so both have the transfer role's colour (solid: the target
    task; dashed: the others). ``target_spread``/``others_spread`` (e.g. the standard
    deviation over draws) draw a band; the axis starts at ``chance`` (a dotted line) or
    0."""
    x = np.arange(len(target_weights), dtype=float)
    colour = ROLE_STYLES["transfer"][0]
    traces, drawn = [], []
    for name, y, spread, dash in ((target_name, target, target_spread, "solid"),
                                  (others_name, others, others_spread, "dash")):
        y = np.asarray(y, dtype=float)
        if spread is not None:
            spread = np.asarray(spread, dtype=float)
            traces.append(_band(x, y - spread, y + spread, colour))
            y_low = y - spread
        else:
            y_low = y
        drawn.append(y_low)
        traces.append(dict(type="scatter", x=x, y=y, mode="lines+markers", name=name,
                           line=dict(color=colour, width=3, dash=dash),
                           hovertemplate="%{y:.1%}<extra>%{fullData.name}</extra>"))
    lines = []
    if chance is not None:
        lines.append(hline(chance, chance_label, "bottom right", color=UNLABELLED_COLOUR,
                           dash="dot"))
    if marker_x is not None:
        lines.append(vline(float(np.interp(marker_x, target_weights, x)), ""))
    return make_figure(
        traces, lines, title=title,
        xaxis=dict(title=x_title, tickvals=x, ticktext=[f"{w:g}" for w in target_weights]),
        yaxis=dict(title=y_title, tickformat=".0%",
                   range=[accuracy_floor(np.concatenate(drawn), chance), 1.02]),
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
    # The path is the transfer method's weights (its role's colour, one dash per
    # weight, each named at its right end); the levels they are pulled to are the
    # source model's (its role's colour and dash).
    colour, source_colour = ROLE_STYLES["transfer"][0], ROLE_STYLES["source_only"][0]
    dashes = ("solid", "dashdot", "longdash", "dash")
    traces, lines = [], []
    for j, name in enumerate(names):
        traces.append(dict(
            type="scatter", x=x, y=coefs[:, j], mode="lines+text", name=name,
            line=dict(color=colour, width=3, dash=dashes[j % len(dashes)]),
            text=[""] * (len(x) - 1) + [name], textposition="middle right",
            textfont=dict(color=colour, size=14),
            hovertemplate="λ = %{x:.3g}: %{y:.2f}<extra>%{fullData.name}</extra>",
        ))
        lines.append(hline(source_coef[j], f"{source_label} {name}", "top left",
                            color=source_colour, width=2, dash=ROLE_STYLES["source_only"][1]))
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
            marker=dict(size=11, color=colour, line=dict(color="#222222", width=1.5)),
            showlegend=False, hovertemplate="λ = %{x:.3g}: %{y:.2f}<extra></extra>",
        ))
    return make_figure(traces, lines, title=title,
                   xaxis=dict(title=x_title, type="log"), yaxis=dict(title=y_title))


# -- assembling figures -------------------------------------------------------------


def make_figure(traces, lines=(), *, title="", **layout) -> go.Figure:
    """One Figure from trace dicts and (shape, annotation) pairs: validated once.

    The title and legend entries are wrapped (:func:`wrap`) so that a figure half a
    1280 px page wide shows them whole; the top margin grows with the title's lines and
    makes room for a label above the plot (the current setting's)."""
    shapes = [shape for shape, _ in lines if shape]
    annotations = [note for _, note in lines if note]
    for trace in traces:
        if trace.get("name") and trace.get("showlegend", True):
            trace["name"] = wrap(trace["name"], _LEGEND_WIDTH)
    base = _layout()
    title_layout = None
    above = any(note.get("yref") == "paper" and note.get("y") == 1
                and note.get("yanchor") == "bottom" for note in annotations)
    if title:
        text = wrap(title, _TITLE_WIDTH)
        n_lines = text.count("<br>") + 1
        # Plotly anchors a multi-line title by its first line: "top" of the figure then
        # cuts that line, "bottom" of the plot lets the rest fall on the plot. The first
        # line's baseline is placed instead, at a pixel offset kept by the margin.
        title_layout = dict(text=text, x=0, xanchor="left", xref="paper", y=1,
                            yref="container", yanchor="top", pad=dict(t=8 + 9 * (n_lines - 1)),
                            font=dict(size=15))
        base["margin"]["t"] = 20 + 20 * n_lines + (18 if above else 0)
    elif above:
        base["margin"]["t"] = 30
    return go.Figure(data=traces, layout=dict(
        base, title=title_layout, shapes=shapes, annotations=annotations, **layout,
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
