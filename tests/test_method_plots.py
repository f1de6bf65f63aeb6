"""The methods lessons' figures: what each one draws."""

import numpy as np
import pytest

from sklearn.linear_model import LogisticRegression

from tllib import make_domain_pair
from tllib.plots import ROLE_STYLES
from tllib.method_plots import (
    boosting_round, history_curves, mapped_scatter, marker_sizes, weighted_scatter,
)


@pytest.fixture(scope="module")
def pair():
    return make_domain_pair("conditional", 0.5, n_source=60, n_target=40,
                            n_target_labelled=6, random_state=0)


def test_marker_area_is_proportional_to_the_weight():
    sizes = marker_sizes([1.0, 4.0, 0.25, 2.0])
    areas = sizes.astype(float) ** 2
    np.testing.assert_allclose(areas / areas[0], [1, 4, 0.25, 2], rtol=1e-5)


def test_a_zero_weight_gets_the_smallest_marker_not_an_invisible_one():
    assert marker_sizes([0.0, 1.0, 2.0])[0] == pytest.approx(2.0)


def test_weighted_scatter_sizes_each_source_point_by_its_weight(pair):
    weights = np.linspace(0.1, 3, len(pair.y_source))
    fig = weighted_scatter(pair.X_source, pair.y_source, weights, pair.X_target)
    drawn = np.concatenate([t.marker.size for t in fig.data if t.marker.symbol == "circle"])
    assert sorted(drawn) == pytest.approx(sorted(marker_sizes(weights)))


def test_boosting_round_sizes_source_and_labelled_target_points_by_their_weight(pair):
    n_source, n = len(pair.y_source), len(pair.y_source) + len(pair.y_target_labelled)
    weights = np.linspace(0.5, 2.0, n)
    fig = boosting_round(pair.X_source, pair.y_source, pair.X_target_labelled,
                         pair.y_target_labelled, weights)
    sizes = marker_sizes(weights)
    circles = np.concatenate([t.marker.size for t in fig.data if t.marker.symbol == "circle"])
    stars = np.concatenate([t.marker.size for t in fig.data if t.marker.symbol == "star"])
    assert sorted(circles) == pytest.approx(sorted(sizes[:n_source]))
    assert sorted(stars) == pytest.approx(sorted(sizes[n_source:]))


def test_boosting_round_rings_the_misleading_source_points(pair):
    n = len(pair.y_source) + len(pair.y_target_labelled)
    bad = pair.target_rule(pair.X_source) != pair.y_source
    fig = boosting_round(pair.X_source, pair.y_source, pair.X_target_labelled,
                         pair.y_target_labelled, np.ones(n), misleading=bad)
    rings = [t for t in fig.data if t.marker.symbol == "circle-open"]
    assert len(rings) == 1 and len(rings[0].x) == bad.sum()
    assert rings[0].marker.line.width > 0  # an open marker is drawn by its outline


def test_history_curves_draws_a_line_per_quantity_over_rounds_from_one():
    fig = history_curves({"error": [0.3, 0.2, 0.1], "share": [0.5, 0.4, 0.2]}, current=2)
    assert len(fig.data) == 2
    assert list(fig.data[0].x) == [1, 2, 3]


def test_history_curves_keep_the_reference_level_on_the_chart():
    # TrAdaBoost's ε = 1/2 line, while every error is far below it.
    fig = history_curves({"error": [0.1, 0.05]}, reference=0.5, reference_label="½")
    assert fig.layout.yaxis.range[0] == 0 and fig.layout.yaxis.range[1] > 0.5


def test_history_curves_draw_a_learners_quantity_in_its_roles_style():
    fig = history_curves({"error": [0.3, 0.2], "share": [0.5, 0.4]},
                         roles=("transfer", "source_only"))
    assert [(tr.line.color, tr.line.dash) for tr in fig.data] == [
        ROLE_STYLES["transfer"], ROLE_STYLES["source_only"]]


def test_mapped_scatter_draws_a_one_dimensional_representation_against_a_jitter():
    X = np.arange(10.0)[:, None]
    fig = mapped_scatter(X, np.zeros(10, int), X, np.ones(10, int))
    assert len(fig.data) == 2
    assert np.all(np.abs(np.asarray(fig.data[0].y)) <= 0.5)


def test_mapped_scatter_draws_its_classifier_in_the_transfer_role_style(pair):
    classifier = LogisticRegression().fit(pair.X_source, pair.y_source)
    fig = mapped_scatter(pair.X_source, pair.y_source, pair.X_target, pair.y_target,
                         classifier=classifier, classifier_name="after")
    (line,) = [t for t in fig.data if t.type == "contour"]
    assert (line.line.color, line.line.dash) == ROLE_STYLES["transfer"]
