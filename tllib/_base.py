"""What the transfer estimators share: the target-data contract, and the skeleton of the
feature-based ones.

Every transfer estimator is fitted as ``fit(X, y, *, Xt=None, yt=None)``: the labelled
source in scikit-learn's position, the target sample as keywords. :func:`target_data` is
the one place that checks ``Xt`` and ``yt``, with one wording for every estimator:

* ``Xt`` without ``yt`` is a target sample with no label (every point unlabelled);
* ``yt`` without ``Xt`` is refused (``yt`` labels the rows of ``Xt``);
* ``yt`` uses scikit-learn's semi-supervised convention, ``-1`` for an unlabelled point,
  and may otherwise hold only the source's classes.

:class:`FeatureTransfer` is the skeleton of the estimators that change the
representation (:mod:`tllib.feature`, :mod:`tllib.augmentation`).
"""

from __future__ import annotations

import warnings

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.utils import TransformerTags
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_array, check_is_fitted, column_or_1d, validate_data

from ._validation import check_magnitude, require_method

__all__ = ["target_data", "record_stop", "FeatureTransfer", "DOMAINS"]

DOMAINS = ("source", "target")


def target_data(estimator, Xt, yt, classes) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The validated target sample and its labels, ``-1`` where unlabelled.

    Parameters
    ----------
    estimator : fitted-on-the-source estimator
        Its ``n_features_in_`` is the number of features ``Xt`` must have.
    Xt : array of shape (n_target, n_features) or None
    yt : array of shape (n_target,) or None
        ``None`` with ``Xt`` given: every target point is unlabelled.
    classes : array
        The source's classes: the only labels ``yt`` may hold besides ``-1``.

    Returns
    -------
    Xt : ndarray or None
        None when no target sample was given.
    yt : ndarray of shape (n_target,) or None
        Aligned with ``Xt``, ``-1`` where a point is unlabelled (all ``-1`` when ``yt``
        was not given); None when ``Xt`` is None.
    """
    if Xt is None:
        if yt is not None:
            raise ValueError("yt needs Xt: yt labels the rows of Xt; got yt but Xt=None.")
        return None, None
    Xt = check_array(Xt, input_name="Xt", ensure_min_samples=0)
    if len(Xt) == 0:
        raise ValueError("Xt must hold at least 1 target point; got 0 rows (for no "
                         "target sample, leave Xt=None).")
    if Xt.shape[1] != estimator.n_features_in_:
        raise ValueError(f"Xt must have {estimator.n_features_in_} features like X; "
                         f"got {Xt.shape[1]}.")
    check_magnitude("Xt", Xt)
    if yt is None:
        return Xt, np.full(len(Xt), -1)
    yt = column_or_1d(yt)
    if np.any(np.asarray(classes) == -1):
        raise ValueError(
            "y has a class labelled -1, but yt uses -1 for a target point whose label is "
            "hidden, so a target label -1 would be ambiguous. Relabel the classes (e.g. "
            "{-1, +1} as {0, 1}: y = (y == 1).astype(int)).")
    if len(yt) != len(Xt):
        raise ValueError(f"yt must have one label per row of Xt ({len(Xt)}); got {len(yt)}.")
    unknown = np.setdiff1d(yt[yt != -1], classes)
    if unknown.size:
        raise ValueError(f"yt must hold -1 or the source classes {np.asarray(classes).tolist()}"
                         f"; got {unknown.tolist()}.")
    return Xt, yt


def check_two_classes(y) -> None:
    """At least two classes in ``y``: a transfer method learns to tell classes apart."""
    classes = np.unique(y)
    if len(classes) < 2:
        raise ValueError("y must hold at least 2 classes to learn from; got 1 class: "
                         f"{classes.tolist()}.")


def record_stop(estimator, result) -> None:
    """Keep how an L-BFGS-B fit stopped (``n_iter_``, ``termination_``); warn when it
    ran out of iterations rather than converged."""
    estimator.n_iter_ = int(result.nit)
    estimator.termination_ = str(result.message)
    if result.status == 1:  # iteration limit
        warnings.warn(
            f"L-BFGS-B stopped after max_iter={estimator.max_iter} iterations before the "
            "gradient fell below tol; increase max_iter.", ConvergenceWarning,
        )

def base_has(estimator, method) -> bool:
    """Whether the (fitted, else the given, else the default) base estimator of a
    transfer estimator has ``method``."""
    base = getattr(estimator, "estimator_", None)
    base = estimator.estimator if base is None else base
    # raises a TypeError saying what is missing; available_if keeps it as the cause
    require_method("estimator", LogisticRegression() if base is None else base, method)
    return True


class FeatureTransfer(ClassifierMixin, BaseEstimator):
    """Shared skeleton: validate, learn the map (``_fit_map``), train the base estimator
    on the mapped source plus any labelled target point, predict target points through
    the target map. Subclasses fill in ``_check_params``, ``_fit_map``, ``_map``."""

    def fit(self, X, y, *, Xt=None, yt=None):
        """Learn the map from ``X`` (source) and ``Xt`` (target; labels not needed), then
        fit the base estimator on the mapped source and on the labelled target points
        (``yt != -1``, in their target representation; ``Xt`` and ``yt`` aligned)."""
        self._check_params()
        X, y = validate_data(self, X, y)
        check_classification_targets(y)
        check_magnitude("X", X)
        check_two_classes(y)
        Xt, yt = target_data(self, Xt, yt, np.unique(y))
        labelled = yt != -1 if yt is not None else np.zeros(0, dtype=bool)

        # 1. The map: learnt from source and target inputs (identity without target).
        self.has_target_ = Xt is not None
        self._fit_map(X, Xt, y, labelled)

        # 2. The base estimator on what it will see: mapped source + labelled target.
        Z = self.transform(X, domain="source")
        if labelled.any():
            Z = np.vstack([Z, self.transform(Xt[labelled], domain="target")])
            y = np.concatenate([y, yt[labelled]])
        base = LogisticRegression() if self.estimator is None else self.estimator
        self.estimator_ = clone(base).fit(Z, y)
        self.classes_ = self.estimator_.classes_
        return self

    def transform(self, X, *, domain="target"):
        """The representation the base estimator sees for points ``X`` of ``domain``
        (``"source"`` or ``"target"``). Shape (n_samples, n_output_features)."""
        check_is_fitted(self, "has_target_")
        if domain not in DOMAINS:
            raise ValueError(f"domain must be one of {', '.join(DOMAINS)}; got {domain!r}.")
        X = validate_data(self, X, reset=False)
        return self._map(X, domain) if self.has_target_ else X

    def fit_transform(self, X, y, *, Xt=None, yt=None):
        """Fit, then return the mapped source ``transform(X, domain="source")``."""
        return self.fit(X, y, Xt=Xt, yt=yt).transform(X, domain="source")

    def predict(self, X):
        """Predicted classes for points ``X`` of the **target** domain."""
        Z = self.transform(X, domain="target")
        return self.estimator_.predict(Z)

    @available_if(lambda self: base_has(self, "predict_proba"))
    def predict_proba(self, X):
        """Class probabilities for points ``X`` of the **target** domain."""
        Z = self.transform(X, domain="target")
        return self.estimator_.predict_proba(Z)

    @available_if(lambda self: base_has(self, "decision_function"))
    def decision_function(self, X):
        """The base estimator's decision function on target points ``X``."""
        Z = self.transform(X, domain="target")
        return self.estimator_.decision_function(Z)

    def score(self, X, y, sample_weight=None):
        """Accuracy on points ``X`` of the **target** domain."""
        return super().score(X, y, sample_weight=sample_weight)

    def __sklearn_tags__(self):
        # A classifier that also has ``transform`` (the learnt representation).
        tags = super().__sklearn_tags__()
        tags.transformer_tags = TransformerTags()
        return tags

    def _check_estimator(self):
        if self.estimator is not None and not hasattr(self.estimator, "fit"):
            raise TypeError("estimator must be a scikit-learn estimator (with fit) or "
                            f"None, got {type(self.estimator).__name__} {self.estimator!r}.")
