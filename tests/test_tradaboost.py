"""Tests for tllib.tradaboost: TrAdaBoost as Dai et al. (2007) wrote it, round by round."""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.tree import DecisionTreeClassifier

from tllib.datasets import make_domain_pair
from tllib.evaluate import fit_baseline
from tllib.tradaboost import TrAdaBoostClassifier, source_weight_share


@pytest.fixture(scope="module")
def conditional():
    return make_domain_pair("conditional", 0.3, n_target_labelled=20, random_state=0)


def fit(model, pair, labels=True):
    return model.fit(pair.X_source, pair.y_source, Xt=pair.X_target,
                     yt=pair.y_target_visible if labels else None)



@pytest.fixture(scope="module")
def boosted(conditional):
    return fit(TrAdaBoostClassifier(n_estimators=10, random_state=0), conditional)


def test_tradaboost_history_has_one_record_per_round(boosted):
    assert len(boosted.history_) == 10 == len(boosted.estimators_) == boosted.n_iter_
    assert boosted.betas_.shape == boosted.errors_.shape == (10,)
    assert [r.beta for r in boosted.history_] == list(boosted.betas_)


def test_tradaboost_round_weights_are_a_distribution_over_source_and_target(boosted):
    for record in boosted.history_:
        assert record.weights.shape == record.mistakes.shape == (300 + 20,)
        assert np.all(record.weights > 0)
        assert record.weights.sum() == pytest.approx(1.0, abs=1e-12)
    assert boosted.history_[0].weights == pytest.approx(np.full(320, 1 / 320))


def test_tradaboost_misleading_source_points_lose_weight_round_after_round(boosted):
    beta = boosted.beta_source_
    for before, after in zip(boosted.history_, boosted.history_[1:]):
        # w_i <- w_i beta^|h - c| for source points, then a common renormalisation
        source_ratio = after.weights[:300] / before.weights[:300]
        wrong = before.mistakes[:300]
        assert wrong.any() and (~wrong).any()
        np.testing.assert_allclose(source_ratio[wrong] / source_ratio[~wrong][0], beta)
        assert np.all(source_ratio[wrong] < source_ratio[~wrong].min())


def test_tradaboost_misclassified_target_points_gain_weight_by_one_over_beta_t(boosted):
    before, after = boosted.history_[0], boosted.history_[1]
    ratio = after.weights[300:] / before.weights[300:]
    wrong = before.mistakes[300:]
    right_ratio = ratio[~wrong][0]
    np.testing.assert_allclose(ratio[wrong] / right_ratio, 1 / before.beta)


def test_tradaboost_errors_are_the_weighted_target_error_of_each_round(boosted, conditional):
    Xl = conditional.X_target_labelled
    c = conditional.y_target_labelled
    for record in boosted.history_:
        p = record.weights[300:]
        wrong = record.estimator.predict(Xl) != c
        assert record.error == pytest.approx(p @ wrong / p.sum())


def test_tradaboost_beta_source_follows_the_paper():
    # beta = 1 / (1 + sqrt(2 ln n / N)) with n = 300 source points, N = 10 rounds
    pair = make_domain_pair("conditional", 0.3, n_target_labelled=20, random_state=0)
    model = fit(TrAdaBoostClassifier(n_estimators=10), pair)
    assert model.beta_source_ == pytest.approx(1 / (1 + np.sqrt(2 * np.log(300) / 10)))


def test_tradaboost_predicts_by_the_papers_vote_over_the_second_half(boosted, conditional):
    X = conditional.X_test
    rounds = range(4, 10)  # t = ceil(10/2) .. 10, counted from 0
    lhs = sum(-np.log(boosted.betas_[t]) * boosted.estimators_[t].predict(X) for t in rounds)
    rhs = sum(-0.5 * np.log(boosted.betas_[t]) for t in rounds)
    np.testing.assert_array_equal(boosted.predict(X), (lhs >= rhs).astype(int))


def test_tradaboost_keeps_the_error_below_one_half_when_a_round_is_no_better_than_chance():
    pair = make_domain_pair("conditional", 0.5, n_target_labelled=20, random_state=0)
    model = fit(TrAdaBoostClassifier(random_state=0), pair)
    assert model.errors_.max() >= 0.5  # rounds stuck at chance on this pair (measured)
    assert np.all(model.betas_ < 1) and np.all(model.betas_ > 0)


def test_tradaboost_is_deterministic_given_random_state(conditional):
    a = fit(TrAdaBoostClassifier(DecisionTreeClassifier(max_features=1), random_state=5),
            conditional)
    b = fit(TrAdaBoostClassifier(DecisionTreeClassifier(max_features=1), random_state=5),
            conditional)
    np.testing.assert_array_equal(a.errors_, b.errors_)
    np.testing.assert_array_equal(a.predict(conditional.X_test), b.predict(conditional.X_test))


@pytest.mark.parametrize("yt", ["none", "all_hidden"])
def test_tradaboost_without_target_labels_is_the_base_estimator_on_the_source(yt, conditional):
    target = None if yt == "none" else np.full(300, -1)
    model = TrAdaBoostClassifier(LogisticRegression()).fit(
        conditional.X_source, conditional.y_source, Xt=conditional.X_target, yt=target)
    source = LogisticRegression().fit(conditional.X_source, conditional.y_source)
    np.testing.assert_array_equal(model.predict(conditional.X_test),
                                  source.predict(conditional.X_test))
    assert model.history_ == [] and model.n_iter_ == 0


def test_tradaboost_beats_source_only_and_ties_target_only_under_conditional_shift():
    # measured at strength 0.3 with 20 target labels, seeds 0-9: TrAdaBoost 0.872,
    # target-only 0.855, source-only 0.683 (per seed vs target-only: -0.06 .. +0.08)
    boost, source, target = [], [], []
    for seed in range(10):
        p = make_domain_pair("conditional", 0.3, n_target_labelled=20, random_state=seed)
        boost.append(fit(TrAdaBoostClassifier(random_state=0), p).score(p.X_test, p.y_test))
        source.append(fit_baseline("source_only", p).score(p.X_test, p.y_test))
        target.append(fit_baseline("target_only", p).score(p.X_test, p.y_test))
    assert np.mean(boost) > np.mean(source) + 0.12
    assert np.mean(boost) > np.mean(target) - 0.02



def test_tradaboost_rejects_more_than_two_classes_naming_y():
    X = np.random.default_rng(0).standard_normal((30, 2))
    with pytest.raises(ValueError, match=r"y must hold exactly 2 classes, got 3 classes"):
        TrAdaBoostClassifier().fit(X, np.arange(30) % 3)



def test_source_weight_share_is_a_fraction_per_round_that_sums_to_one_with_its_complement(
        boosted, conditional):
    mask = conditional.target_rule(conditional.X_source) != conditional.y_source
    share = source_weight_share(boosted, mask)
    assert share.shape == (10,)
    np.testing.assert_allclose(share + source_weight_share(boosted, ~mask), 1.0)


def test_the_misleading_source_points_share_of_the_weight_shrinks():
    pair = make_domain_pair("conditional", 0.3, n_target_labelled=10, random_state=0)
    model = fit(TrAdaBoostClassifier(n_estimators=10, random_state=0), pair)
    share = source_weight_share(model, pair.target_rule(pair.X_source) != pair.y_source)
    assert share[-1] < share[0] - 0.1  # measured 34 % -> 18 %
