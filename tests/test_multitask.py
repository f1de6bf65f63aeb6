"""Tests for tllib.multitask: regularised multi-task logistic regression, its data and
the lesson's experiment."""

import numpy as np
import pytest
from scipy.optimize import check_grad
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning, NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.utils.estimator_checks import parametrize_with_checks

from tllib.experiments.multi_task import compare_multitask
from tllib.multitask import (
    MultiTaskLogisticRegression, _Problem, make_multitask_data,
)

TIGHT = dict(tol=1e-10, max_iter=5000)


@pytest.fixture(scope="module")
def data():
    return make_multitask_data(4, 0.8, random_state=0)


def reference(C):
    """scikit-learn's logistic regression, solved far past its default tolerance."""
    return LogisticRegression(C=C, tol=1e-12, max_iter=10_000)


def fit(data, coupling=1.0, **params):
    return MultiTaskLogisticRegression(coupling, **params).fit(data.X, data.y,
                                                               tasks=data.tasks)


# -- limits and oracles -------------------------------------------------------------


def test_coupling_zero_is_each_task_fitted_alone_by_scikit_learn(data):
    model = fit(data, 0.0, C=0.5, **TIGHT)
    for t in range(4):
        mine = data.tasks == t
        alone = reference(0.5).fit(data.X[mine], data.y[mine])
        np.testing.assert_allclose(model.coef_[t], alone.coef_[0], atol=1e-5)
        np.testing.assert_allclose(model.intercept_[t], alone.intercept_[0], atol=1e-5)
    np.testing.assert_array_equal(model.shared_coef_, 0.0)


def test_coupling_zero_ignores_task_weights_each_task_is_still_alone_with_c(data):
    # Nothing is shared, so attention changes nothing.
    a = np.array([3.0, 1.0, 0.5, 2.0])
    weighted = fit(data, 0.0, task_weights=a, **TIGHT)
    np.testing.assert_allclose(weighted.coef_, fit(data, 0.0, **TIGHT).coef_, atol=1e-5)
    np.testing.assert_allclose(weighted.intercept_, fit(data, 0.0, **TIGHT).intercept_,
                               atol=1e-5)


def test_infinite_coupling_is_one_logistic_regression_on_all_tasks_pooled_with_c_over_t(data):
    model = fit(data, 1e8, C=2.0, **TIGHT)
    pooled = reference(2.0 / 4).fit(data.X, data.y)
    np.testing.assert_allclose(model.coef_, np.tile(pooled.coef_, (4, 1)), atol=1e-5)
    np.testing.assert_allclose(model.intercept_, np.full(4, pooled.intercept_[0]), atol=1e-5)
    np.testing.assert_allclose(model.shared_coef_, pooled.coef_[0], atol=1e-5)
    np.testing.assert_allclose(model.task_coef_, 0.0, atol=1e-6)


def test_infinite_coupling_with_task_weights_is_pooling_with_those_sample_weights(data):
    # C / A with A = sum of the weights = 6.5.
    a = np.array([3.0, 1.0, 0.5, 2.0])
    model = fit(data, 1e8, task_weights=a, **TIGHT)
    pooled = reference(1 / 6.5).fit(data.X, data.y, sample_weight=a[data.tasks])
    np.testing.assert_allclose(model.coef_, np.tile(pooled.coef_, (4, 1)), atol=1e-5)


@pytest.mark.parametrize("weights", [None, [3.0, 1.0, 0.5, 2.0]])
def test_the_shared_part_is_the_tasks_weighted_mean_shrunk_by_k_over_1_plus_k(weights, data):
    model = fit(data, 3.0, task_weights=weights, **TIGHT)
    mean = np.average(model.coef_, axis=0, weights=weights)
    np.testing.assert_allclose(model.shared_coef_, 0.75 * mean, atol=1e-6)
    np.testing.assert_allclose(model.coef_, model.shared_coef_ + model.task_coef_)


def test_analytic_gradient_matches_finite_differences(data):
    s = np.where(data.y == 1, 1.0, -1.0)
    a = np.array([2.0, 1.0, 0.5, 1.0])
    problem = _Problem(data.X, s, data.tasks, a, 0.7, 0.3)
    point = np.random.default_rng(0).standard_normal(problem.size)

    def f(p):
        return problem.objective_and_gradient(p)[0]

    def g(p):
        return problem.objective_and_gradient(p)[1]

    assert check_grad(f, g, point) / np.linalg.norm(g(point)) < 1e-5


def test_stronger_coupling_brings_the_tasks_weights_closer_together(data):
    spread = [np.linalg.norm(fit(data, k).task_coef_) for k in (0.1, 1.0, 10.0, 100.0)]
    assert np.all(np.diff(spread) < 0), spread


def test_fit_records_the_optimisers_stopping_reason(data):
    model = fit(data)
    assert model.n_iter_ >= 1
    assert "CONVERGENCE" in model.termination_


def test_hitting_max_iter_warns_and_says_how_to_fix_it(data):
    with pytest.warns(ConvergenceWarning, match=r"max_iter=1 iterations.*increase max_iter"):
        fit(data, max_iter=1)


def test_each_row_is_predicted_by_its_own_tasks_model(data):
    model = fit(data)
    X = data.X_test[:5]
    for t in range(4):
        tasks = np.full(5, t)
        d = X @ model.coef_[t] + model.intercept_[t]
        np.testing.assert_allclose(model.decision_function(X, tasks=tasks), d)
        np.testing.assert_allclose(model.predict_proba(X, tasks=tasks)[:, 1],
                                   1 / (1 + np.exp(-d)))
        np.testing.assert_array_equal(model.predict(X, tasks=tasks), (d > 0).astype(int))


def test_score_is_the_accuracy_over_all_rows(data):
    model = fit(data)
    predicted = model.predict(data.X_test, tasks=data.tasks_test)
    assert model.score(data.X_test, data.y_test, tasks=data.tasks_test) == pytest.approx(
        np.mean(predicted == data.y_test))


def test_task_ids_need_not_be_0_to_t_minus_1(data):
    ids = np.array([10, 20, 30, 40])
    model = MultiTaskLogisticRegression().fit(data.X, data.y, tasks=ids[data.tasks])
    np.testing.assert_array_equal(model.tasks_, ids)
    np.testing.assert_allclose(model.coef_, fit(data).coef_)


def test_fit_does_not_modify_its_inputs(data):
    X, y, tasks = data.X.copy(), data.y.copy(), data.tasks.copy()
    weights = [2.0, 1.0, 1.0, 1.0]
    MultiTaskLogisticRegression(task_weights=weights).fit(X, y, tasks=tasks)
    np.testing.assert_array_equal(X, data.X)
    np.testing.assert_array_equal(y, data.y)
    np.testing.assert_array_equal(tasks, data.tasks)
    assert weights == [2.0, 1.0, 1.0, 1.0]


def test_fit_accepts_read_only_inputs(data):
    model = fit(data)  # the data's arrays are read-only
    assert model.coef_.shape == (4, 10) and model.intercept_.shape == (4,)


# -- the data -----------------------------------------------------------------------


def test_any_two_task_normals_have_cosine_equal_to_the_relatedness():
    d = make_multitask_data(5, 0.3, n_features=8, random_state=0)
    cosines = d.normals @ d.normals.T
    np.testing.assert_allclose(cosines[~np.eye(5, dtype=bool)], 0.3)
    np.testing.assert_allclose(np.diag(cosines), 1.0)
    assert d.angle_deg == pytest.approx(np.degrees(np.arccos(np.sqrt(0.3))))


def test_noise_free_labels_follow_each_tasks_rule():
    d = make_multitask_data(3, 0.6, noise=0.0, random_state=1)
    expected = (np.einsum("ij,ij->i", d.X_test, d.normals[d.tasks_test]) > 0).astype(int)
    np.testing.assert_array_equal(d.y_test, expected)


def test_sizes_and_the_target_labels():
    d = make_multitask_data(4, 0.8, n_per_task=12, target_n=3, n_test=50, random_state=0)
    np.testing.assert_array_equal(np.bincount(d.tasks), [3, 12, 12, 12])
    np.testing.assert_array_equal(np.bincount(d.tasks_test), [50] * 4)
    for t in range(4):  # every task sees both classes
        assert set(d.y[d.tasks == t]) == {0, 1}
    assert not d.X.flags.writeable


def test_the_same_seed_draws_the_same_data():
    a, b = (make_multitask_data(random_state=7) for _ in range(2))
    np.testing.assert_array_equal(a.X, b.X)
    np.testing.assert_array_equal(a.y_test, b.y_test)


@pytest.mark.parametrize("params, error, match", [
    ({"n_tasks": 2}, ValueError, r"n_tasks must be >= 3, got 2"),
    ({"relatedness": 1.5}, ValueError, r"relatedness must be in \[0, 1\], got 1\.5"),
    ({"n_features": 4}, ValueError, r"n_features must be >= 5, got 4"),
    ({"target_n": 1}, ValueError, r"target_n must be >= 2, got 1"),
    ({"noise": 0.5}, ValueError, r"noise must be in \[0, 0\.5\), got 0\.5"),
    ({"random_state": "zero"}, ValueError, r"random_state must be None, a non-negative integer"),
])
def test_make_multitask_data_rejects_bad_arguments_naming_them(params, error, match):
    with pytest.raises(error, match=match):
        make_multitask_data(**params)


# -- the lesson's claims --------------------------------------------------------------
# Averages over 20 draws of 4 tasks (500 test points per task), 6 features.

SETTING = dict(n_features=6, n_draws=20, random_state=0)


def test_multi_task_beats_learning_each_task_alone_on_related_tasks_with_few_labels():
    # Measured: 0.777 against 0.697 (+8.0 points) with 10 labels per task.
    c = compare_multitask(0.8, coupling=10.0, target_weights=[1], n_per_task=10, **SETTING)
    assert c.accuracy[0].mean() > c.alone.mean() + 0.06, (c.accuracy[0], c.alone)


def test_multi_task_beats_pooling_when_the_tasks_are_less_related():
    # Measured: 0.795 against 0.736 (+5.9 points) at relatedness 0.5.
    c = compare_multitask(0.5, coupling=3.0, target_weights=[1], n_per_task=20, **SETTING)
    assert c.accuracy[0].mean() > c.pooled.mean() + 0.04, (c.accuracy[0], c.pooled)


def test_weighting_the_target_raises_its_accuracy_and_lowers_the_others():
    # With strong coupling the shared part is a compromise; giving the target four times
    # the weight turns it towards the target. Measured: target 0.767 → 0.803,
    # others 0.754 → 0.719.
    c = compare_multitask(0.5, coupling=30.0, target_weights=[1, 4], n_per_task=20,
                          **SETTING)
    equal, transfer = c.accuracy
    assert transfer[0] > equal[0] + 0.025, (equal, transfer)
    assert transfer[1:].mean() < equal[1:].mean() - 0.025, (equal, transfer)


def test_comparison_limits_agree_with_the_estimator_at_both_ends_of_the_coupling():
    zero = compare_multitask(0.7, coupling=0.0, target_weights=[1], n_draws=3)
    huge = compare_multitask(0.7, coupling=1e8, target_weights=[1], n_draws=3)
    np.testing.assert_allclose(zero.accuracy[0], zero.alone, atol=0.003)
    np.testing.assert_allclose(huge.accuracy[0], huge.pooled, atol=0.003)


def test_comparison_rows_are_found_by_target_weight():
    c = compare_multitask(target_weights=[1, 2], n_draws=1)
    assert c.at(2) == 1
    with pytest.raises(ValueError, match=r"target_weight must be one of \[1\.0, 2\.0\]"):
        c.at(3)


@pytest.mark.parametrize("params, error, match", [
    ({"target_weights": []}, ValueError, r"target_weights must be a non-empty sequence"),
    ({"target_weights": [1, 0]}, ValueError, r"target_weights must all be finite numbers > 0"),
    ({"n_draws": 0}, ValueError, r"n_draws must be >= 1, got 0"),
    ({"coupling": -1.0}, ValueError, r"coupling must be in \[0, inf\), got -1\.0"),
])
def test_compare_multitask_rejects_bad_arguments_naming_them(params, error, match):
    with pytest.raises(error, match=match):
        compare_multitask(**params)


# -- errors -------------------------------------------------------------------------


@pytest.mark.parametrize("params, error, match", [
    ({"coupling": -0.5}, ValueError, r"coupling must be in \[0, inf\), got -0\.5"),
    ({"coupling": np.inf}, ValueError, r"coupling must be in \[0, inf\), got inf"),
    ({"coupling": "strong"}, TypeError, r"coupling must be a number"),
    ({"task_weights": [1, -1, 1, 1]}, ValueError, r"task_weights must all be finite and > 0; "
                                                  r"got \[1\.0, -1\.0, 1\.0, 1\.0\]"),
    ({"task_weights": [1, 0, 1, 1]}, ValueError, r"task_weights must all be finite and > 0"),
    ({"task_weights": [1, 1]}, ValueError, r"task_weights must hold one weight per task \(4\)"),
    ({"task_weights": ["a"] * 4}, TypeError, r"task_weights must hold numbers"),
    ({"C": 0}, ValueError, r"C must be in \(0, inf\), got 0"),
    ({"max_iter": 0}, ValueError, r"max_iter must be >= 1, got 0"),
    ({"tol": 0.0}, ValueError, r"tol must be in \(0, inf\), got 0\.0"),
])
def test_fit_rejects_bad_parameters_naming_them(params, error, match, data):
    with pytest.raises(error, match=match):
        fit(data, **params)


def test_fit_rejects_tasks_misaligned_with_x(data):
    with pytest.raises(ValueError, match=r"tasks must have one task id per row of X "
                                         r"\(80\); got 79"):
        MultiTaskLogisticRegression().fit(data.X, data.y, tasks=data.tasks[:-1])


def test_fit_rejects_a_single_task(data):
    with pytest.raises(ValueError, match=r"tasks must hold at least 2 different task ids; "
                                         r"got 1: \[0\]"):
        MultiTaskLogisticRegression().fit(data.X, data.y, tasks=np.zeros(80, dtype=int))


def test_fit_rejects_more_than_two_classes_naming_y(data):
    with pytest.raises(ValueError, match=r"y must hold exactly 2 classes, got 3 classes: "
                                         r"\[0, 1, 2\]"):
        MultiTaskLogisticRegression().fit(data.X, np.arange(80) % 3, tasks=data.tasks)


def test_predict_rejects_unknown_task_ids(data):
    model = fit(data)
    with pytest.raises(ValueError, match=r"tasks must hold task ids seen in fit "
                                         r"\[0, 1, 2, 3\]; got \[7\]"):
        model.predict(data.X_test[:2], tasks=[0, 7])


# -- scikit-learn compatibility, by hand ------------------------------------------------


def test_sklearn_contract_by_hand(data):
    """``parametrize_with_checks`` cannot drive this estimator: every check calls
    ``fit(X, y)`` and ``predict(X)``, and here both need the ``tasks`` keyword (which
    model predicts a row is part of the input). So the contract is checked by hand:
    ``__init__`` stores its arguments untouched, ``clone`` and ``get_params`` /
    ``set_params`` round-trip, an unfitted model says so, ``fit`` returns ``self`` and
    leaves its parameters as given."""
    weights = [2, 1, 1, 1]
    model = MultiTaskLogisticRegression(3.0, task_weights=weights, C=0.5)
    assert model.get_params() == {"coupling": 3.0, "task_weights": weights, "C": 0.5,
                                  "max_iter": 500, "tol": 1e-6}
    assert model.task_weights is weights
    copy = clone(model)
    assert copy.get_params() == model.get_params() and copy is not model
    assert copy.set_params(coupling=0.0) is copy and copy.coupling == 0.0
    with pytest.raises(NotFittedError):
        model.predict(data.X_test, tasks=data.tasks_test)
    assert model.fit(data.X, data.y, tasks=data.tasks) is model
    assert model.get_params()["task_weights"] is weights
    assert model.n_features_in_ == 10
    assert repr(model) == ("MultiTaskLogisticRegression(C=0.5, coupling=3.0, "
                           "task_weights=[2, 1, 1, 1])")
    with pytest.raises(ValueError, match="features"):
        model.predict(data.X_test[:, :3], tasks=data.tasks_test)


# -- one task: plain logistic regression, under scikit-learn's checks ---------------------


@pytest.mark.parametrize("coupling", [0.0, 1.0, 1e8])
def test_without_tasks_it_is_sklearn_logistic_regression(data, coupling):
    # One task: nothing to couple, so the objective is LogisticRegression's exactly.
    model = MultiTaskLogisticRegression(coupling, C=0.5, tol=1e-10).fit(data.X, data.y)
    reference = LogisticRegression(C=0.5, tol=1e-12, max_iter=10_000).fit(data.X, data.y)
    assert model.tasks_.tolist() == [0]
    np.testing.assert_allclose(model.coef_[0], reference.coef_[0], atol=1e-5)
    np.testing.assert_allclose(model.intercept_, reference.intercept_, atol=1e-5)
    np.testing.assert_allclose(model.predict_proba(data.X_test),
                               reference.predict_proba(data.X_test), atol=1e-6)


def test_without_tasks_predict_needs_no_tasks_and_accepts_task_zero(data):
    model = MultiTaskLogisticRegression().fit(data.X, data.y)
    np.testing.assert_array_equal(model.predict(data.X_test),
                                  model.predict(data.X_test, tasks=np.zeros(len(data.X_test))))


def test_a_multi_task_model_refuses_to_predict_without_tasks(data):
    model = fit(data)
    with pytest.raises(ValueError, match=r"tasks is required: this model was fitted on 4 "
                                         r"tasks \[0, 1, 2, 3\]"):
        model.predict(data.X_test)


def test_one_explicit_task_id_points_to_tasks_none(data):
    with pytest.raises(ValueError, match=r"leave tasks=None"):
        MultiTaskLogisticRegression().fit(data.X, data.y, tasks=np.zeros(80, dtype=int))


MULTITASK_EXPECTED_FAILURES = {}


@parametrize_with_checks([MultiTaskLogisticRegression()],
                         expected_failed_checks=lambda e: MULTITASK_EXPECTED_FAILURES)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)
