"""Tests for tllib.evaluate: the baselines, transfer gain, learning curves and sweeps."""

import math

import numpy as np
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted

from tllib.datasets import make_domain_pair
from tllib.evaluate import (
    BASELINES,
    Curves,
    crossing,
    fit_baseline,
    fit_transfer,
    score_methods,
    labels_to_reach,
    learning_curve,
    score_baselines,
    shift_sweep,
    transfer_gain,
)
from tllib.parameter import SourcePriorLogisticRegression
from tllib.tasks import make_task_pair


class WeightRecorder(ClassifierMixin, BaseEstimator):
    """A stand-in classifier that remembers what ``fit`` was given."""

    def fit(self, X, y, sample_weight=None):
        self.classes_ = np.unique(y)
        self.n_fit_samples_ = len(y)
        self.sample_weight_ = None if sample_weight is None else np.array(sample_weight)
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])


@pytest.fixture(scope="module")
def pair():
    return make_domain_pair("covariate", 0.5, n_source=200, n_target=100,
                            n_target_labelled=8, n_test=300, random_state=0)


@pytest.fixture(scope="module")
def unlabelled_pair():
    return make_domain_pair("covariate", 0.5, n_source=200, n_target=100,
                            n_target_labelled=0, n_test=300, random_state=1)


def reference_fit(name, pair):
    """The documented training set of each baseline, fitted by hand."""
    model = LogisticRegression()
    if name == "source_only":
        return model.fit(pair.X_source, pair.y_source)
    Xt, yt = pair.X_target_labelled, pair.y_target_labelled
    if name == "target_only":
        return model.fit(Xt, yt)
    n_source = len(pair.y_source)
    weights = np.concatenate([np.ones(n_source), np.full(len(yt), n_source / len(yt))])
    return model.fit(np.vstack([pair.X_source, Xt]), np.concatenate([pair.y_source, yt]),
                     sample_weight=weights)


# -- fit_baseline --------------------------------------------------------------------


@pytest.mark.parametrize("name", BASELINES)
def test_fit_baseline_matches_a_model_fitted_on_the_baselines_training_set(name, pair):
    model = fit_baseline(name, pair)
    expected = reference_fit(name, pair)
    np.testing.assert_array_equal(model.predict(pair.X_test), expected.predict(pair.X_test))
    np.testing.assert_allclose(model.predict_proba(pair.X_test),
                               expected.predict_proba(pair.X_test), atol=1e-10)


@pytest.mark.parametrize("name", BASELINES)
def test_fit_baseline_uses_the_default_logistic_regression_when_no_estimator_is_given(
        name, pair):
    assert isinstance(fit_baseline(name, pair), LogisticRegression)


@pytest.mark.parametrize("name", BASELINES)
def test_fit_baseline_fits_a_clone_and_leaves_the_given_estimator_unfitted(name, pair):
    estimator = LogisticRegression(C=0.5)
    model = fit_baseline(name, pair, estimator)
    assert model is not estimator
    assert model.C == 0.5
    check_is_fitted(model)
    with pytest.raises(NotFittedError):
        check_is_fitted(estimator)


def test_target_only_with_a_single_labelled_class_always_predicts_that_class():
    pair = make_domain_pair("covariate", 0.5, n_target_labelled=1, n_test=300,
                            random_state=2)
    seen = pair.y_target_labelled[0]
    model = fit_baseline("target_only", pair)
    np.testing.assert_array_equal(model.predict(pair.X_test), np.full(300, seen))


def test_target_only_without_labelled_target_points_raises_value_error(unlabelled_pair):
    with pytest.raises(ValueError, match="target_only needs at least one labelled target"):
        fit_baseline("target_only", unlabelled_pair)


def test_pooled_balanced_weighting_gives_the_target_the_weight_of_the_whole_source(pair):
    model = fit_baseline("pooled", pair, WeightRecorder())
    n_source, n_target = len(pair.y_source), int(pair.target_labelled.sum())
    weights = model.sample_weight_
    assert model.n_fit_samples_ == n_source + n_target
    np.testing.assert_array_equal(weights[:n_source], 1.0)
    np.testing.assert_allclose(weights[n_source:], n_source / n_target)
    assert math.fsum(weights[n_source:]) == pytest.approx(n_source)


def test_pooled_numeric_target_weight_is_each_target_points_weight(pair):
    model = fit_baseline("pooled", pair, WeightRecorder(), target_weight=2.5)
    n_source = len(pair.y_source)
    np.testing.assert_array_equal(model.sample_weight_[:n_source], 1.0)
    np.testing.assert_array_equal(model.sample_weight_[n_source:], 2.5)


def test_pooled_without_target_labels_trains_on_the_source_alone(unlabelled_pair):
    model = fit_baseline("pooled", unlabelled_pair, WeightRecorder())
    assert model.n_fit_samples_ == len(unlabelled_pair.y_source)
    np.testing.assert_array_equal(model.sample_weight_, 1.0)


@pytest.mark.parametrize("kwargs, match", [
    ({"name": "bogus"}, r"name must be one of source_only, target_only, pooled; got 'bogus'"),
    ({"name": "pooled", "target_weight": -1.0},
     r"target_weight must be 'balanced' or a finite number >= 0, got -1\.0"),
    ({"name": "pooled", "target_weight": "heavy"},
     r"target_weight must be 'balanced' or a finite number >= 0, got 'heavy'"),
    ({"name": "pooled", "target_weight": float("nan")},
     r"target_weight must be 'balanced' or a finite number >= 0, got nan"),
])
def test_fit_baseline_rejects_bad_arguments_naming_the_parameter(kwargs, match, pair):
    with pytest.raises(ValueError, match=match):
        fit_baseline(pair=pair, **kwargs)


@pytest.mark.parametrize("weight", [True, float("inf")])
def test_fit_baseline_rejects_a_bool_or_infinite_target_weight_naming_it(weight, pair):
    with pytest.raises((TypeError, ValueError), match="target_weight"):
        fit_baseline("pooled", pair, WeightRecorder(), target_weight=weight)


@pytest.mark.parametrize("weight", [np.int64(3), np.float32(3.0)])
def test_pooled_accepts_a_numpy_number_as_target_weight(weight, pair):
    model = fit_baseline("pooled", pair, WeightRecorder(), target_weight=weight)
    np.testing.assert_array_equal(model.sample_weight_[len(pair.y_source):], 3.0)


# -- score_baselines -----------------------------------------------------------------


def test_score_baselines_is_nan_for_target_only_without_labels(unlabelled_pair):
    scores = score_baselines(unlabelled_pair)
    assert math.isnan(scores["target_only"])
    assert 0.0 <= scores["source_only"] <= 1.0
    assert 0.0 <= scores["pooled"] <= 1.0


def test_score_baselines_reports_each_baselines_target_test_accuracy(pair):
    scores = score_baselines(pair)
    assert list(scores) == list(BASELINES)
    for name in BASELINES:
        expected = fit_baseline(name, pair).score(pair.X_test, pair.y_test)
        assert scores[name] == pytest.approx(expected), name


def test_score_baselines_scores_only_the_requested_names(pair):
    assert list(score_baselines(pair, names=["pooled"])) == ["pooled"]


# -- transfer_gain -------------------------------------------------------------------


def test_transfer_gain_is_positive_when_transfer_beats_target_only():
    assert transfer_gain(0.85, 0.7) == pytest.approx(0.15)


def test_transfer_gain_is_negative_for_negative_transfer():
    assert transfer_gain(0.6, 0.7) == pytest.approx(-0.1)


def test_transfer_gain_works_element_wise():
    gains = transfer_gain(np.array([0.9, 0.5, 0.7]), np.array([0.8, 0.6, 0.7]))
    np.testing.assert_allclose(gains, [0.1, -0.1, 0.0], atol=1e-12)
    np.testing.assert_allclose(transfer_gain([0.9, 0.5], 0.7), [0.2, -0.2], atol=1e-12)


# -- learning_curve ------------------------------------------------------------------

GRID = [0, 1, 2, 100]
SEEDS = range(4)


@pytest.fixture(scope="module")
def curves():
    return learning_curve(GRID, seeds=SEEDS, shift="covariate", strength=0.5,
                          n_source=300, n_target=150, n_test=500)


def test_learning_curve_x_equals_the_grid(curves):
    np.testing.assert_array_equal(curves.x, GRID)


def test_learning_curve_has_one_curve_per_baseline(curves):
    assert set(curves.mean) == set(curves.std) == set(curves.scores) == set(BASELINES)


def test_learning_curve_scores_have_one_row_per_seed_and_one_column_per_budget(curves):
    for name in BASELINES:
        assert curves.scores[name].shape == (len(SEEDS), len(GRID))
        assert curves.mean[name].shape == (len(GRID),)
        assert curves.std[name].shape == (len(GRID),)


def test_learning_curve_mean_and_std_are_over_seeds_ignoring_nan(curves):
    for name in BASELINES:
        runs = curves.scores[name]
        defined = ~np.isnan(runs).all(axis=0)
        np.testing.assert_allclose(curves.mean[name][defined],
                                   np.nanmean(runs[:, defined], axis=0))
        np.testing.assert_allclose(curves.std[name][defined],
                                   np.nanstd(runs[:, defined], axis=0))


def test_learning_curve_target_only_is_nan_without_labels(curves):
    assert np.isnan(curves.scores["target_only"][:, 0]).all()
    assert np.isnan(curves.mean["target_only"][0])
    assert not np.isnan(curves.scores["target_only"][:, 1:]).any()


def test_learning_curve_source_only_does_not_depend_on_target_labels(curves):
    runs = curves.scores["source_only"]
    np.testing.assert_array_equal(runs, np.repeat(runs[:, :1], len(GRID), axis=1))


def test_learning_curve_pooled_without_target_labels_equals_source_only(curves):
    np.testing.assert_allclose(curves.scores["pooled"][:, 0],
                               curves.scores["source_only"][:, 0])


def test_learning_curve_target_only_improves_from_2_to_100_labels(curves):
    mean = dict(zip(GRID, curves.mean["target_only"]))
    assert mean[100] > mean[2] + 0.05, mean


def test_learning_curve_scores_only_the_requested_names():
    result = learning_curve([2], names=["target_only"], seeds=[0], n_test=50)
    assert list(result.scores) == ["target_only"]


@pytest.mark.parametrize("grid, error, match", [
    ([], ValueError, r"n_labelled must be a non-empty sequence of numbers"),
    ([[1, 2]], ValueError, r"n_labelled must be a non-empty sequence of numbers"),
    ([2, -1], ValueError, r"n_labelled must hold integers >= 0, got -1"),
    ([1.5, 3], TypeError, r"n_labelled must hold integers, got dtype float64"),
    ([2.0], TypeError, r"n_labelled must hold integers, got dtype float64"),
])
def test_learning_curve_rejects_a_bad_grid_naming_it(grid, error, match):
    with pytest.raises(error, match=match):
        learning_curve(grid, seeds=[0])


# -- shift_sweep ---------------------------------------------------------------------

STRENGTHS = [0.0, 0.5, 1.0]


@pytest.fixture(scope="module")
def sweep():
    return shift_sweep("covariate", STRENGTHS, seeds=range(3), n_test=500)


def test_shift_sweep_x_equals_the_strengths(sweep):
    np.testing.assert_array_equal(sweep.x, STRENGTHS)


def test_shift_sweep_returns_source_and_target_curves(sweep):
    assert set(sweep.mean) == {"source", "target"}
    assert sweep.scores["target"].shape == (3, len(STRENGTHS))


def test_shift_sweep_source_accuracy_stays_under_covariate_shift(sweep):
    source = sweep.mean["source"]
    assert source.max() - source.min() < 0.02, source


def test_shift_sweep_target_accuracy_falls_as_covariate_shift_grows(sweep):
    target = sweep.mean["target"]
    assert target[0] - target[-1] > 0.3, target


@pytest.mark.parametrize("strengths, error, match", [
    ([], ValueError, r"strengths must be a non-empty sequence of numbers"),
    ([[0.0, 0.5]], ValueError, r"strengths must be a non-empty sequence of numbers"),
    ([0.5, 1.5], ValueError, r"strength must be in \[0, 1\], got 1\.5"),
])
def test_shift_sweep_rejects_a_bad_grid_naming_it(strengths, error, match):
    with pytest.raises(error, match=match):
        shift_sweep("covariate", strengths, seeds=[0], n_test=50)


# -- Curves --------------------------------------------------------------------------


def test_curves_keep_nan_without_a_warning_where_every_run_is_nan(recwarn):
    result = Curves.from_scores([0, 1], {"a": np.array([[np.nan, 0.5], [np.nan, 0.7]])})
    assert np.isnan(result.mean["a"][0]) and np.isnan(result.std["a"][0])
    assert result.mean["a"][1] == pytest.approx(0.6)
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_learning_curve_rejects_a_budget_larger_than_the_target_sample_naming_n_labelled():
    with pytest.raises(ValueError, match="n_labelled must not exceed n_target=50, got 60"):
        learning_curve([2, 60], n_target=50, seeds=[0])


def test_shift_sweep_rejects_non_numeric_strengths_naming_them():
    with pytest.raises(TypeError, match="strengths must hold numbers"):
        shift_sweep("covariate", ["a"], seeds=[0])


# -- labels_to_reach -----------------------------------------------------------------


def hand_curves(x, accuracies):
    accuracies = np.asarray(accuracies, dtype=float)
    return Curves.from_scores(x, {"m": accuracies[None, :]})


@pytest.mark.parametrize("accuracy, expected", [(0.5, 0), (0.6, 2), (0.7, 5), (0.8, 5),
                                                (0.9, 10)])
def test_labels_to_reach_is_the_first_grid_point_at_or_above_the_accuracy(accuracy,
                                                                          expected):
    curves = hand_curves([0, 2, 5, 10], [0.5, 0.6, 0.8, 0.9])
    assert labels_to_reach(curves, "m", accuracy) == expected


def test_labels_to_reach_is_nan_when_the_curve_never_gets_there():
    assert math.isnan(labels_to_reach(hand_curves([0, 2], [0.5, 0.6]), "m", 0.61))


def test_labels_to_reach_is_the_smallest_x_even_on_an_unsorted_grid_with_nan():
    curves = hand_curves([10, 2, 0, 5], [0.9, 0.8, np.nan, 0.95])
    assert labels_to_reach(curves, "m", 0.85) == 5


def test_labels_to_reach_rejects_an_unknown_curve_naming_the_known_ones():
    with pytest.raises(ValueError, match=r"name must be one of the curves \['m'\]; got 'x'"):
        labels_to_reach(hand_curves([0], [0.5]), "x", 0.5)


# -- learning_curve with transfer methods and another generator ---------------------


@pytest.fixture(scope="module")
def method_curves():
    return learning_curve([0, 5], names=["source_only", "target_only"], seeds=range(2),
                          methods={"l2sp": SourcePriorLogisticRegression(1.0)},
                          generator=make_task_pair, relatedness=0.9, n_source=200,
                          n_target=100, n_test=300, n_features=5)


def test_learning_curve_adds_one_curve_per_method(method_curves):
    assert set(method_curves.scores) == {"source_only", "target_only", "l2sp"}
    assert method_curves.scores["l2sp"].shape == (2, 2)


def test_learning_curve_method_without_target_labels_scores_like_source_only(method_curves):
    np.testing.assert_array_equal(method_curves.scores["l2sp"][:, 0],
                                  method_curves.scores["source_only"][:, 0])


def test_learning_curve_fits_each_method_on_the_pairs_visible_target_labels(method_curves):
    full = make_task_pair(0.9, n_source=200, n_target=100, n_test=300, n_features=5,
                          n_target_labelled=5, random_state=1)
    model = SourcePriorLogisticRegression(1.0).fit(full.X_source, full.y_source,
                                                   Xt=full.X_target, yt=full.y_target_visible)
    assert method_curves.scores["l2sp"][1, 1] == pytest.approx(
        model.score(full.X_test, full.y_test))


def test_learning_curve_draws_pairs_with_the_given_generator():
    calls = []

    def generator(**kwargs):
        calls.append(kwargs)
        return make_task_pair(**kwargs)

    learning_curve([3], names=["target_only"], seeds=[7], generator=generator,
                   relatedness=0.4, n_test=50)
    assert calls == [{"relatedness": 0.4, "n_test": 50, "n_target_labelled": 3,
                      "random_state": 7}]


def test_learning_curve_rejects_a_method_named_like_a_baseline():
    with pytest.raises(ValueError, match=r"methods must not reuse a baseline's name; "
                                         r"got \['pooled'\]"):
        learning_curve([1], seeds=[0], methods={"pooled": SourcePriorLogisticRegression()})


# -- fit_transfer and crossing --------------------------------------------------------


def test_fit_transfer_fits_a_clone_with_the_visible_target_labels():
    from sklearn.base import BaseEstimator

    class Recorder(BaseEstimator):
        def fit(self, X, y, *, Xt=None, yt=None):
            self.yt_ = yt
            return self

    pair = make_domain_pair(n_target_labelled=4, random_state=0)
    template = Recorder()
    model = fit_transfer(template, pair)
    assert model is not template and not hasattr(template, "yt_")
    np.testing.assert_array_equal(model.yt_, pair.y_target_visible)


def test_fit_transfer_without_target_labels_hides_every_target_label():
    from sklearn.base import BaseEstimator

    class Recorder(BaseEstimator):
        def fit(self, X, y, *, Xt=None, yt=None):
            self.yt_ = yt
            return self

    pair = make_domain_pair(n_target_labelled=4, random_state=0)
    model = fit_transfer(Recorder(), pair, target_labels=False)
    np.testing.assert_array_equal(model.yt_, np.full(len(pair.y_target), -1))


def test_score_methods_scores_each_method_on_the_target_test_sample():
    pair = make_domain_pair("conditional", 0.3, n_target_labelled=20, random_state=1)
    method = SourcePriorLogisticRegression(1.0)
    scores = score_methods(pair, {"l2sp": method})
    expected = fit_transfer(method, pair).score(pair.X_test, pair.y_test)
    assert scores == {"l2sp": pytest.approx(expected)}


def test_crossing_interpolates_where_the_curve_last_rises_through_the_level():
    assert crossing([0, 1, 2, 3], [-0.2, -0.1, 0.1, 0.3]) == pytest.approx(1.5)


def test_crossing_is_nan_when_the_curve_never_goes_below_the_level():
    assert math.isnan(crossing([0, 1, 2], [0.1, 0.2, 0.3]))


def test_crossing_is_nan_when_the_curve_ends_below_the_level():
    assert math.isnan(crossing([0, 1, 2], [0.1, -0.2, -0.3]))


def test_crossing_rejects_mismatched_shapes_naming_them():
    with pytest.raises(ValueError, match="x and y must be 1-D of the same length"):
        crossing([0, 1], [0.1])


def test_labelled_order_reveals_one_of_each_class_first_then_every_labelled_point():
    from tllib.evaluate import labelled_order
    pair = make_domain_pair("covariate", 0.5, n_target_labelled=12, random_state=3)
    order = labelled_order(pair, 3)
    assert sorted(order) == sorted(np.flatnonzero(pair.target_labelled))
    assert set(pair.y_target[order[:2]]) == {0, 1}
    np.testing.assert_array_equal(order, labelled_order(pair, 3))
