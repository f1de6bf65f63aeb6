"""Tests for tllib.semi_supervised and tllib.semi_supervised_data: the scenario, the
neighbour vote, the self-training history (against scikit-learn's) and the comparison
with supervised learning as the unlabelled distribution shifts
(tllib.experiments.semi_supervised)."""

import numpy as np
import pytest
from sklearn.neighbors import KNeighborsClassifier
from sklearn.semi_supervised import SelfTrainingClassifier
from sklearn.utils.estimator_checks import parametrize_with_checks
from threadpoolctl import threadpool_limits

import tllib
from tllib.evaluate import Curves
from tllib.experiments.semi_supervised import compare_ssl, helps_until, ssl_experiment
from tllib.semi_supervised import (
    SSL_METHODS, NeighbourVote, default_base, fit_semi_supervised, self_training_history,
)
from tllib.semi_supervised_data import make_ssl_pair


def sklearn_knn():
    return KNeighborsClassifier(n_neighbors=5, weights="distance", algorithm="kd_tree")


def training_set(pair):
    return (np.vstack([pair.X_source, pair.X_target]),
            np.concatenate([pair.y_source, pair.y_target_visible]))


@pytest.fixture(autouse=True, scope="module")
def one_blas_thread():
    """Small fits; on 2 busy cores BLAS threads only fight (results are the same)."""
    with threadpool_limits(1):
        yield


@pytest.fixture(scope="module")
def pair():
    return make_ssl_pair(0.0, random_state=1)


@pytest.fixture(scope="module")
def history(pair):
    return self_training_history(pair)


# -- make_ssl_pair --------------------------------------------------------------------


def test_pair_has_few_labelled_points_of_both_classes_and_hides_every_other_label():
    p = make_ssl_pair(0.3, n_labelled=8, n_unlabelled=50, n_test=70, random_state=0)
    assert p.X_source.shape == (8, 2) and np.bincount(p.y_source).tolist() == [4, 4]
    assert p.X_target.shape == (50, 2) and not p.target_labelled.any()
    assert p.X_test.shape == (70, 2) and p.X_source_test.shape == (70, 2)
    assert p.shift == "semi_supervised" and p.strength == 0.3
    assert p.details["angle_deg"] == pytest.approx(27.0)
    assert p.details["offset"] == pytest.approx(0.45)


def test_pair_arrays_are_read_only(pair):
    with pytest.raises(ValueError, match="read-only"):
        pair.X_target[0, 0] = 1.0


def test_pair_is_deterministic_given_the_seed():
    a, b = make_ssl_pair(0.4, random_state=5), make_ssl_pair(0.4, random_state=5)
    np.testing.assert_array_equal(a.X_target, b.X_target)
    np.testing.assert_array_equal(a.y_test, b.y_test)


def test_full_shift_turns_the_test_moons_a_quarter_round_and_moves_them_up():
    # A model of the labelled distribution, fitted on its big test sample, is right on
    # the unshifted test sample, not on the moved one, and right again once the move
    # is undone: the shift is exactly that rigid motion.
    p0, p1 = make_ssl_pair(0.0, random_state=2), make_ssl_pair(1.0, random_state=2)
    oracle = KNeighborsClassifier(5).fit(p0.X_source_test, p0.y_source_test)
    assert oracle.score(p0.X_test, p0.y_test) > 0.97
    assert oracle.score(p1.X_test, p1.y_test) < 0.6
    moved_back = (p1.X_test - [0.0, 1.5]) @ np.array([[0.0, -1.0], [1.0, 0.0]])
    assert oracle.score(moved_back, p1.y_test) > 0.97


@pytest.mark.parametrize("kwargs, error, match", [
    ({"shift": 1.5}, ValueError, r"shift must be in \[0, 1\], got 1\.5"),
    ({"shift": "far"}, TypeError, r"shift must be a number, got str 'far'"),
    ({"n_labelled": 1}, ValueError, r"n_labelled must be >= 2, got 1"),
    ({"noise": 0.7}, ValueError, r"noise must be in \[0, 0\.5\], got 0\.7"),
])
def test_make_ssl_pair_rejects_bad_arguments_naming_them(kwargs, error, match):
    with pytest.raises(error, match=match):
        make_ssl_pair(**kwargs)


def test_public_names_stay_importable_from_tllib():
    assert tllib.make_ssl_pair is make_ssl_pair
    assert tllib.self_training_history is self_training_history


# -- NeighbourVote ----------------------------------------------------------------------


@parametrize_with_checks([NeighbourVote()])
def test_neighbour_vote_passes_sklearns_estimator_checks(estimator, check):
    check(estimator)


@pytest.mark.parametrize("k", [1, 5])
def test_neighbour_vote_is_sklearns_distance_weighted_knn(pair, k):
    X, y = training_set(pair)
    keep = y != -1
    X, y = np.vstack([X[keep], pair.X_target[:40]]), np.r_[y[keep], pair.y_target[:40]]
    ours = NeighbourVote(k).fit(X, y)
    theirs = KNeighborsClassifier(k, weights="distance").fit(X, y)
    probe = np.vstack([pair.X_test[:300], X[:5]])  # and points on top of training points
    np.testing.assert_allclose(ours.predict_proba(probe), theirs.predict_proba(probe),
                               atol=1e-12)
    np.testing.assert_array_equal(ours.predict(probe), theirs.predict(probe))


def test_neighbour_vote_with_fewer_points_than_neighbours_lets_all_vote():
    model = NeighbourVote(5).fit([[0.0, 0.0], [1.0, 0.0]], [0, 1])
    np.testing.assert_allclose(model.predict_proba([[0.25, 0.0]]), [[0.75, 0.25]])


# -- fit_semi_supervised --------------------------------------------------------------


def test_supervised_is_the_base_fitted_on_the_labelled_points_only(pair):
    model = fit_semi_supervised(pair, "supervised")
    expected = default_base().fit(pair.X_source, pair.y_source)
    np.testing.assert_array_equal(model.predict(pair.X_test), expected.predict(pair.X_test))


def test_fit_semi_supervised_rejects_an_unknown_method(pair):
    with pytest.raises(ValueError, match="method must be one of supervised, self_training, "
                                         "label_spreading; got 'magic'"):
        fit_semi_supervised(pair, "magic")


# -- self_training_history --------------------------------------------------------------


def test_history_never_relabels_an_originally_labelled_point(pair, history):
    n = len(pair.y_source)
    assert history.n_labelled == n
    np.testing.assert_array_equal(history.labeled_iter[:n], 0)
    np.testing.assert_array_equal(history.transduction[:n], pair.y_source)
    for r in range(history.n_rounds):
        np.testing.assert_array_equal(history.labels(r)[:n], pair.y_source)


def test_history_rounds_are_nested(history):
    assert history.n_rounds == history.n_iter + 1 > 2
    for earlier, later in zip(history.masks[:-1], history.masks[1:]):
        assert np.all(later[earlier])  # labelled once, labelled for good
        assert later.sum() > earlier.sum()


def test_history_labels_k_best_points_a_round(history):
    for r in range(1, history.n_rounds):
        assert len(history.newly_labelled(r)) <= 20
    assert len(history.newly_labelled(1)) == 20


@pytest.mark.parametrize("seed, shift", [(0, 0.0), (1, 0.0), (2, 0.3), (3, 0.6), (4, 1.0)])
@pytest.mark.parametrize("threshold", [None, 0.9])
def test_history_labels_what_sklearns_self_training_labels(seed, shift, threshold):
    p = make_ssl_pair(shift, random_state=seed)
    criterion = ({"criterion": "k_best", "k_best": 20} if threshold is None
                 else {"threshold": threshold})
    theirs = SelfTrainingClassifier(sklearn_knn(), max_iter=50, **criterion).fit(
        *training_set(p))
    ours = self_training_history(p, threshold=threshold)
    np.testing.assert_array_equal(ours.labeled_iter, theirs.labeled_iter_)
    np.testing.assert_array_equal(ours.transduction, theirs.transduction_)
    assert (ours.n_iter, ours.termination_condition) == (theirs.n_iter_,
                                                         theirs.termination_condition_)
    np.testing.assert_array_equal(ours.models[-1].predict(p.X_test), theirs.predict(p.X_test))


def test_history_round_zero_is_the_supervised_model_and_each_round_its_points(pair, history):
    supervised = fit_semi_supervised(pair, "supervised")
    np.testing.assert_array_equal(history.models[0].predict(pair.X_test),
                                  supervised.predict(pair.X_test))
    r = 4
    refit = sklearn_knn().fit(history.X[history.masks[r]], history.labels(r))
    np.testing.assert_array_equal(history.models[r].predict(pair.X_test),
                                  refit.predict(pair.X_test))
    assert history.labelled_counts.tolist() == [int(m.sum()) for m in history.masks]


def test_history_with_another_base_refits_a_clone_of_it_each_round(pair):
    h = self_training_history(pair, base=sklearn_knn(), max_iter=3)
    assert all(isinstance(m, KNeighborsClassifier) for m in h.models)
    assert len(h.models) == h.n_rounds == 4


def test_history_records_why_self_training_stopped(history):
    assert history.termination_condition == "all_labeled"
    assert (history.labeled_iter >= 0).all()


def test_history_with_a_threshold_stops_after_max_iter(pair):
    h = self_training_history(pair, threshold=0.99, max_iter=3)
    assert h.n_iter <= 3


def test_pseudo_label_accuracy_is_nan_at_round_zero_and_a_share_after(pair, history):
    truth = np.concatenate([pair.y_source, pair.y_target])
    acc = history.pseudo_label_accuracy(truth)
    assert np.isnan(acc[0]) and np.all((acc[1:] >= 0) & (acc[1:] <= 1))


@pytest.mark.parametrize("kwargs, match", [
    ({"threshold": 1.0}, r"threshold must be in \[0, 1\), got 1\.0"),
    ({"k_best": 0}, r"k_best must be >= 1, got 0"),
    ({"max_iter": 0}, r"max_iter must be >= 1, got 0"),
])
def test_history_rejects_bad_arguments_naming_them(kwargs, match, pair):
    with pytest.raises(ValueError, match=match):
        self_training_history(pair, **kwargs)


# -- compare_ssl: the lesson's claim --------------------------------------------------


@pytest.fixture(scope="module")
def curves():
    return compare_ssl([0.0, 1.0], seeds=range(10))


def test_compare_ssl_has_the_three_learners_and_the_target_labels_curve(curves):
    assert set(curves.mean) == {*SSL_METHODS, "target_labels"}
    assert curves.scores["supervised"].shape == (10, 2)


# Measured on seeds 0-9 (n_labelled=8, 300 unlabelled, 1000 test points): supervised
# 89.3%, self-training 94.0% (+4.6 pp), label spreading 94.0% (+4.7 pp) at shift 0.
def test_ssl_beats_supervised_by_3_points_when_unlabelled_data_share_the_distribution(curves):
    for name in ("self_training", "label_spreading"):
        assert curves.mean[name][0] - curves.mean["supervised"][0] > 0.03, name


# Measured at shift 1: supervised 44.2%, self-training 40.3%, label spreading 30.9%
# (at 0.5: 73.4%, 58.9%, 71.0%): the labels spread onto the wrong moon.
def test_ssl_no_longer_beats_supervised_once_the_unlabelled_data_have_turned(curves):
    for name in ("self_training", "label_spreading"):
        assert curves.mean[name][1] <= curves.mean["supervised"][1], name


def test_target_labels_do_not_care_about_the_shift(curves):
    assert curves.mean["target_labels"][1] > 0.8
    assert curves.mean["target_labels"][1] - curves.mean["label_spreading"][1] > 0.5


def test_compare_ssl_is_deterministic():
    a, b = (compare_ssl([0.5], seeds=[3], n_test=100) for _ in range(2))
    for name in a.scores:
        np.testing.assert_array_equal(a.scores[name], b.scores[name])


def test_compare_ssl_rejects_a_shift_outside_0_1_naming_it():
    with pytest.raises(ValueError, match=r"shifts must be in \[0, 1\], got 2\.0"):
        compare_ssl([0.0, 2.0], seeds=[0])


# -- ssl_experiment and helps_until ---------------------------------------------------


def test_ssl_experiment_scores_the_learners_fitted_on_its_pair():
    run = ssl_experiment(0.0, random_state=1)
    for name in SSL_METHODS:
        model = fit_semi_supervised(run.pair, name)
        assert run.accuracy[name] == pytest.approx(model.score(run.pair.X_test,
                                                               run.pair.y_test))
    assert run.history.n_rounds == len(run.pseudo_label_accuracy)


def test_history_as_pair_shows_the_round_labelled_points_as_labelled(history):
    shown = history.as_pair(3)
    np.testing.assert_array_equal(shown.target_labelled, history.masks[3])
    np.testing.assert_array_equal(shown.y_target_labelled, history.labels(3))


def curves_from(supervised, self_training, label_spreading):
    return Curves.from_scores([0.0, 0.5, 1.0], {
        "supervised": np.array([supervised]), "self_training": np.array([self_training]),
        "label_spreading": np.array([label_spreading])})


def test_helps_until_interpolates_where_the_mean_ssl_gain_first_turns_negative():
    c = curves_from([0.8, 0.6, 0.4], [0.9, 0.5, 0.5], [0.9, 0.5, 0.5])
    assert helps_until(c) == pytest.approx(0.25)  # gain +0.1 at 0, -0.1 at 0.5


def test_helps_until_is_nan_when_ssl_never_falls_behind():
    assert np.isnan(helps_until(curves_from([0.5] * 3, [0.6] * 3, [0.6] * 3)))
