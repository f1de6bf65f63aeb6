"""tllib.relatives: five learners on one problem."""

import numpy as np
import pytest

from tllib.relatives import (
    LEARNERS,
    OTHER_TASKS,
    OWN_DATA,
    compare_relatives,
    task_normals,
)


@pytest.fixture(scope="module")
def related():
    return compare_relatives(n_labelled=8, relatedness=0.9, n_draws=10, random_state=0)


@pytest.fixture(scope="module")
def unrelated():
    return compare_relatives(n_labelled=8, relatedness=0.0, n_draws=10, random_state=0)


def test_every_learner_is_scored_on_every_draw(related):
    assert related.learners == LEARNERS
    assert related.accuracy.shape == (10, len(LEARNERS))
    assert related.seeds == tuple(range(10))
    assert np.all((related.accuracy >= 0) & (related.accuracy <= 1))


def test_the_same_seed_gives_the_same_comparison(related):
    again = compare_relatives(n_labelled=8, relatedness=0.9, n_draws=10, random_state=0)
    np.testing.assert_array_equal(again.accuracy, related.accuracy)


def test_one_draw_at_seed_s_is_row_s_of_the_draws_from_seed_0(related):
    one = compare_relatives(n_labelled=8, relatedness=0.9, n_draws=1, random_state=3)
    np.testing.assert_array_equal(one.accuracy[0], related.accuracy[3])


def test_a_learner_scores_the_same_whichever_others_are_trained_beside_it(related):
    own = compare_relatives(n_labelled=8, relatedness=0.9, learners=OWN_DATA, n_draws=10)
    tasks = compare_relatives(n_labelled=8, relatedness=0.9, learners=OTHER_TASKS,
                              n_draws=10)
    for part in (own, tasks):
        for name in part.learners:
            np.testing.assert_array_equal(part.column(name), related.column(name))


def test_each_related_rule_has_cosine_relatedness_with_the_fixed_target_rule():
    for r in (0.0, 0.3, 1.0):
        normals = task_normals(r)
        np.testing.assert_allclose(np.linalg.norm(normals, axis=1), 1.0)
        np.testing.assert_allclose(normals[1:] @ normals[0], r)
        np.testing.assert_array_equal(normals[0], task_normals(0.5)[0])


def test_the_target_rule_rests_equally_on_both_views():
    # One feature of each view (brightness, pitch): each view alone is informative, at
    # every relatedness, so co-training's sufficiency does not hinge on the other tasks.
    target = task_normals(0.9)[0]
    image, audio = target[[0, 2]], target[[1, 3]]
    assert np.linalg.norm(image) == pytest.approx(np.linalg.norm(audio))


def test_learners_without_other_tasks_score_exactly_alike_at_every_relatedness(
        related, unrelated):
    # The relatedness labels the related tasks only; the target's videos, labels and
    # test set come from a stream of their own.
    for name in OWN_DATA:
        np.testing.assert_array_equal(related.column(name), unrelated.column(name))


def test_related_tasks_make_transfer_and_multi_task_beat_the_target_labels_alone(related):
    # Measured: supervised 0.88, multi-task 0.95, transfer 0.95.
    assert related.mean["transfer"] > related.mean["supervised"] + 0.04
    assert related.mean["multi_task"] > related.mean["supervised"] + 0.04


def test_unrelated_tasks_make_transfer_and_multi_task_lose_to_the_target_labels(unrelated):
    # Measured: supervised 0.88, multi-task 0.81, transfer 0.68.
    assert unrelated.mean["transfer"] < unrelated.mean["supervised"] - 0.1
    assert unrelated.mean["multi_task"] < unrelated.mean["supervised"]


def test_co_training_beats_the_labels_alone_at_defaults(related):
    # Measured: co-training 0.95 against 0.88 over ten draws.
    assert related.mean["multi_view"] > related.mean["supervised"] + 0.03


@pytest.mark.parametrize("kwargs, message", [
    ({"n_labelled": 1}, "n_labelled must be >= 2, got 1"),
    ({"relatedness": 1.5}, r"relatedness must be in \[0, 1\], got 1.5"),
    ({"n_draws": 0}, "n_draws must be >= 1, got 0"),
    ({"gap": -1.0}, r"gap must be in \[0, 10\], got -1.0"),
    ({"random_state": -1}, "random_state must be >= 0, got -1"),
    ({"learners": ("transfer", "boosting")}, "learners must be a non-empty tuple of"),
    ({"learners": ()}, "learners must be a non-empty tuple of"),
])
def test_bad_arguments_are_refused_naming_the_parameter(kwargs, message):
    with pytest.raises(ValueError, match=message):
        compare_relatives(**kwargs)
