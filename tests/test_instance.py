"""Tests for tllib.instance: KMM, KLIEP, discriminator weights, ESS; the contract tests
run over TrAdaBoost too (its own behaviour: tests/test_tradaboost.py)."""

import numpy as np
import pytest
from scipy.optimize import minimize
from sklearn.linear_model import LogisticRegression
from sklearn.metrics.pairwise import rbf_kernel
from sklearn.utils.estimator_checks import parametrize_with_checks

from tllib.datasets import make_domain_pair
from tllib.evaluate import fit_baseline
from tllib.instance import (
    KLIEP, DiscriminatorReweighting, KernelMeanMatching, effective_sample_size,
    top_weight_share,
)
from tllib.tradaboost import TrAdaBoostClassifier

REWEIGHTING = {
    "KMM": lambda: KernelMeanMatching(),
    "KLIEP": lambda: KLIEP(random_state=0),
    "discriminator": lambda: DiscriminatorReweighting(),
}


@pytest.fixture(scope="module")
def covariate():
    return make_domain_pair("covariate", 0.6, n_target_labelled=0, random_state=0)


@pytest.fixture(scope="module")
def conditional():
    return make_domain_pair("conditional", 0.3, n_target_labelled=20, random_state=0)


def fit(model, pair, labels=True):
    return model.fit(pair.X_source, pair.y_source, Xt=pair.X_target,
                     yt=pair.y_target_visible if labels else None)


# -- reweighting: invariants -----------------------------------------------------------


@pytest.mark.parametrize("name", REWEIGHTING)
def test_weights_are_non_negative_with_mean_one_over_the_source(name, covariate):
    w = fit(REWEIGHTING[name](), covariate).weights_
    assert w.shape == (300,)
    assert np.all(w >= 0)
    assert w.mean() == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("name", REWEIGHTING)
def test_identical_source_and_target_give_weights_of_one(name, covariate):
    # tolerance 1e-3: KMM's QP has beta = 1 as its exact optimum (kappa = K 1), the
    # discriminator cannot tell the domains apart (P = 1/2). KLIEP's sum of kernels on
    # 100 centres is flat only in the bulk: within 0.1 for 90% of the points, down to
    # ~0.6 for a few points in the tails, far from every centre (measured, seed 0)
    X = covariate.X_source
    model = REWEIGHTING[name]().fit(X, covariate.y_source, Xt=X)
    tolerance = {"KMM": 1e-3, "discriminator": 1e-3, "KLIEP": 0.5}[name]
    np.testing.assert_allclose(model.weights_, 1.0, atol=tolerance)
    if name == "KLIEP":
        assert np.quantile(np.abs(model.weights_ - 1), 0.9) < 0.1


@pytest.mark.parametrize("name, spread", [("KMM", 1.2), ("KLIEP", 0.6),
                                          ("discriminator", 0.15)])
def test_without_shift_weights_stay_near_one(name, spread):
    # Two samples of one distribution: no systematic reweighting, only sample noise.
    # The spreads pin what was measured on seed 0 with a margin (std 0.93, 0.41, 0.07):
    # KMM matches the target sample's noise point by point, the discriminator barely.
    pair = make_domain_pair("none", n_target_labelled=0, random_state=0)
    w = fit(REWEIGHTING[name](), pair).weights_
    assert np.std(w) < spread
    assert np.median(w) > 0.3


@pytest.mark.parametrize("name", REWEIGHTING)
def test_without_target_data_the_model_is_the_base_estimator_on_the_source(name, covariate):
    model = REWEIGHTING[name]().fit(covariate.X_source, covariate.y_source)
    source = LogisticRegression().fit(covariate.X_source, covariate.y_source)
    np.testing.assert_array_equal(model.weights_, np.ones(300))
    np.testing.assert_allclose(model.predict_proba(covariate.X_test),
                               source.predict_proba(covariate.X_test))


@pytest.mark.parametrize("name", REWEIGHTING)
def test_labelled_target_points_join_the_fit_with_weight_one(name, covariate):
    pair = make_domain_pair("covariate", 0.6, n_target_labelled=10, random_state=0)
    model = fit(REWEIGHTING[name](), pair)
    Xl, yl = pair.X_target_labelled, pair.y_target_labelled
    expected = LogisticRegression().fit(
        np.vstack([pair.X_source, Xl]), np.r_[pair.y_source, yl],
        sample_weight=np.r_[model.weights_, np.ones(10)])
    np.testing.assert_allclose(model.estimator_.coef_, expected.coef_)


@pytest.mark.parametrize("name", [*REWEIGHTING, "TrAdaBoost"])
def test_fit_does_not_modify_its_inputs(name, conditional):
    X, y = conditional.X_source.copy(), conditional.y_source.copy()
    Xt, yt = conditional.X_target.copy(), conditional.y_target_visible.copy()
    make = REWEIGHTING.get(name, lambda: TrAdaBoostClassifier(random_state=0))
    make().fit(X, y, Xt=Xt, yt=yt)
    for given, original in [(X, conditional.X_source), (y, conditional.y_source),
                            (Xt, conditional.X_target), (yt, conditional.y_target_visible)]:
        np.testing.assert_array_equal(given, original)


def test_kliep_is_deterministic_given_random_state(covariate):
    first = fit(KLIEP(random_state=3), covariate).weights_
    np.testing.assert_array_equal(first, fit(KLIEP(random_state=3), covariate).weights_)
    assert not np.allclose(first, fit(KLIEP(random_state=4), covariate).weights_)


# -- reweighting: oracles ------------------------------------------------------------------


def kmm_by_slsqp(Xs, Xt, gamma, B, eps):
    """The KMM QP written out and handed to a general-purpose solver."""
    n = len(Xs)
    K = rbf_kernel(Xs, Xs, gamma=gamma)
    kappa = n / len(Xt) * rbf_kernel(Xs, Xt, gamma=gamma).sum(axis=1)
    result = minimize(
        lambda b: (0.5 * b @ K @ b - kappa @ b, K @ b - kappa), np.ones(n), jac=True,
        method="SLSQP", bounds=[(0, B)] * n,
        constraints=[{"type": "ineq", "fun": lambda b: n * (1 + eps) - b.sum()},
                     {"type": "ineq", "fun": lambda b: b.sum() - n * (1 - eps)}],
        options={"maxiter": 2000, "ftol": 1e-14})
    return result.x, result.fun


@pytest.mark.parametrize("B, eps", [(1000.0, None), (2.0, None), (1000.0, 0.05)])
def test_kmm_solves_the_qp_like_a_reference_solver(B, eps):
    # 40 points per domain; B=2 makes the box bind, eps=0.05 the sum constraint
    pair = make_domain_pair("covariate", 0.7, n_source=40, n_target=40, random_state=1)
    eps_value = (np.sqrt(40) - 1) / np.sqrt(40) if eps is None else eps
    expected, objective = kmm_by_slsqp(pair.X_source, pair.X_target, 0.5, B, eps_value)
    model = KernelMeanMatching(gamma=0.5, B=B, eps=eps, tol=1e-10, max_iter=50000)
    model.fit(pair.X_source, pair.y_source, Xt=pair.X_target)
    assert model.objective_ == pytest.approx(objective, rel=1e-6)
    np.testing.assert_allclose(model.weights_, expected / expected.mean(), atol=1e-3)


def test_kmm_records_how_fista_stopped(covariate):
    model = fit(KernelMeanMatching(), covariate)
    assert 1 <= model.n_iter_ <= 300 and model.termination_ in ("tol", "max_iter")
    loose = fit(KernelMeanMatching(tol=0.5), covariate)
    assert loose.termination_ == "tol" and loose.n_iter_ < model.n_iter_


def test_kliep_maximises_the_target_likelihood_under_its_constraint(covariate):
    model = KLIEP(gamma=1.0, n_centers=20, tol=1e-12, max_iter=20000, random_state=0)
    fit(model, covariate)
    A = rbf_kernel(covariate.X_target, model.centers_, gamma=1.0)
    b = rbf_kernel(covariate.X_source, model.centers_, gamma=1.0).mean(axis=0)
    assert b @ model.alpha_ == pytest.approx(1.0, abs=1e-12)  # (1/n_s) sum w(x^s) = 1
    reference = minimize(lambda a: -np.mean(np.log(A @ a)), np.ones(20) / b.sum(),
                         method="SLSQP", bounds=[(0, None)] * 20,
                         constraints=[{"type": "eq", "fun": lambda a: b @ a - 1}],
                         options={"maxiter": 2000, "ftol": 1e-14})
    assert np.mean(np.log(A @ model.alpha_)) >= -reference.fun - 1e-6


def test_kliep_cross_validation_keeps_the_best_scoring_width(covariate):
    model = fit(KLIEP(gammas=(0.1, 0.5, 2.0), random_state=0), covariate)
    assert model.cv_scores_.shape == (3,)
    assert model.gamma_ == (0.1, 0.5, 2.0)[int(np.argmax(model.cv_scores_))]


def test_discriminator_weights_follow_the_true_density_ratio_of_two_gaussians():
    # source N(0, I), target N(mu, I): p_t / p_s = exp(mu.x - |mu|^2 / 2)
    rng = np.random.default_rng(0)
    mu = np.array([1.0, -0.5])
    Xs, Xt = rng.standard_normal((2000, 2)), rng.standard_normal((2000, 2)) + mu
    y = (Xs[:, 0] > 0).astype(int)
    truth = np.exp(Xs @ mu - mu @ mu / 2)
    w = DiscriminatorReweighting().fit(Xs, y, Xt=Xt).weights_
    assert np.corrcoef(w, truth / truth.mean())[0, 1] > 0.98
    assert np.corrcoef(np.log(w), np.log(truth))[0, 1] > 0.999


def test_discriminator_weights_are_the_odds_times_the_sample_ratio_capped_at_clip(covariate):
    model = fit(DiscriminatorReweighting(clip=2.0), covariate)
    p = model.discriminator_.predict_proba(covariate.X_source)[:, 1]
    ratio = np.minimum(300 / 300 * p / (1 - p), 2.0)
    assert ratio.max() == 2.0  # the cap binds on this pair
    np.testing.assert_allclose(model.weights_, ratio / ratio.mean())


# -- reweighting: the lesson's claims ------------------------------------------------------


def accuracies(make, shift, strength, seeds=range(8), k=0):
    model, source = [], []
    for seed in seeds:
        p = make_domain_pair(shift, strength, n_target_labelled=k, random_state=seed)
        model.append(fit(make(), p, labels=False).score(p.X_test, p.y_test))
        source.append(fit_baseline("source_only", p).score(p.X_test, p.y_test))
    return np.array(model), np.array(source)


@pytest.mark.parametrize("name", REWEIGHTING)
def test_reweighting_beats_source_only_under_covariate_shift(name):
    # measured at strength 0.6, seeds 0-7: mean gains KMM 0.095, KLIEP 0.095,
    # discriminator 0.094; smallest per-seed gains 0.050, 0.054, 0.036
    model, source = accuracies(REWEIGHTING[name], "covariate", 0.6)
    assert np.all(model > source), model - source
    assert model.mean() > source.mean() + 0.06


@pytest.mark.parametrize("name", REWEIGHTING)
def test_reweighting_cannot_fix_conditional_shift(name):
    # measured at strength 0.5, seeds 0-7: reweighted - source-only = -0.009 (KMM),
    # 0.000 (KLIEP), +0.003 (discriminator) on average; target-only with 50 labels 0.87
    model, source = accuracies(REWEIGHTING[name], "conditional", 0.5)
    target = []
    for seed in range(8):
        p = make_domain_pair("conditional", 0.5, n_target_labelled=50, random_state=seed)
        target.append(fit_baseline("target_only", p).score(p.X_test, p.y_test))
    assert abs(model.mean() - source.mean()) < 0.03
    assert model.mean() < np.mean(target) - 0.25


# -- how much of the source a weighting keeps -------------------------------------------


def test_effective_sample_size_is_n_for_equal_weights_and_1_for_one_point():
    assert effective_sample_size(np.full(50, 0.3)) == pytest.approx(50)
    assert effective_sample_size(np.r_[5.0, np.zeros(9)]) == pytest.approx(1)
    assert effective_sample_size([1, 1, 2]) == pytest.approx(16 / 6)


def test_top_weight_share_is_q_for_equal_weights_and_one_when_a_point_has_it_all():
    assert top_weight_share(np.ones(100), 0.1) == pytest.approx(0.1)
    assert top_weight_share(np.r_[7.0, np.zeros(99)], 0.05) == pytest.approx(1.0)
    assert top_weight_share([1, 3], 0.5) == pytest.approx(0.75)


def test_kmm_keeps_a_smaller_effective_sample_than_the_discriminator(covariate):
    # what the lesson shows: KMM matches the target sample point by point
    kmm = effective_sample_size(fit(KernelMeanMatching(), covariate).weights_)
    disc = effective_sample_size(fit(DiscriminatorReweighting(), covariate).weights_)
    assert kmm < disc < 300


# -- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize("model, error, match", [
    (KernelMeanMatching(gamma=0), ValueError, r"gamma must be a number > 0 or 'scale', got 0"),
    (KernelMeanMatching(gamma="auto"), TypeError, r"gamma must be a number > 0 or 'scale'"),
    (KernelMeanMatching(B=-1.0), ValueError, r"B must be in \(0, inf\), got -1\.0"),
    (KernelMeanMatching(eps=-0.1), ValueError, r"eps must be in \[0, inf\), got -0\.1"),
    (KernelMeanMatching(max_iter=0), ValueError, r"max_iter must be >= 1, got 0"),
    (KernelMeanMatching(tol=0.0), ValueError, r"tol must be in \(0, inf\), got 0\.0"),
    (KLIEP(gamma="scale"), TypeError, r"gamma must be a number > 0 or 'cv', got 'scale'"),
    (KLIEP(gammas=[]), ValueError, r"gammas must be a non-empty sequence of numbers > 0"),
    (KLIEP(gammas=[1.0, -1.0]), ValueError, r"gammas must be .*> 0, got \[1\.0, -1\.0\]"),
    (KLIEP(n_centers=0), ValueError, r"n_centers must be >= 1, got 0"),
    (KLIEP(cv=1), ValueError, r"cv must be >= 2, got 1"),
    (DiscriminatorReweighting(clip=0), ValueError, r"clip must be in \(0, inf\), got 0"),
    (TrAdaBoostClassifier(n_estimators=0), ValueError, r"n_estimators must be >= 1, got 0"),
    (TrAdaBoostClassifier(n_estimators=2.5), TypeError, r"n_estimators must be an integer"),
])
def test_fit_rejects_bad_parameters_naming_them(model, error, match, conditional):
    with pytest.raises(error, match=match):
        fit(model, conditional)


@pytest.mark.parametrize("make", [*REWEIGHTING.values(), TrAdaBoostClassifier])
@pytest.mark.parametrize("target, match", [
    ({"Xt": None, "yt": np.zeros(300)}, r"yt needs Xt: yt labels the rows of Xt; got yt but Xt=None"),
    ({"yt": np.full(300, 2)}, r"yt must hold -1 or the source classes \[0, 1\]; got \[2\]"),
    ({"yt": np.zeros(5)}, r"yt must have one label per row of Xt \(300\); got 5"),
    ({"Xt": np.zeros((300, 3))}, r"Xt must have 2 features like X; got 3"),
])
def test_fit_rejects_bad_target_data_naming_it(make, target, match, conditional):
    kwargs = {"Xt": conditional.X_target, "yt": conditional.y_target_visible, **target}
    with pytest.raises(ValueError, match=match):
        make().fit(conditional.X_source, conditional.y_source, **kwargs)


@pytest.mark.parametrize("weights, match", [
    ([], r"weights must be a non-empty array"),
    ([1.0, -1.0], r"weights must be .*>= 0"),
    ([0.0, 0.0], r"not all 0"),
])
def test_weight_summaries_reject_bad_weights(weights, match):
    with pytest.raises(ValueError, match=match):
        effective_sample_size(weights)


def test_top_weight_share_rejects_q_outside_zero_one():
    with pytest.raises(ValueError, match=r"q must be in \(0, 1\], got 1\.5"):
        top_weight_share([1.0, 2.0], 1.5)


# -- scikit-learn's estimator checks ---------------------------------------------------------

_N_ITER_REASON = (
    "n_iter_ counts solver iterations on the target sample; without target data (as in "
    "the checks) the weights are all 1 and no iteration runs, so n_iter_ is 0 by design."
)
EXPECTED_FAILURES = {
    "KernelMeanMatching": {"check_non_transformer_estimators_n_iter": _N_ITER_REASON},
    "KLIEP": {"check_non_transformer_estimators_n_iter": _N_ITER_REASON},
}


@parametrize_with_checks(
    [KernelMeanMatching(), KLIEP(random_state=0), DiscriminatorReweighting(),
     TrAdaBoostClassifier(random_state=0)],
    expected_failed_checks=lambda estimator: EXPECTED_FAILURES.get(type(estimator).__name__, {}))
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)
