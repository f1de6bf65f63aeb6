"""Cross-check tllib.instance against SKADA's reweighting adapters on the same data.

SKADA runs in a child process (``tests.isolated``): importing it switches on
scikit-learn's metadata routing for the whole process. One child computes every SKADA
weight this module needs (the import alone takes ~2 s).

What agrees and what cannot (skada 0.6.0):

* KMM: same QP (``kappa = n_s * K_st.mean(axis=1)``, the paper's eps, B=1000). With
  ``solver="scipy"`` (SLSQP) on a small problem both solve it exactly. SKADA's default
  ``"frank-wolfe"`` runs 1,000 Frank-Wolfe steps and drops the bound B (its Frank-Wolfe
  handles only ``x >= 0`` and the sum band), an approximation of its own.
* KLIEP: SKADA's ascent step is machine epsilon (``alpha += EPS * A.T @ (1 / A alpha)``),
  so alpha never leaves the projected starting point: its weights are a plain sum of
  kernels on the centres, not the likelihood maximiser. They correlate only loosely with
  ours; the test pins the explanation instead.
* Discriminator: SKADA computes ``(1 - p) / p`` with ``p = P(target | x)``, i.e.
  ``P(source | x) / P(target | x)``, the reciprocal of the density ratio. Its weights are
  exactly the reciprocal of ours (the same LogisticRegression underneath).
"""

import numpy as np
import pytest
from sklearn.metrics.pairwise import rbf_kernel

from tests.isolated import run_isolated, skada_available
from tllib.datasets import make_domain_pair
from tllib.instance import KLIEP, DiscriminatorReweighting, KernelMeanMatching

pytestmark = pytest.mark.skipif(not skada_available(), reason="SKADA is not installed")

GAMMA_KMM, GAMMA_KLIEP = 0.5, 1.0

SKADA = f"""
from skada import KMMReweightAdapter, KLIEPReweightAdapter, DiscriminatorReweightAdapter

def source_weights(adapter, X, sd):
    return adapter.fit(X, sample_domain=sd).compute_weights(X, sample_domain=sd)[sd > 0]

out["kmm_scipy"] = source_weights(
    KMMReweightAdapter(gamma={GAMMA_KMM}, solver="scipy"), X_small, sd_small)
out["kmm_fw"] = source_weights(KMMReweightAdapter(gamma={GAMMA_KMM}), X, sd)
kliep = KLIEPReweightAdapter(gamma={GAMMA_KLIEP}, random_state=0)
out["kliep"] = source_weights(kliep, X, sd)
out["kliep_centers"] = kliep.centers_
out["disc"] = source_weights(DiscriminatorReweightAdapter(), X, sd)
"""


def domains(pair):
    """SKADA's input: source and target stacked, sample_domain 1 (source) / -1 (target)."""
    X = np.vstack([pair.X_source, pair.X_target])
    return X, np.r_[np.ones(len(pair.X_source)), -np.ones(len(pair.X_target))]


@pytest.fixture(scope="module")
def small():
    return make_domain_pair("covariate", 0.6, n_source=60, n_target=60,
                            n_target_labelled=0, random_state=0)


@pytest.fixture(scope="module")
def pair():
    return make_domain_pair("covariate", 0.6, n_target_labelled=0, random_state=0)


@pytest.fixture(scope="module")
def skada(small, pair):
    X_small, sd_small = domains(small)
    X, sd = domains(pair)
    return run_isolated(SKADA, X_small=X_small, sd_small=sd_small, X=X, sd=sd)


def fit(model, pair):
    return model.fit(pair.X_source, pair.y_source, Xt=pair.X_target)


def test_kmm_matches_skadas_exact_solver_on_a_small_problem(skada, small):
    # measured: correlation 0.9998 (60 points per domain)
    model = fit(KernelMeanMatching(gamma=GAMMA_KMM, tol=1e-10, max_iter=100000), small)
    theirs = skada["kmm_scipy"]
    assert np.corrcoef(model.weights_, theirs)[0, 1] > 0.995
    # and ours reaches at least SLSQP's objective on the same QP
    K = rbf_kernel(small.X_source, gamma=GAMMA_KMM)
    kappa = rbf_kernel(small.X_source, small.X_target, gamma=GAMMA_KMM).sum(axis=1)
    assert model.objective_ <= 0.5 * theirs @ K @ theirs - kappa @ theirs + 1e-6


def test_kmm_defaults_agree_with_skadas_frank_wolfe_default(skada, pair):
    # Both stop early, each in its own way (our FISTA at 300 steps, SKADA's Frank-Wolfe
    # at 1,000 without B). Measured on seeds 0-3: 0.996, 0.990, 0.956, 0.992; seed 0 here.
    model = fit(KernelMeanMatching(gamma=GAMMA_KMM), pair)
    assert np.corrcoef(model.weights_, skada["kmm_fw"])[0, 1] > 0.98


def test_kliep_skada_weights_are_its_projected_starting_point(skada, pair):
    # SKADA's weights: alpha = 1 shifted onto b'alpha = 1, clipped at 0, rescaled, i.e.
    # the paper's projection of the starting point, never moved by its epsilon-size step.
    centers = skada["kliep_centers"]
    b = rbf_kernel(pair.X_source, centers, gamma=GAMMA_KLIEP).mean(axis=0)
    alpha = np.maximum(0.0, 1.0 + (1.0 - b.sum()) * b / (b @ b))
    alpha /= b @ alpha
    start = rbf_kernel(pair.X_source, centers, gamma=GAMMA_KLIEP) @ alpha
    np.testing.assert_allclose(skada["kliep"], start, atol=1e-8)


def test_kliep_weights_correlate_loosely_with_skadas(skada, pair):
    # measured: 0.67 (300 points per domain), 0.83 (60); both mean 1 over the source
    model = fit(KLIEP(gamma=GAMMA_KLIEP, random_state=0), pair)
    assert np.corrcoef(model.weights_, skada["kliep"])[0, 1] > 0.5
    assert skada["kliep"].mean() == pytest.approx(1.0) == model.weights_.mean()


def test_discriminator_weights_are_the_reciprocal_of_skadas(skada, pair):
    model = fit(DiscriminatorReweighting(), pair)
    reciprocal = 1.0 / model.weights_
    np.testing.assert_allclose(skada["disc"], reciprocal / reciprocal.mean(), rtol=1e-8)
    assert np.corrcoef(model.weights_, skada["disc"])[0, 1] < 0
