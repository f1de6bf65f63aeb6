"""tllib.linear: batched Newton logistic regression against its references."""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from tllib.linear import accuracy, as_estimator, fit_logistic
from tllib.parameter import SourcePriorLogisticRegression
from tllib.tasks import make_task_pair


def problem(seed, n=200, d=2):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = (X @ rng.normal(size=d) + 0.5 * rng.normal(size=n) > 0).astype(int)
    return X, y


@pytest.mark.parametrize("C", [0.1, 1.0, 10.0])
def test_one_problem_matches_scikit_learns_logistic_regression(C):
    X, y = problem(0)
    coef, intercept = fit_logistic(X, y, alpha=1 / C)
    reference = LogisticRegression(C=C, tol=1e-10, max_iter=1000).fit(X, y)
    np.testing.assert_allclose(coef[0], reference.coef_[0], atol=1e-5)
    np.testing.assert_allclose(intercept[0], reference.intercept_[0], atol=1e-5)


def test_sample_weights_match_scikit_learn_and_zero_drops_a_point():
    X, y = problem(1)
    weights = np.random.default_rng(1).uniform(0, 3, size=len(y))
    weights[:50] = 0
    coef, intercept = fit_logistic(X, y, weights)
    reference = LogisticRegression(tol=1e-10).fit(X[50:], y[50:], sample_weight=weights[50:])
    np.testing.assert_allclose(coef[0], reference.coef_[0], atol=1e-5)
    np.testing.assert_allclose(intercept[0], reference.intercept_[0], atol=1e-5)


def test_a_batch_equals_its_problems_fitted_one_by_one():
    problems = [problem(seed) for seed in range(4)]
    X = np.stack([p[0] for p in problems])
    y = np.stack([p[1] for p in problems])
    coef, intercept = fit_logistic(X, y)
    for b, (Xb, yb) in enumerate(problems):
        one_coef, one_intercept = fit_logistic(Xb, yb)
        np.testing.assert_allclose(coef[b], one_coef[0], atol=1e-8)
        np.testing.assert_allclose(intercept[b], one_intercept[0], atol=1e-8)


def test_a_shared_X_with_a_batch_of_weights_fits_one_problem_per_row():
    X, y = problem(2)
    weights = np.stack([np.ones(len(y)), np.r_[np.ones(100), np.zeros(100)]])
    coef, _ = fit_logistic(X, y, weights)
    first_half = LogisticRegression(tol=1e-10).fit(X[:100], y[:100])
    np.testing.assert_allclose(coef[1], first_half.coef_[0], atol=1e-5)


def test_the_source_prior_matches_l2sp():
    pair = make_task_pair(0.6, n_target_labelled=12, random_state=0)
    reference = SourcePriorLogisticRegression(0.5, tol=1e-10).fit(
        pair.X_source, pair.y_source, Xt=pair.X_target, yt=pair.y_target_visible)
    coef, intercept = fit_logistic(
        pair.X_target_labelled, pair.y_target_labelled, alpha=0.5, alpha_intercept=0.5,
        coef_init=reference.source_coef_, intercept_init=reference.source_intercept_)
    np.testing.assert_allclose(coef[0], reference.coef_[0], atol=1e-5)
    np.testing.assert_allclose(intercept[0], reference.intercept_[0], atol=1e-5)


def test_separable_data_with_a_weak_penalty_still_converges_to_a_finite_model():
    X = np.array([[-2.0, 0.0], [-1.0, 0.5], [1.0, -0.5], [2.0, 0.0]])
    coef, intercept = fit_logistic(X, [0, 0, 1, 1], alpha=1e-3)
    assert np.all(np.isfinite(coef)) and np.isfinite(intercept).all()
    assert accuracy(coef, intercept, X, np.array([0, 0, 1, 1]))[0] == 1.0


def test_accuracy_and_as_estimator_agree_with_scikit_learns_score():
    X, y = problem(3)
    coef, intercept = fit_logistic(X, y)
    model = as_estimator(coef[0], intercept[0])
    assert accuracy(coef, intercept, X, y)[0] == pytest.approx(model.score(X, y))
    assert model.predict_proba(X).shape == (len(y), 2)


@pytest.mark.parametrize("kwargs, match", [
    (dict(alpha=0.0), r"alpha must be in \(0, inf\), got 0.0"),
    (dict(alpha_intercept=-1.0), r"alpha_intercept must be in \[0, inf\)"),
    (dict(sample_weight=-np.ones(200)), r"sample_weight must be finite and >= 0"),
])
def test_bad_arguments_are_refused_by_name(kwargs, match):
    X, y = problem(4)
    with pytest.raises(ValueError, match=match):
        fit_logistic(X, y, **kwargs)


def test_labels_other_than_zero_and_one_are_refused():
    X, y = problem(5)
    with pytest.raises(ValueError, match="y must hold labels 0 and 1 only"):
        fit_logistic(X, 2 * y - 1)
