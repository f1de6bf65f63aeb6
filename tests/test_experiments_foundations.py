"""The foundations lessons' experiments: their claims on fixed seeds, invariants, and
that every background setting the controls can reach is listed for the warm-up."""

import math

import numpy as np
import pytest

from tllib.experiments import (
    formal_definition, motivation, negative_transfer, related_tasks, task_reuse,
)


def memoised():
    """A memo that computes each background once for this module."""
    store = {}

    def memo(fn, /, **kwargs):
        key = (fn.__qualname__, tuple(sorted(kwargs.items())))
        if key not in store:
            store[key] = fn(**kwargs)
        return store[key]
    return memo


MEMO = memoised()
SLIDER = tuple(round(0.05 * i, 2) for i in range(21))  # the relatedness slider's values


# -- negative transfer --------------------------------------------------------------


def test_negative_transfer_background_covers_every_k_the_page_offers():
    settings = list(negative_transfer.background_settings())
    assert {kw["k"] for _, kw in settings} == set(negative_transfer.K_OPTIONS)
    assert tuple(negative_transfer.RELATEDNESS) == SLIDER  # a record at every slider value


def test_negative_transfer_unrelated_tasks_and_blind_pooling_are_negative_transfer():
    result = negative_transfer.run(0.1, "pooled", 10, 0, memo=MEMO)
    assert result.comparison.verdict == "behind"
    assert result.gain < -0.1  # measured -0.45 on this seed


def test_negative_transfer_related_tasks_transfer_positively_with_either_learner():
    for learner in negative_transfer.LEARNERS:
        assert negative_transfer.run(1.0, learner, 10, 0, memo=MEMO).comparison.verdict == "ahead"


def test_negative_transfer_l2sp_loses_less_than_blind_pooling_where_the_tasks_disagree():
    for k in negative_transfer.K_OPTIONS:
        r = negative_transfer.run(0.2, "l2sp", k, 0, memo=MEMO)
        assert r.versus.verdict == "ahead", (k, r.versus)  # measured +9 to +43 pp
        curves = r.background.curves
        assert np.all(curves.mean["gain_l2sp"][:5] > curves.mean["gain_pooled"][:5])


def test_negative_transfer_with_more_labels_l2sp_turns_negative_later_than_blind_pooling():
    # Measured thresholds: k = 20: 0.72 (pooling), 0.59 (L2-SP); k = 40: 0.77, 0.62.
    for k in (20, 40):
        r = negative_transfer.run(0.5, "l2sp", k, 0, memo=MEMO)
        assert r.notes[0].name == "later", (k, r.background.threshold)


def test_negative_transfer_verdict_and_detector_agree_with_the_numbers():
    for args in [(0.3, "pooled", 10, 0), (0.6, "l2sp", 20, 1), (0.9, "pooled", 6, 2)]:
        r = negative_transfer.run(*args, memo=MEMO)
        assert r.gain == pytest.approx(r.transfer - r.target_only)
        assert r.detector_right == (r.detection.negative == (r.gain < 0))
        assert r.record.n == negative_transfer.N_DRAWS
        assert r.record.learner == ("pooling" if args[1] == "pooled" else "l2sp")
        assert r.record.relatedness == r.column == args[0]
        assert (r.record.true_positives + r.record.false_positives
                + r.record.false_negatives + r.record.true_negatives) == r.record.n


def test_negative_transfer_curves_are_the_records_means():
    r = negative_transfer.run(0.45, "l2sp", 10, 0, memo=MEMO)
    j = negative_transfer.RELATEDNESS.index(0.45)
    for name in negative_transfer.LEARNERS:
        rec = r.background.records[name][j]
        assert r.background.curves.mean[name][j] == pytest.approx(rec.transfer_accuracy.mean())
        assert r.background.curves.mean[f"gain_{name}"][j] == pytest.approx(rec.true_gain.mean())
    np.testing.assert_array_equal(r.background.records["pooled"][j].target_accuracy,
                                  r.background.records["l2sp"][j].target_accuracy)


def test_negative_transfer_rejects_an_unknown_learner_naming_it():
    with pytest.raises(ValueError, match=r"learner must be one of pooled, l2sp; got 'magic'"):
        negative_transfer.run(0.5, "magic", 10, 0, memo=MEMO)


def test_negative_transfer_run_is_deterministic():
    a = negative_transfer.run(0.45, "l2sp", 20, 5, memo=MEMO)
    b = negative_transfer.run(0.45, "l2sp", 20, 5, memo=MEMO)
    assert (a.transfer, a.target_only, a.detection) == (b.transfer, b.target_only, b.detection)
    np.testing.assert_array_equal(a.record.true_gain, b.record.true_gain)


# -- related tasks ------------------------------------------------------------------


def test_related_tasks_background_covers_every_k_the_page_offers():
    settings = list(related_tasks.background_settings())
    assert {kw["k"] for _, kw in settings} == set(related_tasks.K_OPTIONS)


def test_related_tasks_curve_has_a_point_at_every_slider_value_and_every_preset():
    assert tuple(related_tasks.RELATEDNESS) == SLIDER
    assert set(related_tasks.PRESETS.values()) <= set(SLIDER)


@pytest.mark.parametrize("r", [0.0, 0.3, 1.0])
def test_related_tasks_relatedness_0_is_unrelated_rules_at_right_angles_and_1_the_same(r):
    result = related_tasks.run(r, 8, 0, memo=MEMO)
    assert result.pair.details["relatedness"] == pytest.approx((1 + r) / 2)  # agreement
    assert result.angle == pytest.approx(90 * (1 - r))
    source, target = result.rules
    assert math.degrees(math.acos(np.clip(source @ target, -1, 1))) == pytest.approx(result.angle)


def test_related_tasks_noise_free_rules_agree_on_half_the_inputs_at_relatedness_0():
    result = related_tasks.run(0.0, 8, 0, memo=MEMO)
    X = result.pair.X_test[:, :2]
    source, target = result.rules
    assert np.mean((X @ source > 0) == (X @ target > 0)) == pytest.approx(0.5, abs=0.04)


def test_related_tasks_opposite_rules_are_180_degrees_apart_whatever_the_slider():
    a = related_tasks.run(0.2, 8, 0, opposite=True, memo=MEMO)
    b = related_tasks.run(0.9, 8, 0, opposite=True, memo=MEMO)
    assert a.angle == b.angle == 180.0 and a.pair.details["relatedness"] == 0.0
    np.testing.assert_allclose(a.rules[1], -a.rules[0], atol=1e-12)
    assert a.transfer_accuracy == b.transfer_accuracy  # the slider plays no part


def test_related_tasks_related_gain_is_positive_and_opposite_rules_negative():
    assert related_tasks.run(0.9, 8, 0, memo=MEMO).comparison.verdict == "ahead"
    assert related_tasks.run(0.8, 8, 0, opposite=True, memo=MEMO).comparison.verdict == "behind"


def test_related_tasks_unrelated_tasks_are_negative_transfer_on_average_with_8_labels():
    assert related_tasks.run(0.0, 8, 0, memo=MEMO).mean_gain.verdict == "behind"


@pytest.mark.parametrize("k", related_tasks.K_OPTIONS)
def test_related_tasks_opposite_rules_hurt_more_than_unrelated_tasks_at_every_k(k):
    assert related_tasks.run(0.5, k, 0, opposite=True,
                             memo=MEMO).opposite_vs_unrelated.verdict == "behind"


@pytest.mark.parametrize("k", related_tasks.K_OPTIONS)
def test_related_tasks_violin_piano_gains_and_more_than_mathematics_literature(k):
    violin = related_tasks.run(related_tasks.PRESETS["violin_piano"], k, 0, memo=MEMO)
    maths = related_tasks.run(related_tasks.PRESETS["math_literature"], k, 0, memo=MEMO)
    assert violin.mean_gain.verdict == "ahead"
    assert violin.mean_gain.difference > maths.mean_gain.difference + 0.02


def test_related_tasks_sweep_turns_negative_below_a_low_threshold_with_8_labels():
    result = related_tasks.run(0.8, 8, 0, memo=MEMO)
    assert 0.05 < result.threshold < 0.4  # measured about 0.14
    assert result.sweep.mean["gain"][0] < 0 < result.sweep.mean["gain"][-1]


def test_related_tasks_accuracies_are_the_models_scores_and_the_verdict_follows():
    r = related_tasks.run(0.65, 16, 4, memo=MEMO)
    assert r.transfer_accuracy == r.transfer.score(r.pair.X_test, r.pair.y_test)
    assert r.comparison.difference == pytest.approx(r.transfer_accuracy - r.target_accuracy)
    assert not math.isnan(r.comparison.noise)


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(relatedness=1.5), ValueError, "relatedness"),
    (dict(relatedness=-0.1), ValueError, "relatedness"),
    (dict(opposite="yes"), TypeError, "opposite"),
])
def test_related_tasks_rejects_bad_arguments_naming_them(kwargs, error, match):
    with pytest.raises(error, match=match):
        related_tasks.run(**{"relatedness": 0.5, "k": 8, "seed": 0, **kwargs}, memo=MEMO)


# -- task reuse ---------------------------------------------------------------------


def test_task_reuse_background_covers_every_relatedness_the_slider_offers():
    settings = list(task_reuse.background_settings())
    assert {kw["relatedness"] for _, kw in settings} == set(SLIDER)


def test_task_reuse_saves_labels_at_the_default_goal():
    result = task_reuse.run(0.85, 8, 0.8, 0, memo=MEMO)
    assert result.k_reuse < result.k_scratch  # measured 2 and 64
    assert result.saved == result.k_scratch - result.k_reuse


def test_task_reuse_of_an_unrelated_task_is_negative_transfer():
    result = task_reuse.run(0.2, 64, 0.8, 0, memo=MEMO)
    assert result.gain.verdict == "behind"  # measured -0.16 (noise 0.05)


def test_task_reuse_related_reuse_is_ahead_of_scratch_with_few_labels():
    assert task_reuse.run(0.85, 8, 0.8, 0, memo=MEMO).gain.verdict == "ahead"  # +0.24


def test_task_reuse_curves_are_the_average_of_fixed_draws_whatever_the_seed():
    a = task_reuse.run(0.6, 16, 0.75, 0, memo=MEMO)
    b = task_reuse.run(0.6, 16, 0.75, 123, memo=MEMO)
    for name in ("reuse", "target_only", "source_only"):
        np.testing.assert_array_equal(a.curves.scores[name], b.curves.scores[name])
    assert a.curves.scores["reuse"].shape == (len(task_reuse.CURVE_SEEDS),
                                              len(task_reuse.K_GRID))


def test_task_reuse_curves_match_scikit_learn_and_l2sp_on_the_same_draws():
    from tllib.evaluate import learning_curve
    from tllib.parameter import SourcePriorLogisticRegression
    from tllib.tasks import make_task_pair
    ours = task_reuse.learning_curves(0.7)
    reference = learning_curve(
        task_reuse.K_GRID, names=("target_only", "source_only"),
        methods={"reuse": SourcePriorLogisticRegression(source_strength=task_reuse.STRENGTH)},
        generator=make_task_pair, relatedness=0.7, seeds=task_reuse.CURVE_SEEDS)
    for name in ("reuse", "target_only", "source_only"):
        np.testing.assert_allclose(ours.scores[name], reference.scores[name], atol=0.003)


def test_task_reuse_accuracies_are_the_models_scores_and_the_run_is_deterministic():
    a = task_reuse.run(0.5, 32, 0.7, 7, memo=MEMO)
    b = task_reuse.run(0.5, 32, 0.7, 7, memo=MEMO)
    assert a.accuracy == b.accuracy
    for name, model in (("car", a.car), ("reused", a.reused), ("scratch", a.scratch)):
        assert a.accuracy[name] == pytest.approx(model.score(a.pair.X_test, a.pair.y_test))
    i = task_reuse.K_GRID.index(32)
    assert a.gain.difference == pytest.approx(np.mean(
        a.curves.scores["reuse"][:, i] - a.curves.scores["target_only"][:, i]))


# -- motivation ---------------------------------------------------------------------


def test_motivation_background_covers_every_kind_and_strength():
    settings = list(motivation.background_settings())
    sweeps = {kw["shift"] for fn, kw in settings if fn is motivation.drift_sweep}
    curves = {(kw["shift"], kw["strength"]) for fn, kw in settings
              if fn is motivation.scarce_curves}
    assert sweeps == set(motivation.KINDS)
    assert curves == {(k, s) for k in motivation.KINDS for s in SLIDER}


def test_motivation_target_accuracy_falls_below_source_accuracy_under_covariate_shift():
    result = motivation.run("covariate", 0.5, 0, memo=MEMO)
    assert result.source_accuracy - result.target_accuracy > 0.05


def test_motivation_no_shift_keeps_target_accuracy_at_source_level():
    result = motivation.run("covariate", 0.0, 0, memo=MEMO)
    assert abs(result.source_accuracy - result.target_accuracy) < 0.04


def test_motivation_full_concept_shift_is_worse_than_chance():
    result = motivation.run("conditional", 1.0, 0, memo=MEMO)
    assert result.below_chance and result.target_accuracy < result.chance == 0.5


def test_motivation_chance_is_one_over_the_target_classes():
    assert motivation.run("label_space", 0.6, 0, memo=MEMO).chance == pytest.approx(1 / 3)
    assert motivation.scarce_labels("label_space", 0.6, 8, 0, memo=MEMO).chance == \
        pytest.approx(1 / 3)
    assert motivation.run("covariate", 0.6, 0, memo=MEMO).chance == 0.5


def test_motivation_with_two_labels_from_scratch_trails_starting_from_the_source():
    result = motivation.scarce_labels("covariate", 0.5, 2, 0, memo=MEMO)
    assert result.at("target_only") < result.at("pooled")  # measured 0.68 and 0.76
    assert result.gain.difference == pytest.approx(result.at("pooled")
                                                   - result.at("target_only"))


def test_motivation_far_concept_shift_with_few_labels_is_negative_transfer():
    result = motivation.scarce_labels("conditional", 1.0, 8, 0, memo=MEMO)
    assert result.gain.verdict == "behind"


def test_motivation_without_target_labels_there_is_no_model_from_scratch():
    result = motivation.scarce_labels("covariate", 0.5, 0, 0, memo=MEMO)
    assert result.scratch is None and result.gain is None
    assert math.isnan(result.at("target_only"))


@pytest.mark.parametrize("shift", ["covariate", "prior", "feature"])
def test_motivation_batched_curves_match_scikit_learn_on_the_same_draws(shift):
    from tllib.evaluate import learning_curve
    ours = motivation.scarce_curves(shift, 0.35)
    reference = learning_curve(motivation.K_GRID, names=motivation.CURVES,
                               seeds=motivation.SEEDS, shift=shift, strength=0.35)
    for name in motivation.CURVES:
        np.testing.assert_allclose(ours.scores[name], reference.scores[name], atol=0.003)


def test_motivation_runs_are_deterministic_and_seed_free_in_the_background():
    a = motivation.scarce_labels("prior", 0.4, 16, 3, memo=MEMO)
    b = motivation.scarce_labels("prior", 0.4, 16, 9, memo=MEMO)
    np.testing.assert_array_equal(a.curves.scores["pooled"], b.curves.scores["pooled"])
    c = motivation.run("feature", 0.7, 5, memo=MEMO)
    d = motivation.run("feature", 0.7, 5, memo=MEMO)
    assert (c.source_accuracy, c.target_accuracy) == (d.source_accuracy, d.target_accuracy)


# -- formal definition --------------------------------------------------------------


@pytest.mark.parametrize("kind", ["feature", "covariate", "label_space", "conditional",
                                  "prior"])
def test_formal_definition_names_the_part_that_differs(kind):
    from tllib.datasets import DIFFERING_PART
    assert formal_definition.run(kind, 0.6, 0).differing == DIFFERING_PART[kind]
    assert formal_definition.run(kind, 0.0, 0).differing is None


def test_formal_definition_new_label_space_has_a_new_class():
    result = formal_definition.run("label_space", 0.8, 0)
    assert result.new_class and result.measured["label_set"][1] == [0, 1, 2]
    assert not formal_definition.run("covariate", 0.8, 0).new_class


def test_formal_definition_feature_map_only_for_a_changed_feature_space():
    assert set(formal_definition.run("feature", 0.5, 0).feature_map) == set(
        formal_definition.FEATURE_DETAILS)
    assert formal_definition.run("feature", 0.0, 0).feature_map is None
    assert formal_definition.run("covariate", 0.5, 0).feature_map is None


def test_formal_definition_covariate_shift_moves_the_mean_and_keeps_the_rule():
    result = formal_definition.run("covariate", 0.6, 0)
    assert result.mean_distance > 0.5
    assert result.measured["rule_agreement"] > 0.9
    assert list(formal_definition.background_settings()) == []


# -- sweeps: every sentence a lesson shows is true of the numbers beside it ---------

from tests.sweep import grid  # noqa: E402
from ui.text import load_catalogue  # noqa: E402

CATALOGUES = {lang: load_catalogue(lang) for lang in ("en", "fa")}


def check_notes(slug, result, notes, predicates):
    """Each note has a predicate, the predicate holds on ``result``, and the note's
    sentence exists and fills in both languages."""
    for note in notes:
        assert note.name in predicates, f"{slug}: note {note.name!r} has no predicate"
        assert predicates[note.name](result, note.values), (slug, note, result)
        for lang, catalogue in CATALOGUES.items():
            catalogue[f"{slug}.notice.{note.name}"].format(**note.values)


def _shown(x):
    return int(f"{x:.0%}"[:-1])


def _unshifted(r):
    return r.shift == "none" or r.strength == 0


MOTIVATION_DRIFT = {
    "unshifted": lambda r, v: _unshifted(r) and r.comparison.verdict == "tie",
    "unshifted_sampling": lambda r, v: _unshifted(r) and r.comparison.verdict != "tie"
    and v["drop"] == _shown(r.target_accuracy) - _shown(r.source_accuracy),
    "drift_behind": lambda r, v: not _unshifted(r) and r.comparison.verdict == "behind"
    and v["drop"] < 0 and v["acc"] == r.target_accuracy,
    "drift_tie": lambda r, v: not _unshifted(r) and r.comparison.verdict == "tie",
    "drift_ahead": lambda r, v: not _unshifted(r) and r.comparison.verdict == "ahead"
    and v["drop"] > 0,
    "prior": lambda r, v: r.shift == "prior" and r.comparison.verdict == "tie",
    "new_class": lambda r, v: v["share"] > 0 and r.shift == "label_space"
    and 2 not in r.model.classes_ and v["share"] == np.mean(r.pair.y_test == 2),
    "below_chance": lambda r, v: v["acc"] < v["chance"] == r.chance
    and r.chance == 1 / len(set(r.pair.y_source) | set(r.pair.y_test)),
}


def _gain_values(r, v):
    return (v["scratch"] == r.at("target_only") and v["pooled"] == r.at("pooled")
            and v["gain"] == _shown(v["pooled"]) - _shown(v["scratch"]))


MOTIVATION_SCARCE = {
    "no_labels": lambda r, v: r.k == 0 and r.gain is None,
    "gain_ahead": lambda r, v: r.gain.verdict == "ahead" and _gain_values(r, v)
    and v["gain"] > 0,
    "gain_tie": lambda r, v: r.gain.verdict == "tie" and _gain_values(r, v),
    "gain_behind": lambda r, v: r.gain.verdict == "behind" and _gain_values(r, v)
    and v["gain"] < 0,
    "crossing": lambda r, v: r.first.verdict == "ahead" and r.last.verdict == "behind"
    and v["scratch_max"] > v["pooled_max"] and r.k < v["k_max"],
    "many_ahead": lambda r, v: r.last.verdict == "ahead" and v["pooled_max"] > v["scratch_max"],
    "many_tie": lambda r, v: r.last.verdict == "tie",
    "many_behind": lambda r, v: r.last.verdict == "behind"
    and v["scratch_max"] > v["pooled_max"],
}


def test_motivation_sweep_every_sentence_is_true_of_its_numbers():
    for setting in grid(shift=motivation.KINDS, strength=(0.0, 0.5, 1.0), seed=(0, 1, 2)):
        r = motivation.run(**setting, memo=MEMO)
        assert r.chance == 1 / len(set(r.pair.y_source) | set(r.pair.y_test))
        check_notes("motivation", r, r.notes, MOTIVATION_DRIFT)
        for k in (0, 2, 8, 128):
            s = motivation.scarce_labels(**setting, k=k, memo=MEMO)
            check_notes("motivation", s, s.notes, MOTIVATION_SCARCE)


def _reuse_values(r, v):
    return (v["scratch"] == r.at("target_only") and v["reuse"] == r.at("reuse")
            and v["source"] == r.at("source_only")
            and v["gain"] == _shown(v["reuse"]) - _shown(v["scratch"]))


def _needs(r, v):
    """The labels named are where each curve first reaches the goal on the grid."""
    for name, key in (("target_only", "scratch"), ("reuse", "reuse")):
        mean = r.curves.mean[name]
        reached = [x for x, m in zip(task_reuse.K_GRID, mean) if m >= r.goal]
        if key in v and (not reached or v[key] != reached[0]):
            return False
        if key not in v and reached:
            return False
    return True


TASK_REUSE = {
    "now_ahead": lambda r, v: r.gain.verdict == "ahead" and _reuse_values(r, v)
    and v["gain"] > 0,
    "now_tie": lambda r, v: r.gain.verdict == "tie" and _reuse_values(r, v),
    "now_behind": lambda r, v: r.gain.verdict == "behind" and _reuse_values(r, v)
    and v["gain"] < 0,
    "saved": lambda r, v: _needs(r, v) and v["saved"] == v["scratch"] - v["reuse"] > 0,
    "same_labels": lambda r, v: _needs(r, v) and v["scratch"] == v["reuse"],
    "costs": lambda r, v: _needs(r, v) and v["extra"] == v["reuse"] - v["scratch"] > 0,
    "never_scratch": lambda r, v: _needs(r, v) and "scratch" not in v and "reuse" in v,
    "never_reuse": lambda r, v: _needs(r, v) and "reuse" not in v and "scratch" in v,
    "never": lambda r, v: _needs(r, v) and "reuse" not in v and "scratch" not in v,
}


def test_task_reuse_sweep_every_sentence_is_true_of_its_numbers():
    for setting in grid(relatedness=(0.0, 0.5, 0.85, 1.0), k=(2, 16, 256),
                        goal=(0.6, 0.8, 0.95), seed=(0, 1, 2)):
        r = task_reuse.run(**setting, memo=MEMO)
        check_notes("task_reuse", r, r.notes, TASK_REUSE)


def _shares_gap(r):
    s, t = r.measured["class_shares"]
    return max(abs(s.get(c, 0.0) - t.get(c, 0.0)) for c in set(s) | set(t))


FORMAL_DEFINITION = {
    "rule_kept": lambda r, v: not r.differs["P(y|x)"]
    and v["agree"] >= v["expected"] - r.noise["P(y|x)"],
    "rule_changed": lambda r, v: r.differs["P(y|x)"]
    and v["agree"] < v["expected"] - r.noise["P(y|x)"],
    "means_moved": lambda r, v: r.differs["P(x)"] and v["distance"] > v["noise"],
    "means_same": lambda r, v: not r.differs["P(x)"] and v["distance"] <= v["noise"],
    "shares_moved": lambda r, v: r.differs["P(y)"] and _shares_gap(r) > r.noise["P(y)"],
    "new_class": lambda r, v: r.new_class and r.differs["Y"]
    and v["target_labels"] != v["source_labels"],
    "knock_on": lambda r, v: r.differing is not None
    and any(d for p, d in r.differs.items() if p != r.differing),
    "sampling": lambda r, v: r.differing is None and any(r.differs.values()),
}


def test_formal_definition_sweep_every_sentence_is_true_of_its_numbers():
    for setting in grid(kind=formal_definition.KINDS, strength=(0.0, 0.5, 1.0),
                        seed=(0, 1, 2, 3)):
        r = formal_definition.run(**setting)
        check_notes("formal_definition", r, r.notes, FORMAL_DEFINITION)
        # the part the kind changes is measured as different, and the table's class
        # shares differ exactly when the formula row says P_S(y) ≠ P_T(y)
        if r.differing is not None and setting["strength"] >= 0.5:
            assert r.differs[r.differing], setting
        assert r.differs["P(y)"] == any(n.name in ("shares_moved", "new_class")
                                        for n in r.notes) or r.new_class


def _thresholds(r, v):
    bg = r.background
    same = lambda a, b: (math.isnan(a) and math.isnan(b)) or a == b  # noqa: E731
    return (same(v["t_pooled"], bg.threshold["pooled"]) and same(v["t_l2sp"], bg.threshold["l2sp"])
            and v["pooled0"] == round(100 * bg.curves.mean["gain_pooled"][0])
            and v["l2sp0"] == round(100 * bg.curves.mean["gain_l2sp"][0]))


def _turns_negative_below(curves, name, threshold):
    """The mean gain is negative just below ``threshold`` and never below 0 above it."""
    gain = curves.mean[f"gain_{name}"]
    return np.all(gain[curves.x > threshold] >= 0) and np.any(gain[curves.x < threshold] < 0)


def _later(r, v):
    curves = r.background.curves
    return (_thresholds(r, v) and v["t_l2sp"] < v["t_pooled"] - negative_transfer.SAME_PLACE
            and _turns_negative_below(curves, "pooled", v["t_pooled"])
            and _turns_negative_below(curves, "l2sp", v["t_l2sp"]))


def _same_place(r, v):
    return (_thresholds(r, v)
            and abs(v["t_l2sp"] - v["t_pooled"]) <= negative_transfer.SAME_PLACE)


def _earlier(r, v):
    return _thresholds(r, v) and v["t_l2sp"] > v["t_pooled"] + negative_transfer.SAME_PLACE


def _never(name):
    def predicate(r, v):
        gain = r.background.curves.mean[f"gain_{name}"]
        return _thresholds(r, v) and math.isnan(v[f"t_{name}"]) and np.all(gain >= 0)
    return predicate


def _versus(verdict):
    def predicate(r, v):
        j = negative_transfer.RELATEDNESS.index(v["r"])
        gains = {name: round(100 * r.background.curves.mean[f"gain_{name}"][j])
                 for name in negative_transfer.LEARNERS}
        return (r.versus.verdict == verdict and v["r"] == r.column
                and abs(r.column - r.relatedness) <= 0.025 + 1e-9
                and v["pooled"] == gains["pooled"] and v["l2sp"] == gains["l2sp"]
                and v["diff"] == abs(v["l2sp"] - v["pooled"])
                and (verdict == "tie" or (v["l2sp"] > v["pooled"]) == (verdict == "ahead")))
    return predicate


NEGATIVE_TRANSFER = {
    "later": _later, "same_place": _same_place, "earlier": _earlier,
    "l2sp_never": _never("l2sp"), "pooled_never": _never("pooled"),
    "never_negative": lambda r, v: _never("l2sp")(r, v) and _never("pooled")(r, v),
    "l2sp_ahead": _versus("ahead"), "pooled_ahead": _versus("behind"),
    "learners_tie": _versus("tie"),
    "detector_reliable": lambda r, v: v["correct"] == r.record.n_correct
    and r.record.accuracy >= 0.8,
    "detector_unreliable": lambda r, v: v["correct"] == r.record.n_correct
    and r.record.accuracy < 0.8,
}
FLAGS = {
    "flag_behind": lambda r, v: r.comparison.verdict == "behind" and v["gain"] < 0,
    "flag_ahead": lambda r, v: r.comparison.verdict == "ahead" and v["gain"] > 0,
    "flag_tie": lambda r, v: r.comparison.verdict == "tie",
}


def test_negative_transfer_sweep_every_sentence_and_flag_is_true_of_its_numbers():
    seen = set()
    for setting in grid(relatedness=(0.0, 0.3, 0.5, 0.65, 0.8, 1.0),
                        learner=negative_transfer.LEARNERS, k=negative_transfer.K_OPTIONS,
                        seed=(0, 1)):
        r = negative_transfer.run(**setting, memo=MEMO)
        check_notes("negative_transfer", r, r.notes, NEGATIVE_TRANSFER)
        check_notes("negative_transfer", r, (r.detector_note,), NEGATIVE_TRANSFER)
        check_notes("negative_transfer", r, (r.flag,), FLAGS)
        seen.update(n.name for n in (*r.notes, r.detector_note, r.flag))
    # The sweep reaches both kinds of threshold note, and every verdict between learners.
    assert {"later", "same_place", "l2sp_ahead", "pooled_ahead", "learners_tie"} <= seen, seen


def _now_values(r, v):
    angle = 180.0 if r.opposite else 90 * (1 - r.relatedness)
    return (v["angle"] == r.angle == pytest.approx(angle)
            and v["transfer"] == r.transfer_accuracy and v["target"] == r.target_accuracy
            and v["gain"] == _shown(r.transfer_accuracy) - _shown(r.target_accuracy))


def _mean_values(r, v):
    j = list(related_tasks.RELATEDNESS).index(v["r"])
    gain = r.sweep.mean["gain"][j]
    return (not r.opposite and v["r"] == r.relatedness and v["gain"] == round(gain * 100)
            and r.mean_gain.difference == pytest.approx(gain))


def _opposite_values(r, v):
    gain = r.opposite_sweep.mean["gain"][0]
    return (r.opposite and v["gain"] == round(gain * 100)
            and r.mean_gain.difference == pytest.approx(gain))


def _versus_values(r, v):
    opposite, unrelated = r.opposite_sweep.mean["gain"][0], r.sweep.mean["gain"][0]
    return (r.opposite and r.sweep.x[0] == 0.0 and v["opposite"] == round(opposite * 100)
            and v["unrelated"] == round(unrelated * 100)
            and r.opposite_vs_unrelated.difference == pytest.approx(opposite - unrelated))


def _threshold(r, v):
    x, gain = np.asarray(r.sweep.x), r.sweep.mean["gain"]
    return (not r.opposite and np.all(gain[x > v["r0"]] >= 0)
            and np.any(gain[x < v["r0"]] < 0))


RELATED_TASKS = {
    "now_ahead": lambda r, v: r.comparison.verdict == "ahead" and _now_values(r, v)
    and v["gain"] > 0,
    "now_tie": lambda r, v: r.comparison.verdict == "tie" and _now_values(r, v),
    "now_behind": lambda r, v: r.comparison.verdict == "behind" and _now_values(r, v)
    and v["gain"] < 0,
    "mean_ahead": lambda r, v: r.mean_gain.verdict == "ahead" and _mean_values(r, v)
    and v["gain"] > 0,
    "mean_tie": lambda r, v: r.mean_gain.verdict == "tie" and _mean_values(r, v),
    "mean_behind": lambda r, v: r.mean_gain.verdict == "behind" and _mean_values(r, v)
    and v["gain"] < 0,
    "threshold": _threshold,
    "never_negative": lambda r, v: not r.opposite and np.all(r.sweep.mean["gain"] >= 0),
    "no_threshold": lambda r, v: not r.opposite and r.sweep.mean["gain"][-1] < 0,
    "opposite_ahead": lambda r, v: r.mean_gain.verdict == "ahead" and _opposite_values(r, v)
    and v["gain"] > 0,
    "opposite_tie": lambda r, v: r.mean_gain.verdict == "tie" and _opposite_values(r, v),
    "opposite_behind": lambda r, v: r.mean_gain.verdict == "behind"
    and _opposite_values(r, v) and v["gain"] < 0,
    "vs_unrelated_behind": lambda r, v: r.opposite_vs_unrelated.verdict == "behind"
    and _versus_values(r, v) and v["opposite"] < v["unrelated"],
    "vs_unrelated_tie": lambda r, v: r.opposite_vs_unrelated.verdict == "tie"
    and _versus_values(r, v),
    "vs_unrelated_ahead": lambda r, v: r.opposite_vs_unrelated.verdict == "ahead"
    and _versus_values(r, v) and v["opposite"] > v["unrelated"],
}


def test_related_tasks_sweep_every_sentence_is_true_of_its_numbers():
    # Every control: the slider's ends, middle and the two presets; every k; the
    # opposite toggle both ways; three seeds.
    seen = set()
    for setting in grid(relatedness=(0.0, 0.1, 0.25, 0.5, 0.9, 1.0),
                        k=related_tasks.K_OPTIONS, seed=(0, 1, 2), opposite=(False, True)):
        r = related_tasks.run(**setting, memo=MEMO)
        check_notes("related_tasks", r, r.notes, RELATED_TASKS)
        seen.update(n.name for n in r.notes)
    assert {"threshold", "opposite_behind", "vs_unrelated_behind", "mean_ahead",
            "mean_tie", "mean_behind", "now_ahead", "now_tie", "now_behind"} <= seen, seen


FOUNDATIONS = ("motivation", "task_reuse", "related_tasks", "negative_transfer",
               "formal_definition")


def test_every_self_check_option_has_its_own_explanation_in_both_languages():
    for lang, catalogue in CATALOGUES.items():
        quizzes = {key.rsplit(".", 1)[0] for key in catalogue
                   if key.split(".")[0] in FOUNDATIONS and ".quiz." in key
                   and key.endswith(".options")}
        assert len(quizzes) >= 12, quizzes
        for quiz in quizzes:
            explanations = catalogue[f"{quiz}.explanations"]
            assert len(explanations) == len(catalogue[f"{quiz}.options"]), (lang, quiz)
            assert all(isinstance(e, str) and e for e in explanations)


# -- every experiment says what is wrong with its seed, by that name ------------------

SEEDED_RUNS = {
    "feature_based": dict(method="coral", strength=0.5, k=10),
    "formal_definition": dict(kind="covariate", strength=0.5),
    "how_they_differ": dict(n_labelled=8, relatedness=0.9),
    "instance_based": dict(kind="covariate", method="kmm", strength=0.5, k=10),
    "motivation": dict(shift="covariate", strength=0.5),
    "multi_task": dict(relatedness=0.5, coupling=3.0, weight=1.0),
    "multi_view": dict(sufficiency=1.0, independence=1.0),
    "negative_transfer": dict(relatedness=0.5, learner="pooled", k=10),
    "parameter_based": dict(strength=0.5, lam=1.0, k=8),
    "related_tasks": dict(relatedness=0.8, k=8),
    "semi_supervised": dict(shift=0.0),
    "task_reuse": dict(relatedness=0.8, k=10, goal=0.8),
    "tradaboost": dict(strength=0.3, k=10),
}


@pytest.mark.parametrize("name", SEEDED_RUNS)
@pytest.mark.parametrize("seed", ["a", -1, 1.5])
def test_an_experiment_refuses_a_bad_seed_by_its_name(name, seed):
    import importlib

    module = importlib.import_module(f"tllib.experiments.{name}")
    # The library's convention: TypeError for a wrong type, ValueError for a bad value.
    with pytest.raises((TypeError, ValueError), match="^seed must be"):
        module.run(**SEEDED_RUNS[name], seed=seed)
