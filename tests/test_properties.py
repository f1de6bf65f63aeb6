"""Property-based tests (hypothesis) over tllib's generators and estimators, and the
hardening regressions of issue 13: every public function works or refuses bad input
in words that name the argument.

Example counts are kept modest (``max_examples`` 15-30, no deadline) so the file runs
in well under a minute; ``pytest --hypothesis-show-statistics`` prints how many cases
each property tried.
"""

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.svm import LinearSVC

from tllib import (
    CORAL, KLIEP, SHIFT_KINDS, DiscriminatorReweighting, FeatureAugmentation,
    KernelMeanMatching, MultiTaskLogisticRegression, SourcePriorLogisticRegression,
    SubspaceAlignment, TrAdaBoostClassifier, TransferComponentAnalysis,
    effective_sample_size, make_domain_pair, make_multitask_data, make_ssl_pair,
    make_task_pair, make_two_view_data, shift_sweep, source_rule, top_weight_share,
    transfer_gain,
)
from tllib.evaluate import learning_curve

FEW = settings(max_examples=20, deadline=None,
               suppress_health_check=[HealthCheck.too_slow])
SOME = settings(max_examples=30, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

ESTIMATORS = {
    "KMM": lambda: KernelMeanMatching(),
    "KLIEP": lambda: KLIEP(random_state=0),
    "discriminator": lambda: DiscriminatorReweighting(),
    "CORAL": lambda: CORAL(),
    "SA": lambda: SubspaceAlignment(),
    "TCA": lambda: TransferComponentAnalysis(random_state=0),
    "augmentation": lambda: FeatureAugmentation(),
    "TrAdaBoost": lambda: TrAdaBoostClassifier(n_estimators=3, random_state=0),
    "source prior": lambda: SourcePriorLogisticRegression(),
}
REWEIGHTING = ("KMM", "KLIEP", "discriminator")

seeds = st.integers(0, 2**32 - 1)
scales = st.sampled_from([1e-3, 1e-2, 0.1, 1.0, 10.0, 100.0, 1e3])


def problem(seed, scale, offset, n_s=40, n_t=30, d=3):
    """A small source/target problem: both classes in the source, a shifted target
    with the first 6 labels visible (-1 elsewhere)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_s, d))
    y = (X[:, 0] + 0.3 * rng.normal(size=n_s) > 0).astype(int)
    y[:2] = [0, 1]
    Xt = rng.normal(size=(n_t, d)) + offset
    yt = np.full(n_t, -1)
    yt[:6] = (Xt[:6, 0] > offset).astype(int)
    return X * scale, y, Xt * scale, yt


# -- generators: shapes, labels, determinism -------------------------------------------


@SOME
@given(shift=st.sampled_from(SHIFT_KINDS), strength=st.floats(0, 1), seed=seeds,
       n_source=st.integers(2, 60), n_target=st.integers(2, 60), n_test=st.integers(1, 40),
       n_features=st.integers(2, 6), labelled=st.floats(0, 1))
def test_make_domain_pair_shapes_labels_and_determinism(shift, strength, seed, n_source,
                                                        n_target, n_test, n_features,
                                                        labelled):
    kwargs = dict(n_source=n_source, n_target=n_target, n_test=n_test,
                  n_features=n_features, n_target_labelled=int(labelled * n_target),
                  random_state=seed)
    pair = make_domain_pair(shift, strength, **kwargs)
    assert pair.X_source.shape == (n_source, n_features)
    assert pair.X_target.shape == (n_target, n_features)
    assert pair.X_test.shape == (n_test, n_features)
    assert int(pair.target_labelled.sum()) == kwargs["n_target_labelled"]
    for X in (pair.X_source, pair.X_target, pair.X_test):
        assert np.all(np.isfinite(X))
    assert set(np.unique(pair.y_source)) <= {0, 1}
    again = make_domain_pair(shift, strength, **kwargs)
    np.testing.assert_array_equal(pair.X_target, again.X_target)
    np.testing.assert_array_equal(pair.y_test, again.y_test)


@FEW
@given(seed=seeds, relatedness=st.floats(0, 1), n_features=st.integers(2, 8))
def test_make_task_pair_shapes_and_determinism(seed, relatedness, n_features):
    kw = dict(n_source=20, n_target=15, n_test=10, n_features=n_features, random_state=seed)
    pair, again = make_task_pair(relatedness, **kw), make_task_pair(relatedness, **kw)
    assert pair.X_source.shape == (20, n_features) and pair.X_test.shape == (10, n_features)
    np.testing.assert_array_equal(pair.X_source, again.X_source)


@FEW
@given(seed=seeds, n_tasks=st.integers(3, 6), relatedness=st.floats(0, 1))
def test_make_multitask_data_shapes_and_determinism(seed, n_tasks, relatedness):
    kw = dict(n_per_task=5, n_test=7, n_features=n_tasks + 1, random_state=seed)
    data, again = (make_multitask_data(n_tasks, relatedness, **kw) for _ in range(2))
    assert data.X.shape == (5 * n_tasks, n_tasks + 1)
    assert np.unique(data.tasks).tolist() == list(range(n_tasks))
    np.testing.assert_array_equal(data.X, again.X)


@FEW
@given(seed=seeds, n_unlabelled=st.integers(1, 30), sufficiency=st.floats(0, 1),
       independence=st.floats(0, 1))
def test_make_two_view_data_shapes_and_determinism(seed, n_unlabelled, sufficiency,
                                                   independence):
    kw = dict(n_test=5, sufficiency=sufficiency, independence=independence,
              random_state=seed)
    data, again = (make_two_view_data(4, n_unlabelled, **kw) for _ in range(2))
    assert data.X_unlabelled.shape == (n_unlabelled, 4)
    assert np.all(np.isfinite(data.X_unlabelled))
    np.testing.assert_array_equal(data.X_unlabelled, again.X_unlabelled)


@FEW
@given(seed=seeds, shift=st.floats(0, 1), n_unlabelled=st.integers(2, 30))
def test_make_ssl_pair_shapes_and_determinism(seed, shift, n_unlabelled):
    kw = dict(n_unlabelled=n_unlabelled, n_test=5, random_state=seed)
    pair, again = make_ssl_pair(shift, **kw), make_ssl_pair(shift, **kw)
    assert pair.X_target.shape[0] == n_unlabelled
    np.testing.assert_array_equal(pair.X_target, again.X_target)


# -- estimators: finite, deterministic, no mutation, weights as documented --------------


@pytest.mark.parametrize("name", ESTIMATORS)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=seeds, scale=scales, offset=st.floats(0, 3))
def test_estimators_are_finite_deterministic_and_leave_inputs_alone(name, seed, scale,
                                                                    offset):
    X, y, Xt, yt = problem(seed, scale, offset)
    copies = [a.copy() for a in (X, y, Xt, yt)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence warnings at odd scales are fine
        model = ESTIMATORS[name]().fit(X, y, Xt=Xt, yt=yt)
        again = ESTIMATORS[name]().fit(X, y, Xt=Xt, yt=yt)
    for before, after in zip(copies, (X, y, Xt, yt)):
        np.testing.assert_array_equal(before, after)  # no input mutated
    predicted = model.predict(Xt)
    assert predicted.shape == (len(Xt),) and set(predicted) <= {0, 1}
    np.testing.assert_array_equal(predicted, again.predict(Xt))
    if hasattr(model, "predict_proba"):
        proba = model.predict_proba(Xt)
        assert proba.shape == (len(Xt), 2) and np.all(np.isfinite(proba))
    if name in REWEIGHTING:
        w = model.weights_
        assert w.shape == (len(X),) and np.all(np.isfinite(w)) and np.all(w >= 0)
        assert w.mean() == pytest.approx(1.0, abs=1e-9)  # documented: mean 1 on the source


@SOME
@given(seed=seeds, scale=st.sampled_from([1.0, 10.0, 100.0]), offset=st.floats(0, 60),
       d=st.integers(1, 300), n_t=st.integers(1, 40))
def test_kliep_weights_never_nan(seed, scale, offset, d, n_t):
    # unscaled features, a far target, many dimensions, a tiny target: the NaN corners
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(30, d)) * scale
    Xt = (rng.normal(size=(n_t, d)) + offset) * scale
    y = np.arange(30) % 2
    gamma = "cv" if n_t >= 2 else 1.0
    model = KLIEP(gamma=gamma, random_state=0).fit(X, y, Xt=Xt)
    assert np.all(np.isfinite(model.weights_)) and np.all(model.weights_ >= 0)
    assert model.weights_.mean() == pytest.approx(1.0, abs=1e-9)
    assert np.all(np.isfinite(model.cv_scores_))


@FEW
@given(seed=seeds, scale=scales)
def test_multitask_without_tasks_is_finite_and_deterministic(seed, scale):
    X, y, _, _ = problem(seed, scale, 0.0)
    model = MultiTaskLogisticRegression().fit(X, y)
    assert np.all(np.isfinite(model.predict_proba(X)))
    np.testing.assert_array_equal(model.coef_,
                                  MultiTaskLogisticRegression().fit(X, y).coef_)


# -- degenerate input: a ValueError that names the argument ------------------------------


def _degenerate(kind, X, y, Xt):
    if kind == "one class":
        return X, np.zeros_like(y), Xt, r"\by\b.*1 class"
    if kind == "NaN in X":
        X = X.copy()
        X[0, 0] = np.nan
        return X, y, Xt, r"Input X contains NaN"
    if kind == "inf in Xt":
        Xt = Xt.copy()
        Xt[0, 0] = np.inf
        return X, y, Xt, r"Input Xt contains infinity"
    if kind == "feature counts":
        return X, y, Xt[:, :2], r"Xt must have 3 features like X; got 2"
    if kind == "empty target":
        return X, y, Xt[:0], r"Xt must hold at least 1 target point; got 0"
    if kind == "huge values":
        return X * 1e300, y, Xt * 1e300, r"X holds values of magnitude .*Rescale X"
    if kind == "tiny values":
        return X * 1e-300, y, Xt * 1e-300, r"X holds values of magnitude .*Rescale X"
    raise AssertionError(kind)


DEGENERATE = ("one class", "NaN in X", "inf in Xt", "feature counts", "empty target",
              "huge values", "tiny values")


@pytest.mark.parametrize("name", ESTIMATORS)
@pytest.mark.parametrize("kind", DEGENERATE)
def test_degenerate_input_is_refused_by_name(name, kind):
    X, y, Xt, _ = problem(0, 1.0, 1.0)
    X, y, Xt, match = _degenerate(kind, X, y, Xt)
    if kind == "one class" and name in ("TrAdaBoost", "source prior"):
        match = r"y must hold exactly 2 classes, got 1 class"
    with pytest.raises(ValueError, match=match):
        ESTIMATORS[name]().fit(X, y, Xt=Xt)


@pytest.mark.parametrize("name", ESTIMATORS)
def test_constant_features_work(name):
    X, y, Xt, _ = problem(0, 1.0, 1.0)
    model = ESTIMATORS[name]().fit(np.ones_like(X), y, Xt=np.ones_like(Xt))
    assert model.predict(Xt).shape == (len(Xt),)


@pytest.mark.parametrize("name", [n for n in ESTIMATORS if n != "source prior"])
def test_minus_one_as_a_class_is_refused_where_it_means_hidden(name):
    X, y, Xt, yt = problem(0, 1.0, 1.0)
    with pytest.raises(ValueError, match=r"y has a class labelled -1, but yt uses -1 for a "
                                         r"target point whose label is hidden"):
        ESTIMATORS[name]().fit(X, 2 * y - 1, Xt=Xt, yt=np.where(yt == 0, -1, yt))


def test_minus_one_as_a_class_is_fine_without_target_labels():
    X, y, Xt, _ = problem(0, 1.0, 1.0)
    model = KernelMeanMatching().fit(X, 2 * y - 1, Xt=Xt)
    assert model.classes_.tolist() == [-1, 1]


# -- hardening regressions (issue 13) ----------------------------------------------------


def test_kliep_with_one_target_row_and_cv_says_why():
    X, y, Xt, _ = problem(0, 1.0, 1.0)
    with pytest.raises(ValueError, match=r"gamma='cv' needs at least 2 target points in Xt"):
        KLIEP(random_state=0).fit(X, y, Xt=Xt[:1])


def test_kliep_with_one_target_row_and_a_fixed_gamma_works():
    X, y, Xt, _ = problem(0, 1.0, 1.0)
    w = KLIEP(gamma=1.0, random_state=0).fit(X, y, Xt=Xt[:1]).weights_
    assert np.all(np.isfinite(w)) and w.mean() == pytest.approx(1.0)


def test_lesson_data_times_ten_gives_finite_kliep_weights():
    pair = make_domain_pair("covariate", 0.6, n_target_labelled=0, random_state=0)
    model = KLIEP(random_state=0).fit(pair.X_source * 10, pair.y_source,
                                      Xt=pair.X_target * 10)
    assert np.all(np.isfinite(model.weights_)) and np.all(np.isfinite(model.cv_scores_))


@pytest.mark.parametrize("make", [
    lambda: KernelMeanMatching(estimator=LinearSVC()),
    lambda: CORAL(estimator=LinearSVC()),
])
def test_predict_proba_without_it_in_the_base_says_what_is_needed(make):
    X, y, Xt, _ = problem(0, 1.0, 1.0)
    model = make().fit(X, y, Xt=Xt)
    assert not hasattr(model, "predict_proba")
    with pytest.raises(AttributeError) as caught:
        model.predict_proba(Xt)
    assert "estimator must have a predict_proba method; LinearSVC has none" in str(
        caught.value.__cause__)


def test_a_discriminator_without_predict_proba_is_refused_by_name():
    X, y, Xt, _ = problem(0, 1.0, 1.0)
    with pytest.raises(TypeError, match=r"discriminator must have a predict_proba method; "
                                        r"LinearSVC has none.*CalibratedClassifierCV"):
        DiscriminatorReweighting(discriminator=LinearSVC()).fit(X, y, Xt=Xt)


BAD_STATES = ["a", 1.5, -1, True]
ACCEPTED_STATES = [None, 0, np.random.default_rng(0), np.random.RandomState(0)]
SEEDED = {
    "make_domain_pair": lambda rs: make_domain_pair(n_source=5, n_target=5, n_test=5,
                                                    n_target_labelled=2, random_state=rs),
    "make_task_pair": lambda rs: make_task_pair(n_source=5, n_target=5, n_test=5,
                                                n_target_labelled=2, random_state=rs),
    "make_multitask_data": lambda rs: make_multitask_data(3, n_per_task=4, n_test=4,
                                                          n_features=4, random_state=rs),
    "make_two_view_data": lambda rs: make_two_view_data(4, 4, 4, random_state=rs),
    "make_ssl_pair": lambda rs: make_ssl_pair(n_unlabelled=4, n_test=4, random_state=rs),
    "KLIEP": lambda rs: KLIEP(random_state=rs).fit(*problem(0, 1.0, 1.0)[:2],
                                                   Xt=problem(0, 1.0, 1.0)[2]),
    "TrAdaBoost": lambda rs: TrAdaBoostClassifier(n_estimators=2, random_state=rs).fit(
        *problem(0, 1.0, 1.0)[:2], Xt=problem(0, 1.0, 1.0)[2], yt=problem(0, 1.0, 1.0)[3]),
    "TCA": lambda rs: TransferComponentAnalysis(random_state=rs).fit(
        *problem(0, 1.0, 1.0)[:2], Xt=problem(0, 1.0, 1.0)[2]),
}


@pytest.mark.parametrize("name", SEEDED)
@pytest.mark.parametrize("state", BAD_STATES, ids=repr)
def test_random_state_of_the_wrong_kind_is_refused_in_one_wording(name, state):
    with pytest.raises(ValueError, match=r"random_state must be None, a non-negative integer "
                                         r"or a numpy Generator or RandomState"):
        SEEDED[name](state)


@pytest.mark.parametrize("name", SEEDED)
@pytest.mark.parametrize("state", ACCEPTED_STATES, ids=lambda s: type(s).__name__)
def test_random_state_accepts_none_int_generator_and_randomstate(name, state):
    assert SEEDED[name](state) is not None


@pytest.mark.parametrize("make, name", [
    (lambda: make_domain_pair(n_source=10**9), "n_source"),
    (lambda: make_domain_pair(n_test=10**9), "n_test"),
    (lambda: make_domain_pair(n_features=10**6), "n_features"),
    (lambda: make_task_pair(n_target=10**9), "n_target"),
    (lambda: make_multitask_data(n_per_task=10**9), "n_per_task"),
    (lambda: make_two_view_data(n_unlabelled=10**9), "n_unlabelled"),
    (lambda: make_ssl_pair(n_test=10**9), "n_test"),
])
def test_generator_sizes_are_capped_with_a_message(make, name):
    with pytest.raises(ValueError, match=rf"{name} must be at most [\d,]+, got [\d,]+: the "
                                         r"data would not fit in memory"):
        make()


def test_a_single_seed_where_seeds_are_expected_says_wrap_it():
    with pytest.raises(TypeError, match=r"seeds must be a sequence of numbers, got the "
                                        r"single value 3; wrap it in a list"):
        shift_sweep("covariate", [0.5], seeds=3)


def test_empty_seeds_are_refused_not_nan_curves():
    with pytest.raises(ValueError, match=r"seeds must be a non-empty sequence"):
        learning_curve([0, 5], seeds=[])


def test_a_single_strength_where_strengths_are_expected_says_wrap_it():
    with pytest.raises(TypeError, match=r"strengths must be a sequence of numbers, got the "
                                        r"single value 0\.5"):
        shift_sweep("covariate", 0.5)


def test_transfer_gain_refuses_mismatched_shapes():
    with pytest.raises(ValueError, match=r"transfer_accuracy and target_only_accuracy must "
                                         r"have the same shape.*\(2,\) and \(1,\)"):
        transfer_gain([0.5, 0.6], [0.5])


def test_transfer_gain_still_broadcasts_a_single_number():
    np.testing.assert_allclose(transfer_gain([0.5, 0.7], 0.5), [0.0, 0.2])


def test_source_rule_on_one_column_says_it_reads_two():
    with pytest.raises(ValueError, match=r"X must be a 2-D array with at least 2 columns.*"
                                         r"\(3, 1\)"):
        source_rule(np.zeros((3, 1)))


@FEW
@given(exponent=st.integers(-300, 300), n=st.integers(1, 50))
def test_weight_summaries_are_scale_free_even_for_huge_weights(exponent, n):
    w = np.linspace(1.0, 2.0, n) * 10.0 ** exponent
    ess, share = effective_sample_size(w), top_weight_share(w)
    assert ess == pytest.approx(effective_sample_size(np.linspace(1.0, 2.0, n)))
    assert 1.0 <= ess <= n and 0 < share <= 1
