"""Tests for tllib.parameter: L2-SP logistic regression and its regularisation path."""

import numpy as np
import pytest
from scipy.optimize import check_grad, minimize
from sklearn.linear_model import LogisticRegression
from sklearn.utils.estimator_checks import parametrize_with_checks

from tllib.evaluate import fit_baseline
from tllib.parameter import (
    SourcePriorLogisticRegression, _objective_and_gradient, source_prior_path,
)
from tllib.tasks import make_task_pair


@pytest.fixture(scope="module")
def pair():
    return make_task_pair(0.7, n_target_labelled=10, random_state=0)


def fit(pair, **params):
    return SourcePriorLogisticRegression(**params).fit(
        pair.X_source, pair.y_source, Xt=pair.X_target, yt=pair.y_target_visible)


def reference_l2sp(X, y, theta_s, lam):
    """The L2-SP objective written directly, minimised with numerical gradients."""
    s = np.where(y == 1, 1.0, -1.0)

    def objective(params):
        w, b = params[:-1], params[-1]
        return (np.sum(np.log1p(np.exp(-s * (X @ w + b))))
                + lam / 2 * np.sum((params - theta_s) ** 2))

    start = np.zeros(X.shape[1] + 1)
    return minimize(objective, start, method="BFGS", options={"gtol": 1e-9}).x


# -- limits and oracles -------------------------------------------------------------


def test_very_large_source_strength_gives_the_source_weights(pair):
    model = fit(pair, source_strength=1e6)
    np.testing.assert_allclose(model.coef_[0], model.source_coef_, atol=1e-3)


@pytest.mark.parametrize("target", ["none", "all_hidden"])
def test_without_target_labels_the_model_is_exactly_the_source_model(target, pair):
    Xt, yt = (None, None) if target == "none" else (pair.X_target, np.full(300, -1))
    model = SourcePriorLogisticRegression(C=0.5).fit(pair.X_source, pair.y_source,
                                                     Xt=Xt, yt=yt)
    source = LogisticRegression(C=0.5).fit(pair.X_source, pair.y_source)
    np.testing.assert_array_equal(model.coef_, source.coef_)
    np.testing.assert_array_equal(model.intercept_, source.intercept_)
    np.testing.assert_array_equal(model.predict_proba(pair.X_test),
                                  source.predict_proba(pair.X_test))
    assert (model.n_iter_, model.termination_) == (0, "no target labels")


def test_analytic_gradient_matches_finite_differences(pair):
    rng = np.random.default_rng(0)
    X, s = pair.X_target_labelled, np.where(pair.y_target_labelled == 1, 1.0, -1.0)
    theta_s, point = rng.standard_normal(21), rng.standard_normal(21)

    def f(p):
        return _objective_and_gradient(p, X, s, theta_s, 0.3)[0]

    def g(p):
        return _objective_and_gradient(p, X, s, theta_s, 0.3)[1]

    assert check_grad(f, g, point) / np.linalg.norm(g(point)) < 1e-5


@pytest.mark.parametrize("lam", [0.05, 1.0])
def test_fit_matches_a_direct_minimisation_of_the_l2sp_objective(lam, pair):
    model = fit(pair, source_strength=lam)
    theta_s = np.append(model.source_coef_, model.source_intercept_)
    expected = reference_l2sp(pair.X_target_labelled, pair.y_target_labelled, theta_s, lam)
    np.testing.assert_allclose(model.coef_[0], expected[:-1], atol=1e-4)
    np.testing.assert_allclose(model.intercept_[0], expected[-1], atol=1e-4)


def test_a_strong_pull_keeps_the_intercept_at_the_source_intercept(pair):
    model = fit(pair, source_strength=1e6)
    assert model.intercept_[0] == pytest.approx(model.source_intercept_, abs=1e-3)


def test_fit_records_the_optimisers_stopping_reason(pair):
    model = fit(pair)
    assert model.n_iter_ >= 1
    assert "CONVERGENCE" in model.termination_


def test_predict_proba_is_the_sigmoid_of_the_decision_function(pair):
    model = fit(pair)
    d = model.decision_function(pair.X_test)
    np.testing.assert_allclose(model.predict_proba(pair.X_test)[:, 1], 1 / (1 + np.exp(-d)))
    np.testing.assert_array_equal(model.predict(pair.X_test), (d > 0).astype(int))


def test_fit_does_not_modify_its_inputs(pair):
    X, y = pair.X_source.copy(), pair.y_source.copy()
    Xt, yt = pair.X_target.copy(), pair.y_target_visible.copy()
    SourcePriorLogisticRegression().fit(X, y, Xt=Xt, yt=yt)
    for given, original in [(X, pair.X_source), (y, pair.y_source), (Xt, pair.X_target),
                            (yt, pair.y_target_visible)]:
        np.testing.assert_array_equal(given, original)


def test_fit_accepts_read_only_inputs(pair):
    model = fit(pair)  # the pair's arrays are read-only
    assert model.coef_.shape == (1, 20) and model.intercept_.shape == (1,)


# -- the path -----------------------------------------------------------------------

STRENGTHS = np.logspace(-3, 3, 7)


@pytest.fixture(scope="module")
def path(pair):
    return source_prior_path(pair.X_source, pair.y_source, pair.X_target,
                             pair.y_target_visible, STRENGTHS)


def test_path_rows_equal_individual_fits(path, pair):
    assert path.shape == (len(STRENGTHS), 20)
    for row, lam in zip(path, STRENGTHS):
        np.testing.assert_allclose(row, fit(pair, source_strength=lam).coef_[0], atol=1e-4)


def test_path_moves_monotonically_towards_the_source_weights(path, pair):
    w_s = fit(pair).source_coef_
    distance = np.linalg.norm(path - w_s, axis=1)
    assert np.all(np.diff(distance) < 0), distance


def test_path_without_target_labels_is_the_source_weights_on_every_row(pair):
    path = source_prior_path(pair.X_source, pair.y_source, None, None, [0.1, 1.0])
    source = LogisticRegression().fit(pair.X_source, pair.y_source).coef_[0]
    np.testing.assert_array_equal(path, [source, source])


@pytest.mark.parametrize("strengths, error, match", [
    ([], ValueError, r"strengths must be a non-empty sequence of numbers"),
    (["big"], TypeError, r"strengths must hold numbers"),
    ([1.0, 0.0], ValueError, r"strengths must all be finite numbers > 0, got \[1\.0, 0\.0\]"),
    ([1.0, -2.0], ValueError, r"strengths must all be finite numbers > 0"),
    ([np.inf], ValueError, r"strengths must hold finite numbers"),
])
def test_path_rejects_bad_strengths_naming_them(strengths, error, match, pair):
    with pytest.raises(error, match=match):
        source_prior_path(pair.X_source, pair.y_source, None, None, strengths)


# -- the lesson's claim -------------------------------------------------------------


def mean_accuracies(relatedness, seeds=range(5)):
    transfer, target = [], []
    for seed in seeds:
        p = make_task_pair(relatedness, n_target_labelled=10, random_state=seed)
        transfer.append(fit(p).score(p.X_test, p.y_test))
        target.append(fit_baseline("target_only", p).score(p.X_test, p.y_test))
    return np.mean(transfer), np.mean(target)


def test_l2sp_beats_target_only_by_5_points_on_closely_related_tasks():
    transfer, target = mean_accuracies(0.95)
    assert transfer > target + 0.05, (transfer, target)


def test_l2sp_is_worse_than_target_only_on_nearly_opposite_tasks():
    transfer, target = mean_accuracies(0.1)
    assert transfer < target, (transfer, target)


# -- errors -------------------------------------------------------------------------


@pytest.mark.parametrize("params, error, match", [
    ({"source_strength": 0.0}, ValueError, r"source_strength must be in \(0, inf\), got 0\.0"),
    ({"source_strength": -1}, ValueError, r"source_strength must be in \(0, inf\), got -1"),
    ({"source_strength": "strong"}, TypeError, r"source_strength must be a number"),
    ({"C": 0}, ValueError, r"C must be in \(0, inf\), got 0"),
    ({"max_iter": 0}, ValueError, r"max_iter must be >= 1, got 0"),
    ({"tol": -1e-3}, ValueError, r"tol must be in \(0, inf\), got -0\.001"),
])
def test_fit_rejects_bad_parameters_naming_them(params, error, match, pair):
    with pytest.raises(error, match=match):
        fit(pair, **params)


def test_fit_rejects_more_than_two_classes_naming_y_and_the_classes():
    X = np.random.default_rng(0).standard_normal((30, 2))
    with pytest.raises(ValueError, match=r"y must hold exactly 2 classes, got 3 classes: "
                                         r"\[0, 1, 2\]"):
        SourcePriorLogisticRegression().fit(X, np.arange(30) % 3)


@pytest.mark.parametrize("target, match", [
    ({"yt": np.full(300, 2)}, r"yt must hold -1 or the source classes \[0, 1\]; got \[2\]"),
    ({"yt": np.zeros(5)}, r"yt must have one label per row of Xt \(300\); got 5"),
])
def test_fit_rejects_bad_target_data_naming_it(target, match, pair):
    with pytest.raises(ValueError, match=match):
        SourcePriorLogisticRegression().fit(pair.X_source, pair.y_source,
                                            Xt=pair.X_target, **target)


def test_fit_rejects_yt_without_xt_naming_both(pair):
    with pytest.raises(ValueError, match=r"yt needs Xt: yt labels the rows of Xt"):
        SourcePriorLogisticRegression().fit(pair.X_source, pair.y_source, yt=pair.y_target)


def test_fit_with_unlabelled_target_only_is_the_source_model(pair):
    model = SourcePriorLogisticRegression().fit(pair.X_source, pair.y_source,
                                                Xt=pair.X_target)
    np.testing.assert_array_equal(model.coef_[0], model.source_coef_)
    assert model.termination_ == "no target labels"


def test_fit_rejects_target_features_that_differ_from_the_source(pair):
    with pytest.raises(ValueError, match=r"Xt must have 20 features like X; got 3"):
        SourcePriorLogisticRegression().fit(pair.X_source, pair.y_source,
                                            Xt=pair.X_target[:, :3], yt=pair.y_target)


# -- scikit-learn's estimator checks --------------------------------------------------

EXPECTED_FAILURES = {
    "check_non_transformer_estimators_n_iter": (
        "n_iter_ counts L-BFGS-B iterations on the target; without target data (as in the "
        "checks) none run, so n_iter_ is 0 by design."
    ),
}


@parametrize_with_checks([SourcePriorLogisticRegression()],
                         expected_failed_checks=lambda estimator: EXPECTED_FAILURES)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)
