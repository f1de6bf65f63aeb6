"""Tests for tllib.negative: weighted pooling, the gain map and sweep, and the detector."""

from dataclasses import replace

import numpy as np
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

from tllib.evaluate import fit_baseline
from tllib.negative import (
    GainMap, detect_negative_transfer, detector_record, detector_records, fit_weighted_pooling,
    gain_map, gain_sweep, transfer_trial,
)
from tllib.parameter import SourcePriorLogisticRegression
from tllib.tasks import make_task_pair


class WeightRecorder(ClassifierMixin, BaseEstimator):
    """A stand-in classifier that remembers the sample weights ``fit`` was given."""

    def fit(self, X, y, sample_weight=None):
        self.classes_ = np.unique(y)
        self.sample_weight_ = np.array(sample_weight)
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])


@pytest.fixture(autouse=True, scope="module")
def one_blas_thread():
    """These tests fit ~1,500 small logistic regressions; on 2 busy cores OpenBLAS's
    threads fight and made this file 3x slower (results are the same)."""
    with threadpool_limits(1, user_api="blas"):
        yield


@pytest.fixture(scope="module")
def pair():
    return make_task_pair(0.5, n_target_labelled=10, random_state=0)


def accuracy(model, pair):
    return model.score(pair.X_test, pair.y_test)


# -- fit_weighted_pooling -------------------------------------------------------------


def test_share_zero_is_exactly_a_logistic_regression_on_the_target_labels(pair):
    model = fit_weighted_pooling(pair, 0.0)
    expected = LogisticRegression().fit(pair.X_target_labelled, pair.y_target_labelled)
    np.testing.assert_array_equal(model.predict_proba(pair.X_test),
                                  expected.predict_proba(pair.X_test))


@pytest.mark.parametrize("share", [0.1, 0.5, 0.9])
def test_the_source_holds_its_share_of_the_total_weight(share, pair):
    weights = fit_weighted_pooling(pair, share, WeightRecorder()).sample_weight_
    n_source = len(pair.y_source)
    assert weights[:n_source].sum() / weights.sum() == pytest.approx(share)
    np.testing.assert_array_equal(weights[n_source:], 1.0)
    assert np.ptp(weights[:n_source]) == 0  # every source point weighs the same


def test_blind_share_gives_every_point_weight_one(pair):
    n_source, k = len(pair.y_source), int(pair.target_labelled.sum())
    weights = fit_weighted_pooling(pair, n_source / (n_source + k),
                                   WeightRecorder()).sample_weight_
    np.testing.assert_allclose(weights, 1.0, rtol=1e-12)


def test_share_none_is_blind_pooling_every_point_weight_one(pair):
    weights = fit_weighted_pooling(pair, None, WeightRecorder()).sample_weight_
    np.testing.assert_array_equal(weights, 1.0)


@pytest.mark.parametrize("share, error, match", [
    (1.0, ValueError, r"source_share must be in \[0, 1\), got 1\.0"),
    (-0.1, ValueError, r"source_share must be in \[0, 1\), got -0\.1"),
    (float("nan"), ValueError, r"source_share must be in \[0, 1\), got nan"),
    ("half", TypeError, r"source_share must be a number, got str 'half'"),
])
def test_fit_weighted_pooling_rejects_a_bad_share_naming_it(share, error, match, pair):
    with pytest.raises(error, match=match):
        fit_weighted_pooling(pair, share)


def test_fit_weighted_pooling_without_target_labels_raises():
    unlabelled = make_task_pair(n_target_labelled=0, random_state=1)
    with pytest.raises(ValueError, match="needs at least one labelled target point; got 0"):
        fit_weighted_pooling(unlabelled, 0.5)


# -- gain_map -------------------------------------------------------------------------

RELATEDNESS = [0.1, 0.2, 0.5, 0.9, 0.95]
SHARES = [0.0, 0.5, 0.9]
SEEDS = range(5)


@pytest.fixture(scope="module")
def the_map():
    return gain_map(RELATEDNESS, SHARES, seeds=SEEDS)


def test_gain_map_has_a_row_per_share_and_a_column_per_relatedness(the_map):
    np.testing.assert_array_equal(the_map.relatedness, RELATEDNESS)
    np.testing.assert_array_equal(the_map.source_shares, SHARES)
    assert the_map.gain_mean.shape == the_map.gain_std.shape == (3, 5)
    assert the_map.target_only.shape == (5,)


def test_gain_map_at_share_zero_is_exactly_zero_everywhere(the_map):
    np.testing.assert_array_equal(the_map.gain_mean[0], 0.0)
    np.testing.assert_array_equal(the_map.gain_std[0], 0.0)


def test_gain_map_cell_equals_pooling_minus_target_only_averaged_over_seeds(the_map):
    gains, base = [], []
    for seed in SEEDS:
        p = make_task_pair(0.2, n_target_labelled=10, random_state=seed)
        base.append(accuracy(fit_baseline("target_only", p), p))
        gains.append(accuracy(fit_weighted_pooling(p, 0.5), p) - base[-1])
    # The map fits with tllib.linear's batched Newton (to 1e-6), scikit-learn with
    # lbfgs: the two boundaries may disagree on a test point or two of 1,000.
    assert the_map.gain_mean[1, 1] == pytest.approx(np.mean(gains), abs=0.002)
    assert the_map.gain_std[1, 1] == pytest.approx(np.std(gains), abs=0.002)
    assert the_map.target_only[1] == pytest.approx(np.mean(base), abs=0.002)


def test_gain_map_shows_positive_transfer_for_closely_related_tasks_at_share_0_9(the_map):
    assert np.all(the_map.gain_mean[2, 3:] > 0), the_map.gain_mean[2]


def test_gain_map_shows_negative_transfer_for_unrelated_tasks_at_share_0_9(the_map):
    assert np.all(the_map.gain_mean[2, :2] < 0), the_map.gain_mean[2]


def test_gain_map_rejects_a_relatedness_outside_0_1_naming_it():
    with pytest.raises(ValueError, match=r"relatedness must be in \[0, 1\], got 1\.2"):
        gain_map([0.5, 1.2], [0.5], seeds=[0])


def test_gain_map_rejects_a_share_of_one_naming_source_shares():
    with pytest.raises(ValueError, match=r"source_shares must be in \[0, 1\), got 1\.0"):
        gain_map([0.5], [0.0, 1.0], seeds=[0])


# -- gain_sweep -----------------------------------------------------------------------

SWEEP_RELATEDNESS = [0.1, 0.95]


@pytest.fixture(scope="module", params=["l2sp", "pooling"])
def sweep(request):
    return request.param, gain_sweep(SWEEP_RELATEDNESS, learner=request.param,
                                     source_share=0.9, seeds=range(4))


def test_gain_sweep_gain_is_transfer_minus_target_only(sweep):
    _, curves = sweep
    assert set(curves.mean) == {"gain", "transfer", "target_only"}
    np.testing.assert_allclose(curves.scores["gain"],
                               curves.scores["transfer"] - curves.scores["target_only"])


def test_gain_sweep_goes_from_negative_to_positive_as_tasks_grow_related(sweep):
    _, curves = sweep
    assert curves.mean["gain"][0] < 0 < curves.mean["gain"][1], curves.mean["gain"]


def test_gain_sweep_transfer_is_the_requested_learners_accuracy(sweep):
    learner, curves = sweep
    p = make_task_pair(0.95, n_target_labelled=10, random_state=3)
    if learner == "pooling":
        model = fit_weighted_pooling(p, 0.9)
    else:
        model = SourcePriorLogisticRegression(1.0).fit(p.X_source, p.y_source,
                                                       Xt=p.X_target, yt=p.y_target_visible)
    assert curves.scores["transfer"][3, 1] == pytest.approx(accuracy(model, p))


@pytest.mark.parametrize("kwargs, error, match", [
    ({"learner": "magic"}, ValueError, r"learner must be one of l2sp, pooling; got 'magic'"),
    ({"learner": "pooling", "source_share": 1.5}, ValueError,
     r"source_share must be in \[0, 1\), got 1\.5"),
    ({"learner": "l2sp", "source_strength": 0.0}, ValueError,
     r"source_strength must be in \(0, inf\), got 0\.0"),
])
def test_gain_sweep_rejects_bad_arguments_naming_them(kwargs, error, match):
    with pytest.raises(error, match=match):
        gain_sweep([0.5], seeds=[0], **kwargs)


# -- detect_negative_transfer ---------------------------------------------------------


def test_detector_at_share_zero_estimates_a_gain_of_exactly_zero(pair):
    detection = detect_negative_transfer(pair, source_share=0.0)
    assert detection.estimated_gain == 0.0
    assert detection.transfer_cv == detection.target_only_cv
    assert detection.negative is False


def test_detector_gain_is_transfer_minus_target_only_and_negative_means_below_zero(pair):
    detection = detect_negative_transfer(pair, source_share=0.9)
    assert detection.estimated_gain == pytest.approx(
        detection.transfer_cv - detection.target_only_cv)
    assert detection.negative == (detection.estimated_gain < 0)
    assert detection.reason == ""


def test_detector_uses_no_more_folds_than_the_smallest_class_count():
    p = make_task_pair(0.5, n_target_labelled=6, random_state=2)
    smallest = np.bincount(p.y_target_labelled).min()
    assert detect_negative_transfer(p, source_share=0.5).n_splits == min(5, smallest)


def test_detector_with_a_class_seen_once_declines_to_call_it_and_says_why():
    p = make_task_pair(0.5, n_target_labelled=3, random_state=3)  # counts 1 and 2
    detection = detect_negative_transfer(p, source_share=0.5)
    assert detection.negative is False and detection.n_splits == 0
    assert np.isnan(detection.estimated_gain)
    assert detection.reason.startswith("too few labels")


def test_detector_does_not_look_at_the_hidden_target_labels(pair):
    # Relabelling every hidden target point must not change the estimate.
    y = np.where(pair.target_labelled, pair.y_target, 1 - pair.y_target)
    scrambled = replace(pair, y_target=y)
    assert (detect_negative_transfer(scrambled, source_share=0.9)
            == detect_negative_transfer(pair, source_share=0.9))


@pytest.mark.parametrize("kwargs, match", [
    ({"source_share": 1.0}, r"source_share must be in \[0, 1\), got 1\.0"),
    ({"source_share": 0.5, "n_splits": 1}, r"n_splits must be >= 2, got 1"),
])
def test_detector_rejects_bad_arguments_naming_them(kwargs, match, pair):
    with pytest.raises(ValueError, match=match):
        detect_negative_transfer(pair, **kwargs)


# -- detector_record ------------------------------------------------------------------


@pytest.fixture(scope="module")
def record():
    return detector_record(0.3, 0.8, n_target_labelled=20, seeds=range(6))


def test_record_confusion_counts_sum_to_the_number_of_seeds(record):
    assert record.n == 6
    assert (record.true_positives + record.false_positives + record.false_negatives
            + record.true_negatives) == 6
    assert record.n_correct == record.true_positives + record.true_negatives
    assert record.accuracy == pytest.approx(record.n_correct / 6)


def test_record_truly_negative_is_a_negative_true_gain(record):
    np.testing.assert_array_equal(record.truly_negative, record.true_gain < 0)


def test_record_entries_are_the_detector_and_the_test_gain_for_each_seed(record):
    p = make_task_pair(0.3, n_target_labelled=20, random_state=4)
    detection = detect_negative_transfer(p, source_share=0.8, random_state=4)
    true_gain = (accuracy(fit_weighted_pooling(p, 0.8), p)
                 - accuracy(fit_baseline("target_only", p), p))
    assert record.true_gain[4] == pytest.approx(true_gain)
    assert record.estimated_gain[4] == pytest.approx(detection.estimated_gain)
    assert record.detected[4] == detection.negative


# Measured on these 100 seeded cases: the detector's call matched the sign of the true
# gain in 80 (100% at r=0.1, 95% at 0.3, 80% at 0.5, 40% at 0.7, where the true gain is
# near zero, and 85% at 0.9). The test allows a margin of 5.
def test_detector_matches_the_true_sign_in_at_least_75_of_100_seeded_cases():
    records = [detector_record(r, 0.8, n_target_labelled=20, seeds=range(20))
               for r in (0.1, 0.3, 0.5, 0.7, 0.9)]
    assert sum(r.n_correct for r in records) >= 75, [r.n_correct for r in records]


def test_harmful_share_is_where_the_mean_gain_turns_negative_for_good():
    gmap = GainMap(relatedness=np.array([0.2, 0.8]), source_shares=np.array([0.0, 0.5, 1.0]),
                   gain_mean=np.array([[0.0, 0.0], [0.1, 0.2], [-0.1, 0.3]]),
                   gain_std=np.zeros((3, 2)), target_only=np.full(2, 0.6))
    assert gmap.harmful_share(0.2) == pytest.approx(0.75)
    assert np.isnan(gmap.harmful_share(0.8))


def test_harmful_share_is_zero_when_any_trust_in_the_source_hurts():
    gmap = GainMap(relatedness=np.array([0.1]), source_shares=np.array([0.0, 0.5, 0.9]),
                   gain_mean=np.array([[0.0], [-0.1], [-0.3]]), gain_std=np.zeros((3, 1)),
                   target_only=np.full(1, 0.6))
    assert gmap.harmful_share(0.1) == 0.0


# -- the detector's folds and fits (tllib.detect) -----------------------------------


@pytest.mark.parametrize("seed", range(6))
def test_stratified_folds_are_scikit_learns_stratified_k_fold(seed):
    from sklearn.model_selection import StratifiedKFold
    from tllib.detect import stratified_folds
    y = np.random.default_rng(seed).choice([0, 1, 2][:2 + seed % 2], 5 + 4 * seed)
    splits = min(5, np.bincount(y).min())
    ours = stratified_folds(y, 5, seed)
    if splits < 2:
        assert ours == []
        return
    reference = StratifiedKFold(splits, shuffle=True, random_state=seed).split(y[:, None], y)
    for (train, held), (train_ref, held_ref) in zip(ours, reference, strict=True):
        np.testing.assert_array_equal(train, train_ref)
        np.testing.assert_array_equal(held, held_ref)


@pytest.mark.parametrize("share", [0.5, 0.9])
def test_detector_estimate_is_cross_validation_with_scikit_learn(share):
    # The batched, warm-started fits give what fitting each fold from scratch gives.
    from sklearn.model_selection import StratifiedKFold
    p = make_task_pair(0.4, n_target_labelled=20, random_state=5)
    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    transfer, scratch = [], []
    for train, held in folds.split(p.X_target_labelled, p.y_target_labelled):
        labelled = np.flatnonzero(p.target_labelled)
        fold_pair = replace(p, target_labelled=np.isin(np.arange(len(p.y_target)),
                                                        labelled[train]))
        X_held, y_held = p.X_target_labelled[held], p.y_target_labelled[held]
        transfer.append(fit_weighted_pooling(fold_pair, share).score(X_held, y_held))
        scratch.append(fit_baseline("target_only", fold_pair).score(X_held, y_held))
    detection = detect_negative_transfer(p, source_share=share)
    assert detection.transfer_cv == pytest.approx(np.mean(transfer))
    assert detection.target_only_cv == pytest.approx(np.mean(scratch))


# -- the detector judging L2-SP, and blind pooling ---------------------------------


def l2sp(p, strength=1.0):
    return SourcePriorLogisticRegression(strength).fit(p.X_source, p.y_source,
                                                       Xt=p.X_target, yt=p.y_target_visible)


def test_transfer_trial_of_l2sp_is_source_prior_logistic_regression_against_target_only():
    p = make_task_pair(0.3, n_target_labelled=10, random_state=7)
    transfer, target, _ = transfer_trial(p, learner="l2sp", source_strength=2.0)
    assert transfer == pytest.approx(accuracy(l2sp(p, 2.0), p))
    assert target == pytest.approx(accuracy(fit_baseline("target_only", p), p))


def test_transfer_trial_of_blind_pooling_weighs_every_point_one():
    p = make_task_pair(0.3, n_target_labelled=10, random_state=7)
    transfer, _, _ = transfer_trial(p, learner="pooling", source_share=None)
    assert transfer == pytest.approx(accuracy(fit_weighted_pooling(p, None), p))


@pytest.mark.parametrize("learner", ["l2sp", "blind"])
def test_detector_estimate_of_each_learner_is_cross_validation_with_scikit_learn(learner):
    # The batched, warm-started fold fits give what fitting each fold from scratch gives.
    from sklearn.model_selection import StratifiedKFold
    p = make_task_pair(0.4, n_target_labelled=20, random_state=5)
    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    transfer = []
    for train, held in folds.split(p.X_target_labelled, p.y_target_labelled):
        labelled = np.flatnonzero(p.target_labelled)
        fold_pair = replace(p, target_labelled=np.isin(np.arange(len(p.y_target)),
                                                        labelled[train]))
        model = l2sp(fold_pair) if learner == "l2sp" else fit_weighted_pooling(fold_pair, None)
        transfer.append(model.score(p.X_target_labelled[held], p.y_target_labelled[held]))
    kwargs = dict(learner="l2sp") if learner == "l2sp" else dict(source_share=None)
    assert detect_negative_transfer(p, **kwargs).transfer_cv == pytest.approx(np.mean(transfer))


def test_detector_records_are_one_record_per_relatedness_with_both_accuracies():
    records = detector_records([0.2, 0.8], learner="l2sp", n_target_labelled=10,
                               seeds=range(3))
    for r, rec in zip([0.2, 0.8], records, strict=True):
        single = detector_record(r, learner="l2sp", n_target_labelled=10, seeds=range(3))
        np.testing.assert_array_equal(rec.true_gain, single.true_gain)
        np.testing.assert_array_equal(rec.detected, single.detected)
        np.testing.assert_allclose(rec.true_gain, rec.transfer_accuracy - rec.target_accuracy)
        assert (rec.relatedness, rec.learner, rec.source_strength) == (r, "l2sp", 1.0)
        assert np.isnan(rec.source_share)


@pytest.mark.parametrize("kwargs, match", [
    ({"learner": "magic"}, r"learner must be one of l2sp, pooling; got 'magic'"),
    ({"learner": "l2sp", "source_strength": 0.0}, r"source_strength must be in \(0, inf\), got 0\.0"),
])
def test_detector_rejects_a_bad_learner_naming_it(kwargs, match, pair):
    with pytest.raises(ValueError, match=match):
        detect_negative_transfer(pair, **kwargs)
