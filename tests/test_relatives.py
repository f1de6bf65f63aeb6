"""tllib.relatives: five learners on one problem."""

import numpy as np
import pytest

from tllib.relatives import LEARNERS, compare_relatives


@pytest.fixture(scope="module")
def related():
    return compare_relatives(n_labelled=8, relatedness=0.9, n_draws=5, random_state=0)


@pytest.fixture(scope="module")
def unrelated():
    return compare_relatives(n_labelled=8, relatedness=0.2, n_draws=5, random_state=0)


def test_every_learner_is_scored_on_every_draw(related):
    assert related.learners == LEARNERS
    assert related.accuracy.shape == (5, len(LEARNERS))
    assert np.all((related.accuracy >= 0) & (related.accuracy <= 1))


def test_the_same_seed_gives_the_same_comparison(related):
    again = compare_relatives(n_labelled=8, relatedness=0.9, n_draws=5, random_state=0)
    np.testing.assert_array_equal(again.accuracy, related.accuracy)


def test_related_tasks_make_transfer_and_multi_task_beat_the_target_labels_alone(related):
    # Measured: supervised 0.84, multi-task 0.95, transfer 0.95.
    assert related.mean["transfer"] > related.mean["supervised"] + 0.05
    assert related.mean["multi_task"] > related.mean["supervised"] + 0.05


def test_unrelated_tasks_make_transfer_and_multi_task_lose_to_the_target_labels(unrelated):
    # Measured: supervised 0.89, multi-task 0.82, transfer 0.77.
    assert unrelated.mean["transfer"] < unrelated.mean["supervised"]
    assert unrelated.mean["multi_task"] < unrelated.mean["supervised"]


def test_learners_without_other_tasks_do_not_depend_on_relatedness(related, unrelated):
    # Relatedness turns every rule, the target's too, but a rotation of N(0, I) is the
    # same problem: learners that never see another task score alike, up to sampling.
    for name in ("supervised", "semi_supervised", "multi_view"):
        assert abs(related.mean[name] - unrelated.mean[name]) < 0.1


@pytest.mark.parametrize("kwargs, message", [
    ({"n_labelled": 1}, "n_labelled must be >= 2, got 1"),
    ({"relatedness": 1.5}, r"relatedness must be in \[0, 1\], got 1.5"),
    ({"n_draws": 0}, "n_draws must be >= 1, got 0"),
    ({"gap": -1.0}, r"gap must be in \[0, 10\], got -1.0"),
])
def test_bad_arguments_are_refused_naming_the_parameter(kwargs, message):
    with pytest.raises(ValueError, match=message):
        compare_relatives(**kwargs)
