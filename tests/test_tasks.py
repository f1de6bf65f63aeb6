"""Tests for tllib.tasks: two labelling rules on one domain, related as documented."""

import numpy as np
import pytest

from tllib.tasks import make_task_pair, task_rule

ARRAY_FIELDS = (
    "X_source", "y_source", "X_target", "y_target", "target_labelled",
    "X_test", "y_test", "X_source_test", "y_source_test",
)
X_FIELDS = ("X_source", "X_target", "X_test", "X_source_test")


def rotated_rule(X, relatedness):
    """The documented target rule, written out: 1[cos t x1 + sin t x2 > 0]."""
    theta = (1 - relatedness) * np.pi
    return (np.cos(theta) * X[:, 0] + np.sin(theta) * X[:, 1] > 0).astype(int)


# -- the rules ------------------------------------------------------------------------


@pytest.mark.parametrize("relatedness", [0.0, 0.25, 0.5, 0.8, 1.0])
def test_noise_free_rules_agree_with_probability_equal_to_relatedness(relatedness):
    pair = make_task_pair(relatedness, n_test=40_000, n_features=3, noise=0.0,
                          random_state=0)
    source_says = (pair.X_test[:, 0] > 0).astype(int)
    assert np.mean(source_says == pair.y_test) == pytest.approx(relatedness, abs=0.01)


def test_source_labels_without_noise_are_the_sign_of_x1():
    pair = make_task_pair(0.3, noise=0.0, random_state=1)
    np.testing.assert_array_equal(pair.y_source, pair.X_source[:, 0] > 0)
    np.testing.assert_array_equal(pair.y_source_test, pair.X_source_test[:, 0] > 0)


@pytest.mark.parametrize("relatedness", [0.0, 0.3, 0.5, 0.9])
def test_target_labels_without_noise_follow_the_rotated_rule(relatedness):
    pair = make_task_pair(relatedness, noise=0.0, random_state=2)
    np.testing.assert_array_equal(pair.y_target, rotated_rule(pair.X_target, relatedness))
    np.testing.assert_array_equal(pair.y_test, rotated_rule(pair.X_test, relatedness))


def test_features_beyond_the_second_do_not_change_any_label():
    pair = make_task_pair(0.6, n_features=6, noise=0.0, random_state=3)
    X = pair.X_test.copy()
    X[:, 2:] = np.random.default_rng(0).standard_normal((len(X), 4)) * 100
    np.testing.assert_array_equal(task_rule(X, 0.6), pair.y_test)


def test_task_rule_at_relatedness_one_is_the_source_rule():
    X = np.random.default_rng(4).standard_normal((500, 3))
    np.testing.assert_array_equal(task_rule(X, 1.0), X[:, 0] > 0)


def test_label_noise_flips_about_the_requested_share_of_labels():
    pair = make_task_pair(0.7, n_test=20_000, n_features=2, noise=0.1, random_state=5)
    flipped = np.mean(pair.y_test != rotated_rule(pair.X_test, 0.7))
    assert flipped == pytest.approx(0.1, abs=0.01)


# -- one domain ---------------------------------------------------------------------


def test_source_and_target_inputs_are_both_standard_normal():
    pair = make_task_pair(0.2, n_source=5000, n_test=5000, n_features=4, random_state=6)
    for X in (pair.X_source, pair.X_test):
        np.testing.assert_allclose(X.mean(axis=0), 0.0, atol=0.05)
        np.testing.assert_allclose(np.cov(X.T), np.eye(4), atol=0.07)


def test_inputs_do_not_depend_on_relatedness_for_a_given_seed():
    near, far = make_task_pair(0.9, random_state=7), make_task_pair(0.1, random_state=7)
    for name in X_FIELDS:
        np.testing.assert_array_equal(getattr(near, name), getattr(far, name), err_msg=name)


# -- the pair -----------------------------------------------------------------------


def test_pair_has_the_requested_shapes():
    pair = make_task_pair(n_source=40, n_target=30, n_test=20, n_features=5, random_state=8)
    assert pair.X_source.shape == (40, 5) and pair.y_source.shape == (40,)
    assert pair.X_target.shape == (30, 5) and pair.y_target.shape == (30,)
    assert pair.X_test.shape == pair.X_source_test.shape == (20, 5)


@pytest.mark.parametrize("k", [0, 1, 2, 10, 300])
def test_labelled_mask_holds_n_target_labelled_points(k):
    pair = make_task_pair(n_target_labelled=k, random_state=9)
    assert pair.target_labelled.sum() == k


def test_two_labelled_points_are_one_of_each_class():
    pair = make_task_pair(n_target_labelled=2, random_state=10)
    assert sorted(pair.y_target_labelled) == [0, 1]


def test_pair_records_a_task_shift_with_strength_one_minus_relatedness():
    pair = make_task_pair(0.75, random_state=11)
    assert pair.shift == "task"
    assert pair.strength == pytest.approx(0.25)
    assert pair.details == {"relatedness": 0.75, "angle_deg": pytest.approx(45.0)}


def test_same_seed_gives_the_same_pair():
    a, b = make_task_pair(0.4, random_state=12), make_task_pair(0.4, random_state=12)
    for name in ARRAY_FIELDS:
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)


def test_different_seeds_give_different_pairs():
    a, b = make_task_pair(0.4, random_state=12), make_task_pair(0.4, random_state=13)
    assert not np.array_equal(a.X_source, b.X_source)


def test_arrays_are_read_only():
    pair = make_task_pair(random_state=14)
    for name in ARRAY_FIELDS:
        with pytest.raises(ValueError, match="read-only"):
            getattr(pair, name)[0] = 0


# -- errors -------------------------------------------------------------------------


@pytest.mark.parametrize("kwargs, error, match", [
    ({"relatedness": 1.5}, ValueError, r"relatedness must be in \[0, 1\], got 1\.5"),
    ({"relatedness": -0.1}, ValueError, r"relatedness must be in \[0, 1\], got -0\.1"),
    ({"relatedness": "high"}, TypeError, r"relatedness must be a number, got str 'high'"),
    ({"n_target": 5, "n_target_labelled": 6}, ValueError,
     r"n_target_labelled must be in \[0, 5\], got 6"),
    ({"n_features": 1}, ValueError, r"n_features must be >= 2, got 1"),
    ({"noise": 0.5}, ValueError, r"noise must be in \[0, 0\.5\), got 0\.5"),
    ({"n_source": 2.5}, TypeError, r"n_source must be an integer, got float 2\.5"),
    ({"random_state": -1}, ValueError, r"random_state must be None, a non-negative"),
])
def test_make_task_pair_rejects_bad_arguments_naming_them(kwargs, error, match):
    with pytest.raises(error, match=match):
        make_task_pair(**kwargs)


def test_task_normal_is_a_unit_vector_at_the_rules_angle_in_the_first_two_features():
    from tllib.tasks import task_normal

    normal = task_normal(0.75, n_features=5)
    np.testing.assert_allclose(normal, [np.cos(np.pi / 4), np.sin(np.pi / 4), 0, 0, 0])
    assert np.linalg.norm(normal) == pytest.approx(1.0)
