"""Tests for tllib.datasets: each kind of shift does what the module docstring says."""

import math
import pickle

import numpy as np
import pytest
from scipy.stats import norm
from sklearn.linear_model import LogisticRegression

from tllib import datasets
from tllib.datasets import SHIFT_KINDS, describe_shift, make_domain_pair, source_rule

CENTRE = np.array([-1.2, 0.0])
ARRAY_FIELDS = (
    "X_source", "y_source", "X_target", "y_target", "target_labelled",
    "X_test", "y_test", "X_source_test", "y_source_test",
)
# Kinds whose samples are drawn with exactly the same random calls as "none".
SAME_DRAWS_AS_NONE = ("covariate", "conditional", "feature", "label_space")


def rotate_about_centre(X, degrees):
    """The first two columns of X rotated counter-clockwise about the centre."""
    a = np.radians(degrees)
    R = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    return (X[:, :2] - CENTRE) @ R.T + CENTRE


def undo_feature_map(X, strength):
    """Invert the documented feature map: x1 scaled by 1 + strength and x2 by
    1 / (1 + strength / 2) about the centre, then moved by (0.5, -2) * strength."""
    Z = X[:, :2] - np.array([0.5, -2.0]) * strength - CENTRE
    Z /= np.array([1.0 + strength, 1.0 / (1.0 + strength / 2)])
    return Z + CENTRE


def class1_share(y):
    return float(np.mean(y == 1))


# -- strength 0 ----------------------------------------------------------------------


@pytest.mark.parametrize("shift", SAME_DRAWS_AS_NONE)
def test_zero_strength_gives_the_same_arrays_as_no_shift(shift):
    none = make_domain_pair("none", 0.0, random_state=3)
    pair = make_domain_pair(shift, 0.0, random_state=3)
    for name in ARRAY_FIELDS:
        np.testing.assert_array_equal(getattr(pair, name), getattr(none, name), err_msg=name)


@pytest.mark.parametrize("shift", [
    *[s for s in SHIFT_KINDS if s != "prior"],
])
def test_zero_strength_target_is_distributed_like_no_shift(shift):
    none = make_domain_pair("none", 0.0, n_test=5000, random_state=4)
    pair = make_domain_pair(shift, 0.0, n_test=5000, random_state=5)
    np.testing.assert_allclose(pair.X_test[:, :2].mean(axis=0),
                               none.X_test[:, :2].mean(axis=0), atol=0.08)
    assert abs(class1_share(pair.y_test) - class1_share(none.y_test)) < 0.03


@pytest.mark.parametrize("shift", SHIFT_KINDS)
def test_zero_strength_makes_source_and_target_identically_distributed(shift):
    pair = make_domain_pair(shift, 0.0, n_test=5000, random_state=6)
    np.testing.assert_allclose(pair.X_test[:, :2].mean(axis=0),
                               pair.X_source_test[:, :2].mean(axis=0), atol=0.08)
    assert abs(class1_share(pair.y_test) - class1_share(pair.y_source_test)) < 0.03
    assert set(np.unique(pair.y_test)) == set(np.unique(pair.y_source_test))


# -- covariate shift -----------------------------------------------------------------


@pytest.mark.parametrize("strength", [0.3, 1.0])
def test_covariate_shift_keeps_the_labelling_rule(strength):
    pair = make_domain_pair("covariate", strength, noise=0.0, random_state=0)
    np.testing.assert_array_equal(source_rule(pair.X_target), pair.y_target)
    assert describe_shift(pair)["rule_agreement"] == 1.0


@pytest.mark.parametrize("strength", [0.25, 0.5, 1.0])
def test_covariate_shift_moves_the_target_mean_by_three_times_strength_along_x1(strength):
    pair = make_domain_pair("covariate", strength, n_test=3000, random_state=1)
    moved = pair.X_test[:, :2].mean(axis=0) - pair.X_source_test[:, :2].mean(axis=0)
    np.testing.assert_allclose(moved, [3.0 * strength, 0.0], atol=0.1)


def test_covariate_shift_records_the_mean_offset_in_details():
    pair = make_domain_pair("covariate", 0.4, random_state=0)
    assert pair.details["mean_offset"] == pytest.approx(1.2)


# -- prior shift ---------------------------------------------------------------------


@pytest.mark.parametrize("strength, target_prior", [(0.25, 0.1), (0.5, 0.1), (1.0, 0.1),
                                                    (0.7, 0.8), (1.0, 0.9)])
def test_prior_shift_target_class1_share_is_the_requested_one(strength, target_prior):
    share = 0.5 + strength * (target_prior - 0.5)
    pair = make_domain_pair("prior", strength, n_target=301, n_test=999,
                            target_prior=target_prior, random_state=2)
    assert int(np.sum(pair.y_target == 1)) == round(301 * share)
    assert int(np.sum(pair.y_test == 1)) == round(999 * share)
    assert pair.details["target_class1_share"] == pytest.approx(share)


def test_prior_shift_source_is_balanced():
    pair = make_domain_pair("prior", 1.0, n_source=400, n_test=600, random_state=3)
    assert int(np.sum(pair.y_source == 1)) == 200
    assert int(np.sum(pair.y_source_test == 1)) == 300


@pytest.mark.parametrize("cls", [0, 1])
def test_prior_shift_keeps_the_class_conditional_distribution(cls):
    pair = make_domain_pair("prior", 1.0, n_source=3000, n_test=3000, target_prior=0.1,
                            random_state=4)
    source_mean = pair.X_source[pair.y_source == cls, :2].mean(axis=0)
    target_mean = pair.X_test[pair.y_test == cls, :2].mean(axis=0)
    np.testing.assert_allclose(target_mean, source_mean, atol=0.15)


# -- conditional (concept) shift -----------------------------------------------------


def test_conditional_shift_keeps_the_input_distribution():
    pair = make_domain_pair("conditional", 1.0, n_test=3000, random_state=5)
    source, target = pair.X_source_test[:, :2], pair.X_test[:, :2]
    np.testing.assert_allclose(target.mean(axis=0), source.mean(axis=0), atol=0.1)
    np.testing.assert_allclose(np.cov(target.T), np.cov(source.T), atol=0.12)


@pytest.mark.parametrize("strength", [0.25, 0.5, 1.0])
def test_conditional_shift_labels_follow_the_parabola_rotated_about_the_centre(strength):
    pair = make_domain_pair("conditional", strength, noise=0.0, random_state=6)
    rotated_back = rotate_about_centre(pair.X_test, -180.0 * strength)
    np.testing.assert_array_equal(pair.y_test, source_rule(rotated_back))


def test_conditional_shift_rule_agreement_falls_as_strength_grows():
    agreement = [
        describe_shift(make_domain_pair("conditional", s, noise=0.0, n_test=2000,
                                        random_state=7))["rule_agreement"]
        for s in (0.0, 0.25, 0.5, 0.75, 1.0)
    ]
    assert agreement[0] == 1.0
    assert all(np.diff(agreement) < 0), agreement


def test_conditional_shift_at_full_strength_makes_source_only_worse_than_chance():
    pair = make_domain_pair("conditional", 1.0, random_state=8)
    model = LogisticRegression().fit(pair.X_source, pair.y_source)
    assert model.score(pair.X_test, pair.y_test) < 0.5


# -- feature shift -------------------------------------------------------------------


@pytest.mark.parametrize("strength", [0.3, 0.5, 1.0])
def test_feature_shift_keeps_the_labels_of_the_unmapped_points(strength):
    pair = make_domain_pair("feature", strength, noise=0.0, random_state=9)
    np.testing.assert_array_equal(source_rule(undo_feature_map(pair.X_test, strength)),
                                  pair.y_test)


def test_feature_shift_undone_gives_the_source_input_distribution():
    pair = make_domain_pair("feature", 0.6, n_test=3000, random_state=10)
    unmapped, source = undo_feature_map(pair.X_test, 0.6), pair.X_source_test[:, :2]
    np.testing.assert_allclose(unmapped.mean(axis=0), source.mean(axis=0), atol=0.1)
    np.testing.assert_allclose(np.cov(unmapped.T), np.cov(source.T), atol=0.12)


def test_feature_shift_changes_the_input_distribution():
    pair = make_domain_pair("feature", 0.5, n_test=3000, random_state=10)
    # x1's gain becomes 1.5: its variance 2.25; x2's zero point moves down by 1.
    assert np.var(pair.X_test[:, 0]) == pytest.approx(2.25, abs=0.25)
    assert pair.X_test[:, 1].mean() == pytest.approx(-1.0, abs=0.1)


def test_feature_shift_at_full_strength_costs_source_only_a_quarter_of_its_accuracy():
    pair = make_domain_pair("feature", 1.0, random_state=11)
    model = LogisticRegression().fit(pair.X_source, pair.y_source)
    on_source = model.score(pair.X_source_test, pair.y_source_test)
    assert model.score(pair.X_test, pair.y_test) < on_source - 0.2


@pytest.mark.parametrize("shift", ["none", "covariate", "conditional"])
def test_target_rule_gives_the_noise_free_target_labels(shift):
    pair = make_domain_pair(shift, 0.4, noise=0.0, random_state=12)
    np.testing.assert_array_equal(pair.target_rule(pair.X_test), pair.y_test)


def test_target_rule_of_a_concept_shift_contradicts_the_source_rule_somewhere():
    pair = make_domain_pair("conditional", 0.5, random_state=12)
    assert np.mean(pair.target_rule(pair.X_source) != source_rule(pair.X_source)) > 0.2


def test_target_rule_is_refused_for_a_prior_shift():
    with pytest.raises(ValueError, match=r"target_rule is defined for shifts none, "
                                         r"covariate and conditional; .* 'prior'"):
        make_domain_pair("prior", 0.5, random_state=12).target_rule(np.zeros((1, 2)))


# -- label-space shift ---------------------------------------------------------------


@pytest.mark.parametrize("strength", [0.0, 0.1, 0.5, 1.0])
def test_label_space_new_class_appears_in_the_target_only_when_strength_is_positive(strength):
    pair = make_domain_pair("label_space", strength, random_state=12)
    assert (2 in pair.y_target) == (strength > 0)
    assert (2 in pair.y_test) == (strength > 0)


@pytest.mark.parametrize("strength", [0.5, 1.0])
def test_label_space_source_never_has_the_new_class(strength):
    pair = make_domain_pair("label_space", strength, random_state=13)
    assert set(np.unique(pair.y_source)) == {0, 1}
    assert set(np.unique(pair.y_source_test)) == {0, 1}


@pytest.mark.parametrize("strength", [0.2, 0.5, 0.8])
def test_label_space_new_class_is_the_class1_points_beyond_the_x1_threshold(strength):
    pair = make_domain_pair("label_space", strength, noise=0.0, random_state=14)
    threshold = CENTRE[0] + norm.ppf(1.0 - strength)
    rule = source_rule(pair.X_test)
    expected = np.where(rule == 1, np.where(pair.X_test[:, 0] > threshold, 2, 1), 0)
    np.testing.assert_array_equal(pair.y_test, expected)
    assert pair.details["new_class_threshold"] == pytest.approx(threshold)


def test_label_space_at_full_strength_turns_every_class1_point_into_class2():
    pair = make_domain_pair("label_space", 1.0, noise=0.0, random_state=15)
    np.testing.assert_array_equal(pair.y_target, 2 * source_rule(pair.X_target))
    assert 1 not in pair.y_test


# -- extra features and label noise --------------------------------------------------


@pytest.mark.parametrize("shift", SHIFT_KINDS)
def test_extra_features_have_the_same_distribution_in_both_domains(shift):
    pair = make_domain_pair(shift, 1.0, n_features=4, n_test=3000, random_state=16)
    for X in (pair.X_source_test, pair.X_test):
        np.testing.assert_allclose(X[:, 2:].mean(axis=0), 0.0, atol=0.08)
        np.testing.assert_allclose(X[:, 2:].std(axis=0), 1.0, atol=0.08)


@pytest.mark.parametrize("shift", SHIFT_KINDS)
def test_extra_features_carry_no_label_information(shift):
    pair = make_domain_pair(shift, 0.5, n_features=3, n_test=3000, random_state=17)
    for X, y in ((pair.X_source_test, pair.y_source_test), (pair.X_test, pair.y_test)):
        means = [X[y == c, 2].mean() for c in np.unique(y)]
        assert max(means) - min(means) < 0.15, means


@pytest.mark.parametrize("shift", ["none", "covariate"])
@pytest.mark.parametrize("noise", [0.1, 0.3])
def test_label_noise_flips_the_requested_share_of_labels(shift, noise):
    pair = make_domain_pair(shift, 0.5, noise=noise, n_test=5000, random_state=18)
    for X, y in ((pair.X_source_test, pair.y_source_test), (pair.X_test, pair.y_test)):
        assert np.mean(source_rule(X) != y) == pytest.approx(noise, abs=0.02)


# -- labelled target points ----------------------------------------------------------


@pytest.mark.parametrize("k", [0, 1, 5, 40])
def test_labelled_mask_has_exactly_n_target_labelled_entries(k):
    pair = make_domain_pair(n_target=40, n_target_labelled=k, random_state=19)
    assert pair.target_labelled.dtype == bool
    assert pair.target_labelled.shape == (40,)
    assert int(pair.target_labelled.sum()) == k


@pytest.mark.parametrize("shift, strength, k", [
    ("covariate", 1.0, 2), ("prior", 1.0, 2), ("label_space", 0.5, 3), ("label_space", 0.5, 7),
])
def test_labelled_points_include_every_class_when_the_budget_allows(shift, strength, k):
    for seed in range(10):
        pair = make_domain_pair(shift, strength, target_prior=0.05, n_target_labelled=k,
                                random_state=seed)
        np.testing.assert_array_equal(np.unique(pair.y_target_labelled),
                                      np.unique(pair.y_target))


def test_y_target_visible_is_minus_one_exactly_where_unlabelled():
    pair = make_domain_pair(n_target_labelled=12, random_state=20)
    visible = pair.y_target_visible
    np.testing.assert_array_equal(visible == -1, ~pair.target_labelled)
    np.testing.assert_array_equal(visible[pair.target_labelled],
                                  pair.y_target[pair.target_labelled])


def test_labelled_views_select_the_labelled_target_points():
    pair = make_domain_pair(n_target_labelled=8, random_state=21)
    np.testing.assert_array_equal(pair.X_target_labelled, pair.X_target[pair.target_labelled])
    np.testing.assert_array_equal(pair.y_target_labelled, pair.y_target[pair.target_labelled])


# -- the pair as a value -------------------------------------------------------------


@pytest.mark.parametrize("name", ARRAY_FIELDS)
def test_arrays_are_read_only(name):
    array = getattr(make_domain_pair("label_space", random_state=22), name)
    assert not array.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        array[0] = array[1]


def test_pair_survives_a_pickle_round_trip():
    # st.cache_data stores a lesson's pair by pickling it.
    pair = make_domain_pair("label_space", random_state=22)
    copy = pickle.loads(pickle.dumps(pair))
    for name in ARRAY_FIELDS:
        np.testing.assert_array_equal(getattr(copy, name), getattr(pair, name), err_msg=name)
    assert dict(copy.details) == dict(pair.details)


@pytest.mark.parametrize("shift", SHIFT_KINDS)
def test_same_random_state_gives_equal_arrays(shift):
    a = make_domain_pair(shift, 0.7, random_state=23)
    b = make_domain_pair(shift, 0.7, random_state=23)
    for name in ARRAY_FIELDS:
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)


@pytest.mark.parametrize("shift", SHIFT_KINDS)
def test_different_random_states_give_different_arrays(shift):
    a = make_domain_pair(shift, 0.7, random_state=23)
    b = make_domain_pair(shift, 0.7, random_state=24)
    for name in ("X_source", "X_target", "X_test", "X_source_test"):
        assert not np.array_equal(getattr(a, name), getattr(b, name)), name


def test_generators_seeded_alike_give_equal_arrays():
    a = make_domain_pair(random_state=np.random.default_rng(25))
    b = make_domain_pair(random_state=np.random.default_rng(25))
    np.testing.assert_array_equal(a.X_target, b.X_target)


def test_numpy_scalars_are_accepted_as_arguments():
    pair = make_domain_pair("prior", np.float32(0.5), n_source=np.int64(30),
                            n_target=np.int64(20), n_target_labelled=np.int64(4),
                            n_test=np.int64(10), n_features=np.int64(3),
                            noise=np.float64(0.1), target_prior=np.float32(0.25),
                            random_state=np.int64(5))
    assert pair.X_source.shape == (30, 3) and pair.X_target.shape == (20, 3)
    assert int(pair.target_labelled.sum()) == 4


def test_pair_has_the_requested_shapes():
    pair = make_domain_pair(n_source=30, n_target=20, n_target_labelled=4, n_test=10,
                            n_features=3, random_state=26)
    assert pair.X_source.shape == (30, 3) and pair.y_source.shape == (30,)
    assert pair.X_target.shape == (20, 3) and pair.y_target.shape == (20,)
    assert pair.X_test.shape == (10, 3) and pair.y_test.shape == (10,)
    assert pair.X_source_test.shape == (10, 3) and pair.y_source_test.shape == (10,)


def test_pair_records_shift_and_strength_as_given():
    pair = make_domain_pair("feature", 1, random_state=27)
    assert pair.shift == "feature"
    assert pair.strength == 1.0 and isinstance(pair.strength, float)


def test_classes_lists_every_class_of_either_domain():
    pair = make_domain_pair("label_space", 0.5, random_state=28)
    np.testing.assert_array_equal(pair.classes, [0, 1, 2])


def test_repr_names_the_shift_and_the_sizes():
    pair = make_domain_pair("prior", 0.5, n_source=30, n_target=20, n_target_labelled=4,
                            n_test=10, n_features=3, random_state=29)
    assert repr(pair) == (
        "DomainPair(shift='prior', strength=0.5, n_source=30, n_target=20, "
        "n_target_labelled=4, n_test=10, n_features=3)"
    )


def test_source_rule_labels_points_above_the_parabola_as_class1():
    X = np.array([[0.0, -0.8], [0.0, -1.0], [2.0, 0.6], [2.0, 0.3]])
    np.testing.assert_array_equal(source_rule(X), [1, 0, 1, 0])


def test_differing_part_names_one_part_for_every_shift_kind():
    parts = datasets.DIFFERING_PART
    assert set(parts) == set(SHIFT_KINDS)
    assert parts["none"] is None
    assert {parts[k] for k in SHIFT_KINDS if k != "none"} == {"X", "P(x)", "Y", "P(y|x)", "P(y)"}


# -- describe_shift ------------------------------------------------------------------


def test_describe_shift_returns_the_documented_keys():
    info = describe_shift(make_domain_pair(random_state=30))
    assert set(info) == {"n_features", "mean", "class_shares", "label_set", "rule_agreement"}


def test_describe_shift_counts_features_of_both_domains():
    info = describe_shift(make_domain_pair(n_features=5, random_state=31))
    assert info["n_features"] == (5, 5)


def test_describe_shift_reports_the_label_sets_of_both_domains():
    info = describe_shift(make_domain_pair("label_space", 0.5, random_state=32))
    assert info["label_set"] == ([0, 1], [0, 1, 2])


def test_describe_shift_class_shares_are_the_measured_label_frequencies():
    pair = make_domain_pair("label_space", 0.5, random_state=33)
    source, target = describe_shift(pair)["class_shares"]
    assert source == pytest.approx({c: np.mean(pair.y_source == c) for c in (0, 1)})
    assert target == pytest.approx({c: np.mean(pair.y_test == c) for c in (0, 1, 2)})
    assert math.fsum(target.values()) == pytest.approx(1.0)


def test_describe_shift_mean_shows_the_covariate_offset():
    pair = make_domain_pair("covariate", 1.0, n_source=3000, n_test=3000, random_state=34)
    source_mean, target_mean = describe_shift(pair)["mean"]
    np.testing.assert_allclose(source_mean, CENTRE, atol=0.1)
    np.testing.assert_allclose(target_mean, CENTRE + [3.0, 0.0], atol=0.1)


@pytest.mark.parametrize("shift", ["none", "covariate"])
def test_describe_shift_rule_agreement_is_about_one_minus_noise_when_the_task_is_kept(shift):
    pair = make_domain_pair(shift, 1.0, noise=0.1, n_test=5000, random_state=35)
    assert describe_shift(pair)["rule_agreement"] == pytest.approx(0.9, abs=0.02)


# -- argument errors -----------------------------------------------------------------


@pytest.mark.parametrize("kwargs, error, match", [
    ({"shift": "bogus"}, ValueError, r"shift must be one of none, covariate, .*'bogus'"),
    ({"shift": None}, ValueError, r"shift must be one of .*None"),
    ({"strength": -0.1}, ValueError, r"strength must be in \[0, 1\], got -0\.1"),
    ({"strength": 1.5}, ValueError, r"strength must be in \[0, 1\], got 1\.5"),
    ({"strength": float("nan")}, ValueError, r"strength must be in \[0, 1\], got nan"),
    ({"strength": float("inf")}, ValueError, r"strength must be in \[0, 1\], got inf"),
    ({"strength": "a"}, TypeError, r"strength must be a number, got str 'a'"),
    ({"strength": None}, TypeError, r"strength must be a number, got NoneType"),
    ({"strength": True}, TypeError, r"strength must be a number, got bool"),
    ({"n_source": 1}, ValueError, r"n_source must be >= 2, got 1"),
    ({"n_source": 2.0}, TypeError, r"n_source must be an integer, got float"),
    ({"n_source": True}, TypeError, r"n_source must be an integer, got bool"),
    ({"n_target": 1}, ValueError, r"n_target must be >= 2, got 1"),
    ({"n_target": False}, TypeError, r"n_target must be an integer, got bool"),
    ({"n_target": 20, "n_target_labelled": 21}, ValueError,
     r"n_target_labelled must be in \[0, 20\], got 21"),
    ({"n_target_labelled": -1}, ValueError, r"n_target_labelled must be in \[0, 300\], got -1"),
    ({"n_target_labelled": True}, TypeError, r"n_target_labelled must be an integer, got bool"),
    ({"n_test": 0}, ValueError, r"n_test must be >= 1, got 0"),
    ({"n_test": "5"}, TypeError, r"n_test must be an integer, got str"),
    ({"n_features": 1}, ValueError, r"n_features must be >= 2, got 1"),
    ({"n_features": True}, TypeError, r"n_features must be an integer, got bool"),
    ({"noise": 0.5}, ValueError, r"noise must be in \[0, 0\.5\), got 0\.5"),
    ({"noise": -0.01}, ValueError, r"noise must be in \[0, 0\.5\), got -0\.01"),
    ({"noise": "low"}, TypeError, r"noise must be a number, got str"),
    ({"target_prior": 0}, ValueError, r"target_prior must be in \(0, 1\), got 0"),
    ({"target_prior": 1}, ValueError, r"target_prior must be in \(0, 1\), got 1"),
    ({"random_state": -1}, ValueError, r"random_state must be None, a non-negative .*got -1"),
    ({"random_state": 1.5}, ValueError, r"random_state must be .*got 1\.5"),
    ({"random_state": True}, ValueError, r"random_state must be .*got True"),
    ({"random_state": "0"}, ValueError, r"random_state must be .*got '0'"),
])
def test_bad_argument_raises_an_error_naming_the_parameter(kwargs, error, match):
    with pytest.raises(error, match=match):
        make_domain_pair(**kwargs)
