"""The course's two definitions, pinned: transfer gain and negative transfer.

tllib.evaluate implements them, the home page's glossary states them in both languages,
and every lesson's verdicts go through ``evaluate.compare``."""

import math

import numpy as np
import pytest

from tllib import evaluate
from ui.text import load_catalogue


def test_transfer_gain_is_the_learner_minus_target_only():
    assert evaluate.transfer_gain(0.81, 0.75) == pytest.approx(0.06)
    np.testing.assert_allclose(evaluate.transfer_gain([0.7, 0.9], [0.8, 0.8]), [-0.1, 0.1])


def test_without_any_target_label_learning_without_the_source_is_chance():
    assert evaluate.chance(2) == 0.5
    assert evaluate.chance(3) == pytest.approx(1 / 3)


def test_a_loss_beyond_the_noise_is_negative_transfer():
    assert evaluate.compare(0.70, 0.80).verdict == "behind"


def test_a_difference_within_the_noise_is_a_tie_not_a_small_win():
    assert evaluate.compare(0.81, 0.80).verdict == "tie"
    assert evaluate.compare(0.80 - evaluate.TIE, 0.80).verdict == "tie"


def test_a_gain_beyond_the_noise_is_ahead():
    comparison = evaluate.compare(0.86, 0.80)
    assert comparison.verdict == "ahead"
    assert comparison.difference == pytest.approx(0.06) and comparison.n_draws == 1


def test_over_several_draws_the_noise_is_twice_the_standard_error_of_the_mean():
    learner = np.array([0.90, 0.70, 0.95, 0.65])
    baseline = np.full(4, 0.75)
    comparison = evaluate.compare(learner, baseline)
    diff = learner - baseline
    assert comparison.noise == pytest.approx(2 * diff.std(ddof=1) / 2)
    assert comparison.verdict == "tie"  # +5 points on average, but all over the place


def test_steady_gains_over_draws_are_ahead_even_when_small():
    comparison = evaluate.compare([0.83, 0.84, 0.83, 0.84], [0.80, 0.80, 0.80, 0.80])
    assert comparison.verdict == "ahead"


def test_a_nan_accuracy_is_an_unknown_verdict():
    assert evaluate.compare(math.nan, 0.8).verdict == "unknown"


def test_comparing_draws_of_different_lengths_is_refused():
    with pytest.raises(ValueError, match="two 1-D arrays of one length"):
        evaluate.compare([0.8, 0.9], [0.8])


@pytest.mark.parametrize("language", ["en", "fa"])
def test_the_glossary_states_both_definitions_in_each_language(language):
    catalogue = load_catalogue(language)
    for key in ("heading", "gain_term", "gain", "negative_term", "negative", "other"):
        assert catalogue[f"home.glossary.{key}"].strip(), key
    english = load_catalogue("en")
    assert "without the source" in english["home.glossary.gain"]
    assert "target-only" in english["home.glossary.gain"]
