"""Tests for tllib.plots: every builder returns a Figure in the course's visual language."""

import numpy as np
import plotly.graph_objects as go
import pytest
from sklearn.linear_model import LogisticRegression

from tllib.datasets import make_domain_pair
from tllib.evaluate import Curves
from tllib.plots import (
    CLASS_COLOURS,
    LINE_COLOURS,
    ROLE_STYLES,
    UNLABELLED_COLOUR,
    accuracy_curves,
    attention_curves,
    add_decision_boundary,
    add_true_rules,
    coefficient_path,
    domain_scatter,
    gain_curve,
    task_accuracy_bars,
    weight_bars,
    wrap,
)

N_SOURCE, N_TARGET, N_LABELLED = 120, 100, 6


@pytest.fixture(scope="module")
def pair():
    return make_domain_pair("covariate", 0.5, n_source=N_SOURCE, n_target=N_TARGET,
                            n_target_labelled=N_LABELLED, n_test=50, random_state=0)


@pytest.fixture(scope="module")
def model(pair):
    return LogisticRegression().fit(pair.X_source, pair.y_source)


@pytest.fixture(scope="module")
def curves():
    nan = np.nan
    return Curves.from_scores([0, 1, 2, 5], {
        "source_only": np.array([[0.7, 0.7, 0.7, 0.7], [0.8, 0.8, 0.8, 0.8]]),
        "target_only": np.array([[nan, 0.5, 0.6, 0.8], [nan, 0.4, 0.7, 0.9]]),
        "pooled": np.array([[0.7, 0.72, 0.75, 0.8], [0.8, 0.8, 0.85, 0.9]]),
    })


def points(fig, symbol):
    """Every (x, y) drawn with a marker symbol, with the colour of its trace."""
    found = []
    for trace in fig.data:
        if isinstance(trace, go.Scatter) and trace.marker.symbol == symbol:
            found += [((x, y), trace.marker.color) for x, y in zip(trace.x, trace.y)]
    return found


def as_keys(X):
    """Points as the float32 pairs a figure stores."""
    X = np.asarray(X)[:, :2].astype(np.float32)
    return [(x, y) for x, y in X]


def labels_by_point(X, y):
    return dict(zip(as_keys(X), y))


def line_traces(fig):
    return [t for t in fig.data if isinstance(t, go.Scatter) and t.mode == "lines+markers"]


# -- every builder -------------------------------------------------------------------


@pytest.mark.parametrize("build", [
    lambda pair, model, curves: domain_scatter(pair),
    lambda pair, model, curves: add_decision_boundary(domain_scatter(pair), model, name="m"),
    lambda pair, model, curves: accuracy_curves(curves),
], ids=["domain_scatter", "add_decision_boundary", "accuracy_curves"])
def test_every_builder_returns_a_plotly_figure(build, pair, model, curves):
    assert isinstance(build(pair, model, curves), go.Figure)


# -- domain_scatter ------------------------------------------------------------------


def test_domain_scatter_draws_the_source_as_circles(pair):
    drawn = [p for p, _ in points(domain_scatter(pair), "circle")]
    assert sorted(drawn) == sorted(as_keys(pair.X_source))


def test_domain_scatter_draws_hidden_target_points_as_diamonds(pair):
    drawn = [p for p, _ in points(domain_scatter(pair), "diamond")]
    assert sorted(drawn) == sorted(as_keys(pair.X_target[~pair.target_labelled]))


def test_domain_scatter_marks_exactly_the_labelled_target_points_with_stars(pair):
    drawn = [p for p, _ in points(domain_scatter(pair), "star")]
    assert len(drawn) == N_LABELLED
    assert sorted(drawn) == sorted(as_keys(pair.X_target_labelled))


@pytest.mark.parametrize("symbol, domain", [
    ("circle", "source"), ("diamond", "target"), ("star", "target"),
])
def test_domain_scatter_colours_points_by_class(symbol, domain, pair):
    label_of = labels_by_point(getattr(pair, f"X_{domain}"), getattr(pair, f"y_{domain}"))
    drawn = points(domain_scatter(pair), symbol)
    assert drawn
    for point, colour in drawn:
        assert colour == CLASS_COLOURS[label_of[point]]


def test_domain_scatter_colours_the_new_class_of_a_label_space_shift():
    pair = make_domain_pair("label_space", 0.7, n_source=50, n_target=200, random_state=1)
    colours = {colour for _, colour in points(domain_scatter(pair), "diamond")}
    assert colours == {CLASS_COLOURS[0], CLASS_COLOURS[1], CLASS_COLOURS[2]}


def test_domain_scatter_without_target_labels_greys_the_hidden_target_points(pair):
    drawn = points(domain_scatter(pair, target_labels=False), "diamond")
    assert len(drawn) == N_TARGET - N_LABELLED
    assert {colour for _, colour in drawn} == {UNLABELLED_COLOUR}


def test_domain_scatter_without_target_labels_still_colours_the_labelled_points(pair):
    label_of = labels_by_point(pair.X_target, pair.y_target)
    drawn = points(domain_scatter(pair, target_labels=False), "star")
    assert len(drawn) == N_LABELLED
    assert all(colour == CLASS_COLOURS[label_of[p]] for p, colour in drawn)


def test_domain_scatter_max_points_caps_the_source_to_its_first_points(pair):
    drawn = [p for p, _ in points(domain_scatter(pair, max_points=30), "circle")]
    assert sorted(drawn) == sorted(as_keys(pair.X_source[:30]))


def test_domain_scatter_max_points_caps_the_hidden_target_points(pair):
    drawn = [p for p, _ in points(domain_scatter(pair, max_points=30), "diamond")]
    first = pair.X_target[:30][~pair.target_labelled[:30]]
    assert sorted(drawn) == sorted(as_keys(first))


def test_domain_scatter_max_points_caps_target_points_but_keeps_every_labelled_one(pair):
    fig = domain_scatter(pair, max_points=30)
    assert len(points(fig, "diamond")) <= 30
    assert len(points(fig, "star")) == pair.target_labelled.sum()


def test_domain_scatter_show_source_false_draws_no_source_points(pair):
    fig = domain_scatter(pair, show_source=False)
    assert points(fig, "circle") == []
    assert points(fig, "diamond")


def test_domain_scatter_show_target_false_draws_no_target_points(pair):
    fig = domain_scatter(pair, show_target=False)
    assert points(fig, "diamond") == [] and points(fig, "star") == []
    assert points(fig, "circle")


def test_domain_scatter_names_traces_with_the_given_texts(pair):
    fig = domain_scatter(pair, source_name="Quelle", target_name="Ziel",
                         labelled_name="bekannt", class_names=["neg", "pos"])
    names = {t.name for t in fig.data}
    assert {"Quelle · neg", "Quelle · pos", "Ziel · neg", "bekannt · pos"} <= names


# -- add_decision_boundary -----------------------------------------------------------


def contour(fig):
    (trace,) = [t for t in fig.data if isinstance(t, go.Contour)]
    return trace


def grid_points(trace, n_features):
    """The model inputs at every z cell: z[i, j] sits at (x[j], y[i])."""
    gx, gy = np.meshgrid(np.asarray(trace.x, float), np.asarray(trace.y, float))
    grid = np.zeros((gx.size, n_features))
    grid[:, 0], grid[:, 1] = gx.ravel(), gy.ravel()
    return grid, gx.shape


def test_add_decision_boundary_adds_one_contour_trace_to_the_given_figure(pair, model):
    fig = domain_scatter(pair)
    before = len(fig.data)
    returned = add_decision_boundary(fig, model, name="source-only")
    assert returned is fig
    assert len(fig.data) == before + 1
    assert isinstance(fig.data[-1], go.Contour)
    assert fig.data[-1].name == "source-only"


def test_add_decision_boundary_z_is_the_binary_models_class1_probability(pair, model):
    fig = add_decision_boundary(domain_scatter(pair), model, name="m", resolution=30)
    trace = contour(fig)
    grid, shape = grid_points(trace, 2)
    expected = model.predict_proba(grid)[:, 1].reshape(shape)
    np.testing.assert_allclose(np.asarray(trace.z, float), expected, atol=1e-5)


def test_add_decision_boundary_draws_the_line_at_probability_one_half(pair, model):
    trace = contour(add_decision_boundary(domain_scatter(pair), model, name="m"))
    assert trace.contours.start == 0.5 and trace.contours.end == 0.5
    assert trace.contours.coloring == "none"


def test_add_decision_boundary_covers_the_figures_axis_ranges(pair, model):
    fig = add_decision_boundary(domain_scatter(pair), model, name="m", resolution=25)
    trace = contour(fig)
    assert len(trace.x) == 25 and len(trace.y) == 25
    np.testing.assert_allclose([trace.x[0], trace.x[-1]], fig.layout.xaxis.range, atol=1e-5)
    np.testing.assert_allclose([trace.y[0], trace.y[-1]], fig.layout.yaxis.range, atol=1e-5)


def test_add_decision_boundary_holds_extra_features_at_zero():
    pair = make_domain_pair("covariate", 0.5, n_features=3, n_source=150, n_target=20,
                            n_test=10, random_state=2)
    model = LogisticRegression().fit(pair.X_source, pair.y_source)
    trace = contour(add_decision_boundary(domain_scatter(pair), model, name="m",
                                          resolution=20))
    grid, shape = grid_points(trace, 3)
    expected = model.predict_proba(grid)[:, 1].reshape(shape)
    np.testing.assert_allclose(np.asarray(trace.z, float), expected, atol=1e-5)


def test_add_decision_boundary_draws_a_three_class_model_by_predicted_class():
    pair = make_domain_pair("label_space", 0.5, n_source=60, n_target=60, n_test=600,
                            random_state=3)
    model = LogisticRegression().fit(pair.X_test, pair.y_test)
    assert list(model.classes_) == [0, 1, 2]
    fig = add_decision_boundary(domain_scatter(pair), model, name="m", resolution=30)
    trace = contour(fig)
    grid, shape = grid_points(trace, 2)
    np.testing.assert_array_equal(np.asarray(trace.z), model.predict(grid).reshape(shape))
    assert set(np.unique(trace.z)) == {0, 1, 2}
    assert (trace.contours.start, trace.contours.end) == (0.5, 1.5)


@pytest.mark.parametrize("index", [0, 1, 6])
def test_add_decision_boundary_index_picks_the_line_colour(index, pair, model):
    trace = contour(add_decision_boundary(domain_scatter(pair), model, name="m",
                                          index=index))
    assert trace.line.color == LINE_COLOURS[index % len(LINE_COLOURS)]


def test_add_decision_boundary_gives_different_indices_different_dashes(pair, model):
    dashes = {contour(add_decision_boundary(domain_scatter(pair), model, name="m",
                                            index=i)).line.dash for i in range(3)}
    assert len(dashes) == 3


# -- accuracy_curves -----------------------------------------------------------------


def test_accuracy_curves_draws_one_line_per_label_in_its_order(curves):
    fig = accuracy_curves(curves, labels={"pooled": "Pooled", "source_only": "Source only"})
    assert [t.name for t in line_traces(fig)] == ["Pooled", "Source only"]


def test_accuracy_curves_draws_every_curve_without_labels(curves):
    fig = accuracy_curves(curves)
    assert [t.name for t in line_traces(fig)] == ["source_only", "target_only", "pooled"]


def test_accuracy_curves_lines_show_the_mean_over_seeds(curves):
    (line,) = line_traces(accuracy_curves(curves, labels={"pooled": "P"}))
    np.testing.assert_allclose(line.x, [0, 1, 2, 5])
    np.testing.assert_allclose(line.y, curves.mean["pooled"])


def test_accuracy_curves_skip_nan_points(curves):
    (line,) = line_traces(accuracy_curves(curves, labels={"target_only": "T"}))
    np.testing.assert_allclose(line.x, [1, 2, 5])
    np.testing.assert_allclose(line.y, curves.mean["target_only"][1:])


def test_accuracy_curves_band_spans_one_standard_deviation(curves):
    fig = accuracy_curves(curves, labels={"target_only": "T"})
    (band,) = [t for t in fig.data if t.fill == "toself"]
    mean, std = curves.mean["target_only"][1:], curves.std["target_only"][1:]
    np.testing.assert_allclose(band.x, [1, 2, 5, 5, 2, 1])
    np.testing.assert_allclose(band.y, np.concatenate([mean + std, (mean - std)[::-1]]))


def test_accuracy_curves_draws_a_vertical_marker_at_marker_x(curves):
    fig = accuracy_curves(curves, marker_x=2, marker_label="now")
    (shape,) = fig.layout.shapes
    assert shape.type == "line" and shape.x0 == shape.x1 == 2
    assert [a.text for a in fig.layout.annotations] == ["now"]


def test_accuracy_curves_draws_no_marker_without_marker_x(curves):
    assert accuracy_curves(curves).layout.shapes == ()


def test_accuracy_curves_draws_a_horizontal_chance_line(curves):
    (shape,) = accuracy_curves(curves, chance=0.5).layout.shapes
    assert shape.type == "line" and shape.y0 == shape.y1 == 0.5


def test_accuracy_curves_evenly_spaced_puts_points_at_equal_steps_labelled_by_value(curves):
    fig = accuracy_curves(curves, evenly_spaced=True)
    line = next(tr for tr in fig.data if tr.mode == "lines+markers")
    np.testing.assert_array_equal(np.diff(line.x), 1.0)
    assert list(fig.layout.xaxis.ticktext) == [f"{v:g}" for v in curves.x]


def test_accuracy_curves_evenly_spaced_places_the_marker_between_grid_points(curves):
    x = np.asarray(curves.x, dtype=float)
    middle = (x[0] + x[1]) / 2
    fig = accuracy_curves(curves, evenly_spaced=True, marker_x=middle)
    assert fig.layout.shapes[0].x0 == pytest.approx(0.5)


def test_task_accuracy_figure_has_a_bar_per_learner_and_task():
    fig = task_accuracy_bars(["t1", "t2", "t3"], {"alone": [0.7, 0.8, 0.3],
                                                    "pooled": [0.6, 0.9, 0.5]})
    assert [bar.name for bar in fig.data] == ["alone", "pooled"]
    assert list(fig.data[0].x) == ["t1", "t2", "t3"]


def test_attention_figure_marks_the_current_weight_on_evenly_spaced_ticks():
    fig = attention_curves([1, 2, 4, 8], [0.7, 0.72, 0.74, 0.73], [0.7, 0.69, 0.66, 0.6],
                           marker_x=4)
    assert len(fig.data) == 2
    assert fig.layout.shapes[0].x0 == 2.0
    assert list(fig.layout.xaxis.ticktext) == ["1", "2", "4", "8"]


# -- coefficient_path ----------------------------------------------------------------

STRENGTHS = [0.01, 0.1, 1.0, 10.0, 100.0]
PATH = np.array([[2.0, -1.0], [1.8, -0.8], [1.2, 0.0], [0.6, 0.7], [0.5, 0.8]])
SOURCE_W = np.array([0.5, 0.8])


def test_coefficient_path_draws_one_line_per_coefficient_against_a_log_axis():
    fig = coefficient_path(STRENGTHS, PATH, SOURCE_W)
    lines = [tr for tr in fig.data if tr.mode == "lines+text"]
    assert [tr.name for tr in lines] == ["w1", "w2"]
    np.testing.assert_array_equal(lines[1].y, PATH[:, 1])
    assert fig.layout.xaxis.type == "log"


def test_coefficient_path_draws_the_source_weights_in_the_source_models_style():
    fig = coefficient_path(STRENGTHS, PATH, SOURCE_W)
    dashed = [s for s in fig.layout.shapes if s.line.dash == ROLE_STYLES["source_only"][1]]
    assert [s.y0 for s in dashed] == [0.5, 0.8]
    assert {s.line.color for s in dashed} == {ROLE_STYLES["source_only"][0]}


def test_coefficient_path_draws_the_weights_in_the_transfer_colour_named_at_their_end():
    fig = coefficient_path(STRENGTHS, PATH, SOURCE_W)
    paths = [tr for tr in fig.data if tr.mode == "lines+text"]
    assert {tr.line.color for tr in paths} == {ROLE_STYLES["transfer"][0]}
    assert len({tr.line.dash for tr in paths}) == 2
    assert [tr.text[-1] for tr in paths] == ["w1", "w2"]


def test_coefficient_path_marks_the_current_strength_on_every_curve():
    fig = coefficient_path(STRENGTHS, PATH, SOURCE_W, current=1.0, current_label="now")
    vertical = [s for s in fig.layout.shapes if s.x0 == s.x1]
    assert [s.x0 for s in vertical] == [1.0]  # a shape takes the data value...
    note = next(a for a in fig.layout.annotations if a.text == "now")
    assert note.x == pytest.approx(0.0)  # ...an annotation on a log axis its log10
    dots = next(tr for tr in fig.data if tr.mode == "markers")
    np.testing.assert_allclose(dots.y, PATH[2])


def test_coefficient_path_interpolates_the_dots_between_grid_strengths_in_log_space():
    fig = coefficient_path(STRENGTHS, PATH, SOURCE_W, current=np.sqrt(10.0))
    dots = next(tr for tr in fig.data if tr.mode == "markers")
    np.testing.assert_allclose(dots.y, (PATH[2] + PATH[3]) / 2)


def test_task_accuracy_bars_outline_only_the_highlighted_group():
    from tllib.plots import task_accuracy_bars

    fig = task_accuracy_bars(["a", "b", "c"], {"accuracy": [0.6, 0.7, 0.8]}, highlight="b")
    assert list(fig.data[0].marker.line.width) == [0, 3, 0]


# -- one visual grammar: roles, accuracy axes, spread, wrapped texts ----------------


def test_a_role_has_the_same_colour_and_dash_in_curves_and_boundaries(curves, pair, model):
    lines = {t.name: (t.line.color, t.line.dash) for t in line_traces(accuracy_curves(curves))}
    for role in ("source_only", "target_only", "pooled"):
        boundary = contour(add_decision_boundary(domain_scatter(pair), model, name="m",
                                                 role=role))
        assert lines[role] == (boundary.line.color, boundary.line.dash) == ROLE_STYLES[role]


def test_a_role_style_does_not_depend_on_the_curves_order(curves):
    first = accuracy_curves(curves, labels={"pooled": "P", "target_only": "T"})
    second = accuracy_curves(curves, labels={"target_only": "T", "pooled": "P"})
    style = {t.name: (t.line.color, t.line.dash) for t in line_traces(first)}
    assert style == {t.name: (t.line.color, t.line.dash) for t in line_traces(second)}


def test_a_key_naming_a_role_takes_its_style(pair, model):
    curves = Curves.from_scores([1, 2], {"l2sp": np.ones((2, 2)), "alone": np.ones((2, 2))})
    colours = [t.line.color for t in line_traces(accuracy_curves(curves))]
    assert colours == [ROLE_STYLES["transfer"][0], ROLE_STYLES["target_only"][0]]
    boundary = contour(add_decision_boundary(domain_scatter(pair), model, name="m",
                                             index="l2sp"))
    assert boundary.line.color == ROLE_STYLES["transfer"][0]


def test_a_key_that_is_no_role_never_takes_a_colour_a_role_in_the_figure_uses():
    curves = Curves.from_scores([1, 2], {"target_only": np.ones((2, 2)),
                                         "self_training": np.ones((2, 2)),
                                         "label_spreading": np.ones((2, 2))})
    colours = [t.line.color for t in line_traces(accuracy_curves(curves))]
    assert len(set(colours)) == 3


def test_bars_of_a_role_have_the_roles_colour():
    fig = task_accuracy_bars(["t1", "t2"], {"alone": [0.7, 0.8], "multi_task": [0.8, 0.9]},
                             labels={"alone": "each task alone"})
    assert [bar.name for bar in fig.data] == ["each task alone", "multi_task"]
    assert list(fig.data[0].marker.color) == [ROLE_STYLES["target_only"][0]] * 2
    assert list(fig.data[1].marker.color) == [ROLE_STYLES["transfer"][0]] * 2


def test_task_roles_colour_single_bars_of_a_one_series_chart():
    fig = task_accuracy_bars(["source only", "KMM", "target only"], {"acc": [0.6, 0.7, 0.8]},
                             task_roles=["source_only", "transfer", "target_only"])
    assert list(fig.data[0].marker.color) == [ROLE_STYLES[r][0] for r in
                                              ("source_only", "transfer", "target_only")]


def test_weight_bars_of_a_role_have_the_roles_colour():
    fig = weight_bars({"car": [1.0, 2.0], "ideal": [1.5, 1.0]}, labels={"car": "car model"})
    assert [bar.name for bar in fig.data] == ["car model", "ideal"]
    assert [bar.marker.color for bar in fig.data] == [ROLE_STYLES["source_only"][0],
                                                      ROLE_STYLES["true_rule"][0]]


def test_accuracy_curves_axis_starts_at_chance_when_given(curves):
    assert accuracy_curves(curves, chance=0.3).layout.yaxis.range[0] == pytest.approx(0.3)


def test_accuracy_curves_axis_starts_at_zero_without_chance(curves):
    assert accuracy_curves(curves).layout.yaxis.range[0] == 0


def test_accuracy_curves_axis_starts_at_zero_when_a_curve_falls_below_chance(curves):
    # target_only's band reaches 45% at 1 label: below a chance of 50%
    assert accuracy_curves(curves, chance=0.5).layout.yaxis.range[0] == 0


def test_task_accuracy_bars_axis_starts_at_zero_without_chance():
    fig = task_accuracy_bars(["a", "b"], {"acc": [0.8, 0.9]})
    assert fig.layout.yaxis.range[0] == 0


def test_task_accuracy_bars_draw_the_chance_line_and_start_there():
    fig = task_accuracy_bars(["a", "b"], {"acc": [0.8, 0.9]}, chance=0.5,
                             chance_label="chance")
    (shape,) = fig.layout.shapes
    assert shape.y0 == shape.y1 == 0.5 and shape.xref == "paper"
    assert fig.layout.yaxis.range[0] == pytest.approx(0.5)


def test_task_accuracy_bars_name_chance_in_the_legend_not_over_a_bar():
    fig = task_accuracy_bars(["a", "b"], {"acc": [0.8, 0.9]}, chance=0.5,
                             chance_label="chance")
    assert not fig.layout.annotations
    legend = next(tr for tr in fig.data if tr.name == "chance")
    assert legend.line.dash == "dot" and legend.mode == "lines"


def test_task_accuracy_bars_start_at_zero_when_a_bar_falls_below_chance():
    fig = task_accuracy_bars(["a", "b"], {"acc": [0.3, 0.9]}, chance=0.5)
    assert fig.layout.yaxis.range[0] == 0


def test_accuracy_curves_draw_a_spread_band_for_every_curve_over_several_draws(curves):
    fig = accuracy_curves(curves)
    bands = [t for t in fig.data if t.fill == "toself"]
    assert [b.fillcolor for b in bands] == [
        f"rgba({int(c[1:3], 16)},{int(c[3:5], 16)},{int(c[5:], 16)},0.12)"
        for c, _ in (ROLE_STYLES[k] for k in ("source_only", "target_only", "pooled"))]


def test_task_accuracy_bars_spread_draws_error_bars():
    fig = task_accuracy_bars(["a", "b"], {"acc": [0.8, 0.9]}, spread={"acc": [0.05, 0.02]})
    assert fig.data[0].error_y.visible
    np.testing.assert_allclose(fig.data[0].error_y.array, [0.05, 0.02])


def test_attention_curves_spread_draws_a_band_and_the_axis_starts_at_chance():
    fig = attention_curves([1, 2], [0.7, 0.8], [0.75, 0.7], target_spread=[0.02, 0.03],
                           others_spread=[0.01, 0.01], chance=0.5)
    assert len([t for t in fig.data if t.fill == "toself"]) == 2
    assert fig.layout.yaxis.range[0] == pytest.approx(0.5)


def test_wrap_breaks_long_text_at_spaces_into_short_lines():
    text = wrap("Accuracy on the test points as the unlabelled data move away", 30)
    assert all(len(line) <= 30 for line in text.split("<br>"))
    assert text.replace("<br>", " ") == ("Accuracy on the test points as the unlabelled "
                                         "data move away")


def test_a_long_title_is_wrapped_and_the_top_margin_makes_room(curves):
    short = accuracy_curves(curves, title="Accuracy")
    long = accuracy_curves(curves, title="Accuracy on the test points as the unlabelled "
                                         "data move away (average of 5 draws)")
    assert "<br>" in long.layout.title.text
    assert long.layout.margin.t > short.layout.margin.t


def test_a_long_legend_entry_is_wrapped(curves):
    fig = accuracy_curves(curves, labels={"pooled": "a model trained on the source and "
                                                    "the few target labels together"})
    assert "<br>" in line_traces(fig)[0].name


def test_accuracy_curves_take_a_curves_style_outright(curves):
    key = next(iter(curves.mean))
    fig = accuracy_curves(curves, styles={key: ("#123456", "dot")})
    line = next(tr for tr in fig.data if tr.name == key)
    assert (line.line.color, line.line.dash) == ("#123456", "dot")


# Two draws whose mean gain is -0.1, 0.1, 0.3 with a spread of 0.02.
GAIN = Curves.from_scores([0.0, 0.5, 1.0], {"gain": np.array([[-0.12, 0.08, 0.28],
                                                             [-0.08, 0.12, 0.32]])})


def test_gain_curve_is_drawn_in_the_transfer_roles_style():
    line = next(tr for tr in gain_curve(GAIN).data if tr.mode == "lines+markers")
    assert (line.line.color, line.line.dash) == ROLE_STYLES["transfer"]


def test_gain_curve_marks_named_points_on_the_curve():
    fig = gain_curve(GAIN, marks={"violin → piano": 0.75})
    note = next(a for a in fig.layout.annotations if a.text == "violin → piano")
    assert (note.x, note.y) == pytest.approx((0.75, 0.2))


def test_gain_curve_draws_an_extreme_apart_and_keeps_it_on_the_axis():
    fig = gain_curve(GAIN, extreme=(-0.25, -0.4, 0.05))
    point = next(tr for tr in fig.data if tr.mode == "markers")
    assert (point.x[0], point.y[0], point.error_y.value) == (-0.25, -0.4, 0.05)
    assert fig.layout.yaxis.range[0] < -0.45 and fig.layout.xaxis.range[0] < -0.25
    assert any(sh.line.dash == "dot" and -0.25 < sh.x0 < 0 for sh in fig.layout.shapes)


def test_true_rules_draw_each_rule_and_the_angle_between_them(pair):
    fig = domain_scatter(pair, show_source=False)
    add_true_rules(fig, [np.array([1.0, 0.0]), np.array([0.0, 1.0])], names=("S", "T"),
                   angle=90, angle_label="90°")
    rules = [tr for tr in fig.data if tr.name in ("S", "T")]
    assert [tr.line.dash for tr in rules] == [ROLE_STYLES["true_rule"][1]] * 2
    # The rule with normal (1, 0) is the vertical line x = 0.
    assert list(rules[0].x) == pytest.approx([0.0, 0.0])
    assert any(a.text == "<b>90°</b>" for a in fig.layout.annotations)


def test_bars_coloured_by_role_leave_a_bar_without_a_role_neutral():
    fig = task_accuracy_bars(["alone", "other", "ours"], {"acc": [0.6, 0.7, 0.8]},
                             task_roles=["target_only", None, "transfer"])
    colours = list(fig.data[0].marker.color)
    assert colours[0] == ROLE_STYLES["target_only"][0] and colours[2] == ROLE_STYLES["transfer"][0]
    assert colours[1] not in {style[0] for style in ROLE_STYLES.values()}


def test_a_series_that_is_no_role_never_takes_a_roles_colour():
    roles = {colour for colour, _ in ROLE_STYLES.values()}
    assert not roles & set(LINE_COLOURS)
    assert not set(CLASS_COLOURS[:2]) & set(LINE_COLOURS)
