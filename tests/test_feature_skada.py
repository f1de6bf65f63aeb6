"""Cross-checks of tllib.feature against SKADA on the same data and parameters.

SKADA switches on scikit-learn's metadata routing when imported, so it runs in a child
process (tests/isolated.py); one call fits every method on every seed.

Parameter mappings (tllib  <->  skada, base ``LogisticRegression()`` on both sides):

- ``CORAL(reg=0.0)`` (``align_means=True``)  <->  ``CORAL(LogisticRegression(),
  reg=None)``. SKADA centres both domains (source ``(x - mu_s) A``, target ``x - mu_t``):
  the same map moved by ``-mu_t``, so a logistic regression (unpenalised intercept)
  predicts the same. Its ``reg="auto"`` (Ledoit-Wolf shrinkage) has no ``+ reg * I``
  equivalent, hence ``reg=None`` (empirical covariance, ``ddof=0``; ``np.cov`` here has
  ``ddof=1``, a common factor that cancels when ``n_s = n_t``).
- ``SubspaceAlignment()``  <->  ``SubspaceAlignment(LogisticRegression())``: the same
  PCA conventions (n_components = n_features).
- ``TransferComponentAnalysis(kernel=k, mu=m, n_components=c, n_landmarks=600)`` <->
  ``TransferComponentAnalysis(LogisticRegression(), kernel=k, mu=1/m, n_components=c)``:
  SKADA's ``mu`` weighs the MMD term instead of ``tr(W^T W)``. SKADA then takes
  ``numpy.linalg.eigh`` of the non-symmetric ``(I + mu KLK)^-1 KHK`` (only its lower
  triangle is read) and keeps unit-norm eigenvectors, so the embeddings differ from the
  paper's (ours): only mean accuracies are compared, not predictions.
"""

import numpy as np
import pytest

from tests.isolated import run_isolated, skada_available
from tllib.datasets import make_domain_pair
from tllib.feature import CORAL, SubspaceAlignment, TransferComponentAnalysis

pytestmark = pytest.mark.skipif(not skada_available(), reason="SKADA is not installed")

SEEDS = range(5)

SKADA_CODE = """
from sklearn.linear_model import LogisticRegression
from skada import CORAL, SubspaceAlignment, TransferComponentAnalysis
for i in range(n_seeds):
    Xs, ys, Xt, Xq = (globals()[f"{k}{i}"] for k in ("Xs", "ys", "Xt", "Xq"))
    X = np.vstack([Xs, Xt])
    y = np.concatenate([ys, -np.ones(len(Xt), dtype=int)])
    sd = np.concatenate([np.ones(len(Xs), dtype=int), -np.ones(len(Xt), dtype=int)])
    for name, est in [
        ("coral", CORAL(LogisticRegression(), reg=None)),
        ("sa", SubspaceAlignment(LogisticRegression())),
        ("tca_linear", TransferComponentAnalysis(LogisticRegression(), kernel="linear",
                                                 n_components=1, mu=1.0)),
        ("tca_rbf", TransferComponentAnalysis(LogisticRegression())),
    ]:
        est.fit(X, y, sample_domain=sd)
        out[f"{name}{i}"] = est.predict(Xq, sample_domain=-np.ones(len(Xq), dtype=int))
"""

OURS = {
    "coral": lambda: CORAL(reg=0.0),
    "sa": lambda: SubspaceAlignment(),
    "tca_linear": lambda: TransferComponentAnalysis(kernel="linear", n_components=1,
                                                    mu=1.0, n_landmarks=600),
    # SKADA's defaults: rbf with gamma = 1/n_features, its mu=0.1 (10 here), 2 components.
    "tca_rbf": lambda: TransferComponentAnalysis(gamma=0.5, mu=10.0, n_components=2,
                                                 n_landmarks=600),
}


@pytest.fixture(scope="module")
def pairs():
    return [make_domain_pair("feature", 1.0, random_state=seed) for seed in SEEDS]


@pytest.fixture(scope="module")
def skada_predictions(pairs):
    arrays = {"n_seeds": len(pairs)}
    for i, p in enumerate(pairs):
        arrays.update({f"Xs{i}": p.X_source, f"ys{i}": p.y_source, f"Xt{i}": p.X_target,
                       f"Xq{i}": p.X_test})
    return run_isolated(SKADA_CODE, **arrays)


def ours_and_skada(name, pairs, skada_predictions):
    for i, p in enumerate(pairs):
        model = OURS[name]().fit(p.X_source, p.y_source, Xt=p.X_target)
        yield p, model.predict(p.X_test), skada_predictions[f"{name}{i}"]


@pytest.mark.parametrize("name", ["coral", "sa"])
def test_predictions_agree_with_skada_on_99_percent_of_target_points(
        name, pairs, skada_predictions):
    for p, ours, skada in ours_and_skada(name, pairs, skada_predictions):
        assert np.mean(ours == skada) >= 0.99, np.mean(ours == skada)


@pytest.mark.parametrize("name", ["tca_linear", "tca_rbf"])
def test_tca_mean_target_accuracy_is_within_two_points_of_skadas(
        name, pairs, skada_predictions):
    ours, skada = zip(*[(np.mean(o == p.y_test), np.mean(s == p.y_test))
                        for p, o, s in ours_and_skada(name, pairs, skada_predictions)])
    assert abs(np.mean(ours) - np.mean(skada)) <= 0.02, (np.mean(ours), np.mean(skada))
