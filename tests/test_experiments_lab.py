"""The Lab's experiment layer (tllib.experiments.lab): its numbers are the experiment
functions' own (a row is what fitting that method yourself on the same draws gives), the
negative-transfer flag is the gain's verdict, the course's definition of the gain
(target-only, or chance with no target label), the sweep and its crossings, and the
refusals. Fixed seeds throughout; no timing assertion."""

import math

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from tllib import evaluate
from tllib.augmentation import FeatureAugmentation
from tllib.datasets import make_domain_pair
from tllib.evaluate import BASELINES, TIE, compare
from tllib.experiments import lab
from tllib.feature import CORAL, SubspaceAlignment, TransferComponentAnalysis
from tllib.instance import KLIEP, DiscriminatorReweighting, KernelMeanMatching
from tllib.parameter import SourcePriorLogisticRegression
from tllib.tradaboost import TrAdaBoostClassifier

LABELLED = ("target_only", "pooled", "tradaboost", "augmentation", "l2sp")


@pytest.fixture(autouse=True, scope="module")
def one_blas_thread():
    """Hundreds of small fits: on 2 busy cores BLAS threads fight (as the app, one)."""
    with threadpool_limits(1):
        yield


@pytest.fixture(scope="module")
def board():
    return lab.leaderboard("covariate", 0.5, seeds=3, seed=4)


@pytest.fixture(scope="module")
def concept():
    return lab.leaderboard("conditional", 0.9, seeds=3)


@pytest.fixture(scope="module")
def unlabelled():
    return lab.leaderboard("covariate", 0.8, k=0, seeds=3)


STRENGTHS = (0.0, 0.25, 0.5, 0.75, 1.0)
SWEPT = ("target_only", "pooled", "l2sp")


@pytest.fixture(scope="module")
def sweep():
    return lab.gain_sweep("conditional", SWEPT, STRENGTHS, seeds=5)


def fit_yourself(name, pair, random_state):
    """The method fitted without the Lab: a baseline by evaluate.fit_baseline, a transfer
    estimator by evaluate.fit_transfer (the visible target labels as yt)."""
    method = lab.METHODS[name]
    if method.family == "baseline":
        return evaluate.fit_baseline(name, pair, method.make(random_state))
    return evaluate.fit_transfer(method.make(random_state), pair)


# -- the registry -----------------------------------------------------------------------


def test_registry_holds_the_baselines_and_every_transfer_estimator_in_family_order():
    names = tuple(lab.METHODS)
    assert names[:3] == BASELINES
    families = [lab.METHODS[n].family for n in names]
    assert families == sorted(families, key=lab.FAMILIES.index)
    made = {type(lab.METHODS[n].make(0)) for n in names[3:]}
    assert made == {KernelMeanMatching, KLIEP, DiscriminatorReweighting,
                    TrAdaBoostClassifier, CORAL, SubspaceAlignment,
                    TransferComponentAnalysis, FeatureAugmentation,
                    SourcePriorLogisticRegression}


def test_registry_marks_the_methods_that_need_target_labels():
    assert {n for n, m in lab.METHODS.items() if m.needs_target_labels} == set(LABELLED)
    assert {n for n, m in lab.METHODS.items() if m.binary_only} == {"tradaboost", "l2sp"}


def test_registry_makes_a_fresh_estimator_each_time():
    for method in lab.METHODS.values():
        assert method.make(0) is not method.make(0)


def test_registry_passes_random_state_to_the_estimators_that_take_one():
    assert lab.METHODS["kliep"].make(7).random_state == 7
    assert lab.METHODS["tradaboost"].make(7).random_state == 7
    assert lab.METHODS["tca"].make(7).random_state == 7


# -- fit_method -------------------------------------------------------------------------


def test_fit_method_is_fitting_the_estimator_yourself():
    pair = make_domain_pair("covariate", 0.6, random_state=1)
    for name in ("kmm", "tradaboost", "pooled"):
        model, seconds = lab.fit_method(name, pair.X_source, pair.y_source, pair.X_target,
                                        pair.y_target_visible, random_state=1)
        assert seconds >= 0
        np.testing.assert_array_equal(model.predict(pair.X_test),
                                      fit_yourself(name, pair, 1).predict(pair.X_test))


def test_fit_method_refuses_a_method_that_needs_labels_without_one():
    pair = make_domain_pair("covariate", 0.6, n_target_labelled=0, random_state=1)
    with pytest.raises(ValueError, match="l2sp needs labelled target points"):
        lab.fit_method("l2sp", pair.X_source, pair.y_source, pair.X_target, None)


def test_fit_method_hides_labels_of_classes_the_source_never_had():
    pair = make_domain_pair("label_space", 0.6, n_target_labelled=20, random_state=0)
    assert 2 in pair.y_target_visible  # evaluate.fit_transfer would refuse this yt
    model, _ = lab.fit_method("kmm", pair.X_source, pair.y_source, pair.X_target,
                              pair.y_target_visible, random_state=0)
    assert set(model.classes_) == {0, 1}


# -- the leaderboard's numbers ------------------------------------------------------------


def test_leaderboard_rows_are_fitting_each_method_yourself_on_the_same_draws(board):
    assert board.seeds == (4, 5, 6)
    for i, seed in enumerate(board.seeds):
        pair = make_domain_pair("covariate", 0.5, n_target_labelled=10, random_state=seed)
        target = evaluate.fit_baseline("target_only", pair).score(pair.X_test, pair.y_test)
        assert board.reference_accuracies[i] == target
        for name in lab.METHODS:
            accuracy = fit_yourself(name, pair, seed).score(pair.X_test, pair.y_test)
            assert board.row(name).accuracies[i] == accuracy, name
            assert board.row(name).gains[i] == accuracy - target, name


def test_leaderboard_summaries_are_the_draws_mean_spread_and_paired_verdict(board):
    for row in board.rows:
        assert row.accuracy == pytest.approx(np.mean(row.accuracies))
        assert row.accuracy_std == pytest.approx(np.std(row.accuracies))
        assert row.gain == pytest.approx(np.mean(row.gains))
        assert row.gain_std == pytest.approx(np.std(row.gains))
        assert row.comparison == compare(row.accuracies, board.reference_accuracies)
        assert row.fit_ms == np.median(row.fit_times_ms) > 0


def test_leaderboard_target_only_gain_is_exactly_zero(board, concept):
    for b in (board, concept):
        row = b.row("target_only")
        assert np.all(row.gains == 0.0) and row.gain == 0.0
        assert row.verdict == "tie" and not row.negative
    assert board.reference == "target_only"


def test_leaderboard_negative_flag_is_the_gain_behind_beyond_the_noise(board, concept,
                                                                       unlabelled):
    for b in (board, concept, unlabelled):
        for row in b.rows:
            assert row.negative == (row.verdict == "behind")
            beyond = row.gain < -row.comparison.noise
            assert row.negative == beyond, row.name  # the sign, beyond the noise
        assert b.negative == tuple(r.name for r in b.rows if r.negative)
    # A rule rotated by 162 degrees: the source misleads (measured: source-only -60 pp).
    assert "source_only" in concept.negative and "pooled" in concept.negative
    assert "kmm" not in board.negative  # reweighting a covariate shift does not hurt


def test_leaderboard_with_no_target_label_measures_gain_against_chance(unlabelled):
    assert unlabelled.reference == "chance" and unlabelled.chance == 0.5
    assert np.all(unlabelled.reference_accuracies == 0.5)
    for row in unlabelled.rows:
        if row.name in LABELLED:
            assert row.reason == "needs_target_labels"
            assert math.isnan(row.accuracy) and math.isnan(row.gain)
            assert row.verdict == "unknown" and not row.negative
            assert math.isnan(row.fit_ms) and unlabelled.models[row.name] is None
        else:
            assert row.reason is None
            assert np.all(row.gains == row.accuracies - 0.5)
            assert row.verdict == "ahead"  # measured: every one beats a guess here


def test_leaderboard_keeps_the_first_draw_and_its_fitted_models(board):
    pair = make_domain_pair("covariate", 0.5, n_target_labelled=10, random_state=4)
    np.testing.assert_array_equal(board.pair.X_source, pair.X_source)
    np.testing.assert_array_equal(board.pair.y_test, pair.y_test)
    for name, model in board.models.items():
        assert model.score(pair.X_test, pair.y_test) == board.row(name).accuracies[0]


def test_leaderboard_keeps_the_order_and_the_subset_asked_for():
    b = lab.leaderboard("feature", 0.6, methods=["coral", "source_only"], seeds=2)
    assert b.names == ("coral", "source_only")
    assert set(b.models) == {"coral", "source_only"}
    assert b.reference == "target_only"  # fitted for the gains even when not shown


def test_leaderboard_is_deterministic_given_its_settings():
    a = lab.leaderboard("prior", 0.7, methods=["kliep", "tca", "tradaboost"], seeds=2)
    b = lab.leaderboard("prior", 0.7, methods=["kliep", "tca", "tradaboost"], seeds=2)
    for ra, rb in zip(a.rows, b.rows):
        np.testing.assert_array_equal(ra.accuracies, rb.accuracies)


def test_leaderboard_flags_hidden_new_class_labels_under_a_label_space_shift():
    b = lab.leaderboard("label_space", 0.5, methods=["target_only", "kmm", "l2sp"], seeds=2)
    assert b.row("target_only").caveat is None
    assert b.row("kmm").caveat == b.row("l2sp").caveat == "new_class_hidden"
    assert b.row("kmm").negative  # it can never predict the new class


def test_leaderboard_records_are_the_rows_as_plain_values(board):
    records = board.records()
    assert [r["method"] for r in records] == list(board.names)
    first = records[0]
    assert first["accuracy"] == board.rows[0].accuracy
    assert first["negative"] == board.rows[0].negative
    assert first["reason"] == "" and first["verdict"] == board.rows[0].verdict


def test_leaderboard_best_is_the_highest_mean_accuracy(board):
    assert board.row(board.best).accuracy == max(r.accuracy for r in board.rows)


def test_leaderboard_reports_progress_until_done():
    calls = []
    lab.leaderboard("covariate", 0.5, methods=["coral", "sa"], seeds=2,
                    progress=lambda done, total: calls.append((done, total)))
    assert calls == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]


def test_leaderboard_stops_when_progress_raises():
    class Stop(Exception):
        pass

    calls = []

    def progress(done, total):
        calls.append(done)
        if done == 2:
            raise Stop

    with pytest.raises(Stop):
        lab.leaderboard("covariate", 0.5, methods=["coral", "sa"], seeds=3,
                        progress=progress)
    assert calls == [0, 1, 2]


# -- given data -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def upload():
    """A target "file" of 600 rows: 300 with labels, 300 without."""
    p = make_domain_pair("feature", 0.6, random_state=3)
    y = np.r_[np.full(300, -1), p.y_test[:300]]
    return p.X_source, p.y_source, np.vstack([p.X_target, p.X_test[:300]]), y


def test_pair_from_arrays_shows_k_labels_and_tests_on_the_other_labelled_rows(upload):
    Xs, ys, Xt, yt = upload
    pair = lab.pair_from_arrays(Xs, ys, Xt, yt, k=10, random_state=0)
    assert pair.target_labelled.sum() == 10
    assert np.all(yt[pair.target_labelled] != -1)
    assert set(pair.y_target_labelled) == {0, 1}  # one of each class first
    assert len(pair.y_test) == 290
    rows = [i for i in range(len(yt)) if yt[i] != -1 and not pair.target_labelled[i]]
    np.testing.assert_array_equal(pair.X_test, Xt[rows])


def test_pair_from_arrays_refuses_a_k_that_leaves_nothing_to_test(upload):
    Xs, ys, Xt, yt = upload
    with pytest.raises(ValueError, match=r"k must be in \[0, 299\], got 300"):
        lab.pair_from_arrays(Xs, ys, Xt, yt, k=300)
    with pytest.raises(ValueError, match="k must be 0 when the target has no label; got 5"):
        lab.pair_from_arrays(Xs, ys, Xt, None, k=5)
    with pytest.raises(ValueError, match="X_target must have 2 features"):
        lab.pair_from_arrays(Xs, ys, Xt[:, :1], yt, k=5)


def test_leaderboard_on_is_fitting_each_method_yourself_on_the_given_data(upload):
    board = lab.leaderboard_on(*upload, k=10, random_state=2)
    pair = lab.pair_from_arrays(*upload, k=10, random_state=2)
    target = evaluate.fit_baseline("target_only", pair).score(pair.X_test, pair.y_test)
    for name in lab.METHODS:
        accuracy = fit_yourself(name, pair, 2).score(pair.X_test, pair.y_test)
        row = board.row(name)
        assert row.accuracy == accuracy and row.gain == accuracy - target, name
        # one draw on 290 test rows: the tie is TIE scaled to that many rows
        assert row.comparison.noise == pytest.approx(TIE * math.sqrt(1000 / 290))
        assert row.negative == (row.verdict == "behind")


def test_leaderboard_on_without_target_labels_has_no_accuracy(upload):
    Xs, ys, Xt, _ = upload
    board = lab.leaderboard_on(Xs, ys, Xt, None, k=0, methods=["coral", "l2sp"])
    coral, l2sp = board.row("coral"), board.row("l2sp")
    assert coral.reason == "no_test_labels" and math.isnan(coral.accuracy)
    assert board.models["coral"] is not None  # fitted: a label-free estimate may rank it
    assert l2sp.reason == "needs_target_labels" and board.models["l2sp"] is None
    assert board.reference == "chance" and math.isnan(board.reference_accuracies[0])


def test_leaderboard_on_calls_the_estimates_hook_for_each_fitted_method(upload):
    Xs, ys, Xt, _ = upload
    seen = []

    def estimates(name, model, pair):
        seen.append(name)
        return model.score(pair.X_source, pair.y_source)

    board = lab.leaderboard_on(Xs, ys, Xt, None, k=0, methods=["sa", "tradaboost"],
                               estimates=estimates)
    assert seen == ["sa"]
    model = board.models["sa"]
    assert board.row("sa").estimate == model.score(Xs, ys)
    assert math.isnan(board.row("tradaboost").estimate)


def test_leaderboard_on_gives_binary_only_methods_no_row_with_three_source_classes():
    p = make_domain_pair("label_space", 0.5, n_target_labelled=20, random_state=0)
    board = lab.leaderboard_on(p.X_target, p.y_target, p.X_test, p.y_test, k=10,
                               methods=["kmm", "tradaboost", "l2sp"])
    assert board.row("tradaboost").reason == board.row("l2sp").reason == "binary_only"
    assert board.row("kmm").reason is None and board.chance == pytest.approx(1 / 3)


# -- when to transfer -----------------------------------------------------------------------


def test_sweep_has_one_gain_per_draw_and_strength(sweep):
    np.testing.assert_array_equal(sweep.x, STRENGTHS)
    for name in SWEPT:
        assert sweep.scores[name].shape == (5, len(STRENGTHS))
        assert sweep.mean[name].shape == sweep.std[name].shape == (len(STRENGTHS),)
    assert np.all(sweep.scores["target_only"] == 0.0)


def test_sweep_column_is_the_leaderboard_at_that_strength(sweep):
    b = lab.leaderboard("conditional", 0.75, methods=SWEPT, seeds=5)
    for name in SWEPT:
        np.testing.assert_array_equal(sweep.scores[name][:, 3], b.row(name).gains)


def test_pooling_under_a_growing_concept_shift_turns_negative(sweep):
    same_rule = sweep.scores["pooled"][:, 0]
    assert compare(same_rule, np.zeros(5)).verdict == "ahead"  # the source helps
    where = lab.crossings(sweep)
    # measured on seeds 0-4: +11 pp at 0, a tie at 0.25 and 0.5 (-1, -2 pp), behind
    # from 0.75 on (-23 pp): the crossing at 0.56. L2-SP (+10 pp at 0) is behind from
    # 0.25 on (-3 pp, the draws agreeing): 0.24.
    assert 0.5 < where["pooled"] < 0.75
    assert 0.0 < where["l2sp"] <= 0.25
    assert math.isnan(where["target_only"])


def test_sweep_without_target_labels_leaves_label_methods_empty():
    curves = lab.gain_sweep("covariate", ["l2sp", "coral"], (0.0, 1.0), k=0, seeds=2)
    assert np.all(np.isnan(curves.scores["l2sp"]))
    assert math.isnan(lab.crossings(curves)["l2sp"])
    assert np.all(curves.scores["coral"] > 0)  # against a guess


def test_sweep_reports_progress_per_fit():
    calls = []
    lab.gain_sweep("covariate", ["coral"], (0.0, 0.5), seeds=2,
                   progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, 4) and calls[-1] == (4, 4) and len(calls) == 5


def test_first_negative_interpolates_where_the_gain_leaves_the_noise():
    gains = np.array([[0.1, -0.2]] * 3)  # identical draws: the noise is TIE
    # mean + noise falls from 0.12 to -0.18: zero at 0.4 of the way
    assert lab.first_negative([0.0, 1.0], gains) == pytest.approx(0.4)


def test_first_negative_is_the_first_crossing_not_the_last():
    gains = np.array([[0.1, -0.2, 0.1, -0.3]] * 3)
    assert lab.first_negative([0.0, 1.0, 2.0, 3.0], gains) == pytest.approx(0.4)


def test_first_negative_at_the_start_and_never():
    assert lab.first_negative([0.0, 1.0], np.array([[-0.2, -0.2]] * 3)) == 0.0
    assert math.isnan(lab.first_negative([0.0, 1.0], np.array([[0.0, -0.01]] * 3)))


def test_first_negative_refuses_gains_of_the_wrong_shape():
    with pytest.raises(ValueError, match=r"gains must have shape \(n_draws, 2\)"):
        lab.first_negative([0.0, 1.0], np.zeros(2))


# -- refusals and background ----------------------------------------------------------------


def test_unknown_method_is_refused_naming_the_choices():
    with pytest.raises(ValueError, match="methods must hold names among source_only.*l2sp; "
                                         "got 'svm'"):
        lab.leaderboard("covariate", 0.5, methods=["kmm", "svm"])
    with pytest.raises(ValueError, match="name must be one of source_only.*got 'svm'"):
        lab.fit_method("svm", np.zeros((2, 2)), [0, 1], np.zeros((2, 2)))
    with pytest.raises(ValueError, match="methods must hold names among"):
        lab.gain_sweep("covariate", ["svm"], (0.0,))


def test_unknown_kind_is_refused_naming_the_choices():
    with pytest.raises(ValueError, match="kind must be one of 'none', 'covariate'.*"
                                         "got 'rotation'"):
        lab.leaderboard("rotation", 0.5)
    with pytest.raises(ValueError, match="kind must be one of"):
        lab.gain_sweep("rotation", ["kmm"], (0.0,))


def test_methods_must_be_a_list_of_distinct_names():
    with pytest.raises(TypeError, match="single name 'kmm'; wrap it in a list"):
        lab.leaderboard("covariate", 0.5, methods="kmm")
    with pytest.raises(ValueError, match="must not repeat a name"):
        lab.leaderboard("covariate", 0.5, methods=["kmm", "kmm"])
    with pytest.raises(ValueError, match="at least one"):
        lab.leaderboard("covariate", 0.5, methods=[])


def test_settings_out_of_range_are_refused_by_name():
    with pytest.raises(ValueError, match=r"strength must be in \[0, 1\]"):
        lab.leaderboard("covariate", 1.5)
    with pytest.raises(ValueError, match=r"k must be in \[0, 300\], got 301"):
        lab.leaderboard("covariate", 0.5, k=301)
    with pytest.raises(ValueError, match="seeds must be >= 1"):
        lab.leaderboard("covariate", 0.5, seeds=0)
    with pytest.raises(TypeError, match="seeds must be an integer"):
        lab.leaderboard("covariate", 0.5, seeds=range(3))
    with pytest.raises(ValueError, match=r"strengths must be in \[0, 1\]"):
        lab.gain_sweep("covariate", ["kmm"], (0.0, 2.0))


def test_run_is_the_leaderboard_at_the_controls():
    a = lab.run("feature", 0.4, 5, seeds=2, seed=3, methods=("coral", "l2sp"))
    b = lab.leaderboard("feature", 0.4, k=5, seeds=2, seed=3, methods=["coral", "l2sp"])
    assert a.names == b.names and a.seeds == b.seeds
    for ra, rb in zip(a.rows, b.rows):
        np.testing.assert_array_equal(ra.accuracies, rb.accuracies)


def test_the_lab_has_no_background_to_warm():
    assert list(lab.background_settings()) == []


def test_sweeps_of_single_strengths_join_into_the_sweep_of_all():
    kwargs = dict(k=10, n_source=120, n_target=120, seeds=2, seed=0)
    whole = lab.gain_sweep("conditional", ("pooled",), (0.0, 0.5), **kwargs)
    joined = lab.join_sweeps(lab.gain_sweep("conditional", ("pooled",), (s,), **kwargs)
                             for s in (0.0, 0.5))
    np.testing.assert_array_equal(joined.x, whole.x)
    np.testing.assert_array_equal(joined.scores["pooled"], whole.scores["pooled"])
