r"""Choosing a model without target labels: three selectors and the honest baseline.

A practitioner with labelled source data and unlabelled target data must still choose
between methods, or between values of a hyperparameter, without ever measuring target
accuracy. Each selector below estimates it from labelled *source* points held out of
training (cross-validation folds) and the unlabelled target sample:

``"source"``
    plain source validation accuracy: the baseline every selector must beat. Right when
    the domains match; blind to the shift otherwise.
``"iwv"``, importance-weighted validation (Sugiyama, Krauledat & Müller, 2007)
    under covariate shift (``P(y|x)`` shared), the loss on source points weighted by the
    importance ``w(x) = p_t(x) / p_s(x)`` has the target loss as its expectation:
    :math:`E_s[w\,\ell] = E_t[\ell]`.
``"dev"``, deep embedded validation (You, Wang, Long & Jordan, 2019)
    the same weighted loss :math:`L_i = w_i \ell_i` with a control variate. Because
    :math:`E_s[w] = 1`, adding :math:`\eta(\bar w - 1)` keeps the expectation and, with
    :math:`\eta = -\mathrm{Cov}(L, w) / \mathrm{Var}(w)`, removes the part of the
    estimate's variance that the noise of the weights explains:
    :math:`\mathrm{DEV} = \bar L + \eta \bar w - \eta`.
``"reverse"``, reverse validation (Zhong et al., 2010)
    train the candidate ``h`` on the labelled source, label the target with ``h``, train
    a reverse model ``h_r`` (a fresh clone of the same candidate) on the pseudo-labelled
    target, with the source training fold as *its* unlabelled target when the candidate
    adapts (as Ganin et al., 2016, use it), and score ``h_r`` on the held-out labelled
    source. A candidate that labels the target well leaves a learnable,
    source-consistent labelling behind; a poor one does not. Two blind spots: an error
    the algorithm makes the same way in both directions cancels (a classifier that
    swaps the two classes scores exactly as well as the right one), and a labelling
    that resembles the source's own rule is rewarded, so on covariate shift it favours
    the model closest to source-only (measured in the tests).

The importance ``w`` is estimated by a probabilistic domain classifier
(:func:`estimate_importance`), as in DEV: with ``d = 1`` for target points,
:math:`w(x) = \frac{n_s}{n_t} \cdot \frac{P(d=1|x)}{P(d=0|x)}`. Following DEV, the
classifier is trained on the source *training* fold against the target and evaluated
at the held-out points, so it never sees the points it weighs. The two weighted
selectors then use the weights differently (this module's choice, stated once):

* IWV *self-normalises*: the weights are divided by their mean over the held-out points
  (mean 1), i.e. the weighted accuracy :math:`\sum_i w_i [\hat y_i = y_i] / \sum_i w_i`.
  The paper's IWCV uses the exact importance and no normalisation; with an estimated
  one, the ratio keeps the estimate an accuracy in [0, 1] whatever the scale of the
  estimated weights.
* DEV uses the raw estimated weights: normalising them to mean 1 would set
  :math:`\bar w - 1 = 0` and cancel the control variate exactly. Its estimate can leave
  [0, 1] by a little, and is biased a little, ``eta`` being estimated from the same
  points. The variance it removes is that of the validation sample for a *given*
  importance function; where the weights are re-estimated on every draw, their own
  estimation error dominates (on the course's covariate shift, strengths 0.3–0.8, DEV's
  error over 40 draws spread no less than IWV's).

No weight is clipped by default (``clip`` caps them when given). The validation loss is
the 0-1 loss by default, so a score reads as an estimated target accuracy (``"reverse"``:
the reverse model's source accuracy), or the log-loss (``loss="log"``, scores are minus
the estimated log-loss): on the course's covariate shift a smooth loss ranks candidates
with less noise (see the tests). Higher is better for every score.

**Fitting scikit-learn.** IWV and DEV are functions of a fitted model's predictions on
the validation fold and of weights at those points, so they fit scikit-learn's scorer
API: :func:`make_iw_scorer` returns a ``scorer(estimator, X, y)`` for
``cross_val_score`` and ``GridSearchCV``. Reverse validation does not: its score is not
a function of the fitted model's predictions on the validation fold; it refits a clone
on the pseudo-labelled target and needs the source training fold (the reverse model's
target), which a scorer never sees. It is available through :func:`reverse_score` and
:func:`select` only.

Example::

    from sklearn.linear_model import LogisticRegression
    from tllib import KernelMeanMatching, make_domain_pair
    from tllib.selection import select, select_each

    pair = make_domain_pair("covariate", 0.8, n_target_labelled=0, random_state=0)
    candidates = {"source_only": LogisticRegression(), "kmm": KernelMeanMatching()}
    select(candidates, pair.X_source, pair.y_source, pair.X_target, method="dev").choice
    every = select_each(candidates, pair.X_source, pair.y_source, pair.X_target)
    {method: s.choice for method, s in every.items()}   # one set of fits for all four

References
----------
Sugiyama, M., Krauledat, M. & Müller, K.-R. (2007). Covariate shift adaptation by
importance weighted cross validation. JMLR 8.
You, K., Wang, X., Long, M. & Jordan, M. I. (2019). Towards accurate model selection in
deep unsupervised domain adaptation. ICML.
Zhong, E., Fan, W., Yang, Q., Verscheure, O. & Ren, J. (2010). Cross validation
framework to choose amongst models and datasets for transfer learning. ECML PKDD.
Ganin, Y. et al. (2016). Domain-adversarial training of neural networks. JMLR 17.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.utils import check_random_state as as_random_state
from sklearn.utils.validation import check_array, check_X_y, column_or_1d

from ._validation import (
    check_choice, check_int, check_positive, check_random_state, require_method,
)

__all__ = [
    "METHODS",
    "LOSSES",
    "Selection",
    "estimate_importance",
    "iwv_risk",
    "dev_risk",
    "iwv_score",
    "dev_score",
    "reverse_score",
    "make_iw_scorer",
    "select",
    "select_each",
]

METHODS = ("dev", "iwv", "reverse", "source")
LOSSES = ("zero_one", "log")


@dataclass(frozen=True)
class Selection:
    """What a selector chose and why.

    Attributes
    ----------
    choice : str
        The candidate with the highest score (the first one in the mapping's order on
        a tie).
    scores : dict of str to float
        Each candidate's score, higher is better: the estimated target accuracy for
        ``"iwv"`` and ``"dev"``, the source validation accuracy for ``"source"`` (with
        ``loss="log"``: minus the estimated target, or source, log-loss), the reverse
        model's source accuracy for ``"reverse"``.
    method : str
        The selector, one of :data:`METHODS`.
    """

    choice: str
    scores: dict
    method: str


# -- the importance --------------------------------------------------------------------


def estimate_importance(Xs, Xt, *, at=None, discriminator=None, clip=None,
                        random_state=None) -> np.ndarray:
    """Importance ``w(x) = p_t(x) / p_s(x)`` estimated by a domain classifier.

    A probabilistic classifier learns to tell the source sample ``Xs`` (``d = 0``) from
    the target sample ``Xt`` (``d = 1``); by Bayes' rule its odds, times
    ``n_s / n_t`` (which undoes the two samples' sizes), are the density ratio:
    ``w(x) = n_s / n_t * P(d=1|x) / P(d=0|x)``.

    Parameters
    ----------
    Xs : array of shape (n_source, n_features)
    Xt : array of shape (n_target, n_features)
    at : array of shape (n_points, n_features) or None
        Where to evaluate ``w``; ``None`` means at ``Xs``. Pass held-out source points
        to weigh them with a classifier that never saw them.
    discriminator : probabilistic classifier or None
        Cloned (its ``random_state`` set, when it has one); ``None`` means
        ``LogisticRegression()``, whose log-odds are linear in ``x`` (exact for two
        Gaussians with one covariance).
    clip : float or None
        Cap on each weight, > 0; ``None``: no cap.
    random_state : None, int, Generator or RandomState
        Passed to the discriminator (the default one is deterministic whatever it is).

    Returns
    -------
    ndarray of shape (n_points,)
        Raw estimates, >= 0, not normalised: about 1 on average over the source for a
        calibrated classifier.
    """
    Xs = check_array(Xs, input_name="Xs")
    Xt = _check_target(Xt, Xs.shape[1])
    at = Xs if at is None else _check_features("at", at, Xs.shape[1])
    if clip is not None:
        check_positive("clip", clip)
    check_random_state(random_state)
    base = LogisticRegression() if discriminator is None else clone(discriminator)
    require_method("discriminator", base)
    if "random_state" in base.get_params():
        base.set_params(random_state=_seeds(random_state, 1)[0])
    domain = np.r_[np.zeros(len(Xs)), np.ones(len(Xt))]
    p_target = base.fit(np.vstack([Xs, Xt]), domain).predict_proba(at)[:, 1]
    w = len(Xs) / len(Xt) * p_target / np.maximum(1.0 - p_target, np.finfo(float).tiny)
    return w if clip is None else np.minimum(w, clip)


# -- the estimates, from losses and weights ----------------------------------------------


def iwv_risk(losses, weights) -> float:
    """Self-normalised importance-weighted risk ``sum(w * loss) / sum(w)`` (IWV with
    the weights rescaled to mean 1 over these points)."""
    losses, weights = _check_losses_weights(losses, weights)
    return float(weights @ losses / weights.sum())


def dev_risk(losses, weights) -> float:
    """DEV's variance-reduced weighted risk: with ``L = w * loss``,
    ``mean(L) + eta * mean(w) - eta``, ``eta = -Cov(L, w) / Var(w)`` (``eta = 0``
    when every weight is equal). ``weights`` are the raw estimates (their expectation
    over the source is 1); do not normalise them, that cancels the control variate."""
    losses, weights = _check_losses_weights(losses, weights)
    weighted = weights * losses
    if len(weights) < 2 or np.ptp(weights) == 0:
        return float(weighted.mean())
    cov = np.cov(weighted, weights)
    eta = -cov[0, 1] / cov[1, 1]
    return float(weighted.mean() + eta * weights.mean() - eta)


# -- the scores of one fitted model --------------------------------------------------------


def iwv_score(estimator, X_val, y_val, weights, *, loss="zero_one") -> float:
    """Importance-weighted validation score of a fitted ``estimator`` on held-out
    labelled source points ``(X_val, y_val)``, ``weights`` the importance at ``X_val``:
    the estimated target accuracy (``loss="zero_one"``) or minus the estimated target
    log-loss (``loss="log"``). Higher is better."""
    return _score(iwv_risk(_losses(estimator, X_val, y_val, _loss(loss)), weights), loss)


def dev_score(estimator, X_val, y_val, weights, *, loss="zero_one") -> float:
    """DEV's estimate, as :func:`iwv_score` (same units) but with the control variate;
    ``weights``: the *raw* estimated importance at ``X_val``."""
    return _score(dev_risk(_losses(estimator, X_val, y_val, _loss(loss)), weights), loss)


def reverse_score(estimator, X_train, X_val, y_val, Xt) -> float:
    """Reverse validation accuracy of ``estimator``, already fitted on the source
    training fold ``X_train``: a clone trained on the target ``Xt`` labelled by
    ``estimator`` (with ``X_train`` as its unlabelled target when its ``fit`` accepts
    ``Xt``), scored on the held-out source ``(X_val, y_val)``. A target labelled with a
    single class gives a reverse model that always predicts that class."""
    X_val = check_array(X_val, input_name="X_val")
    Xt = _check_target(Xt, X_val.shape[1])
    return float(_reverse_right(estimator, X_train, X_val, y_val, Xt, None).mean())


def make_iw_scorer(weights_fn: Callable, *, control_variate: bool = False,
                   loss: str = "zero_one") -> Callable:
    """A scikit-learn scorer ``scorer(estimator, X, y)`` for ``cross_val_score`` and
    ``GridSearchCV(scoring=...)``: :func:`iwv_score` on the validation fold, with
    ``weights_fn(X)`` the importance there; ``control_variate=True`` gives
    :func:`dev_score` instead (``weights_fn`` must then return raw weights).

    Example::

        weights_fn = lambda X: estimate_importance(Xs, Xt, at=X)
        cross_val_score(LogisticRegression(), Xs, ys, scoring=make_iw_scorer(weights_fn))

    Unlike in :func:`select`, the discriminator of this example has seen the
    validation fold too (a scorer never sees the training fold). Caution with a
    transfer estimator in ``GridSearchCV(...).fit(X, y, Xt=Xt)``: scikit-learn cuts
    every fit parameter with as many rows as ``X`` by the folds, so an ``Xt`` of exactly
    ``len(X)`` rows would be cut too.
    """
    if not callable(weights_fn):
        raise TypeError(f"weights_fn must be a callable X -> weights; got {weights_fn!r}.")
    _loss(loss)
    score = dev_score if control_variate else iwv_score

    def scorer(estimator, X, y):
        return score(estimator, X, y, weights_fn(X), loss=loss)

    scorer.__doc__ = f"{'DEV' if control_variate else 'IWV'} score, loss={loss!r}."
    return scorer


# -- choosing among candidates ----------------------------------------------------------


def select(candidates: Mapping, Xs, ys, Xt, *, method: str = "dev", cv: int = 3,
           loss: str = "zero_one", clip=None, random_state=None) -> Selection:
    """Choose among ``candidates`` without a target label.

    Parameters
    ----------
    candidates : mapping of str to estimator or factory
        Unfitted estimators (cloned for each fit) or zero-argument callables returning
        a fresh one. Each is fitted on the source training folds, with ``Xt=Xt`` when
        its ``fit`` accepts it (tllib's transfer estimators); no target label is used.
        A ``random_state`` left at ``None`` is set from ``random_state``.
    Xs, ys : labelled source sample
    Xt : unlabelled target sample (at least one row, as many features as ``Xs``)
    method : {"dev", "iwv", "reverse", "source"}
    cv : int, default=3
        Stratified folds of the source, >= 2. Every source point is held out once, and
        each score is one formula over all the held-out points.
    loss : {"zero_one", "log"}, default="zero_one"
        The validation loss of ``"iwv"``, ``"dev"`` and ``"source"`` (``"reverse"``
        always counts errors). ``"zero_one"``: scores are accuracies. ``"log"``: scores
        are minus the log-loss; a smoother loss, so a less noisy ranking (needs
        ``predict_proba``).
    clip : float or None
        Cap on the estimated importance (``"iwv"``, ``"dev"``), > 0.
    random_state : None, int, Generator or RandomState
        The folds, and the discriminator's and the candidates' seeds.

    Returns
    -------
    Selection
    """
    check_choice("method", method, METHODS)
    return select_each(candidates, Xs, ys, Xt, methods=(method,), cv=cv, loss=loss,
                       clip=clip, random_state=random_state)[method]


def select_each(candidates: Mapping, Xs, ys, Xt, *, methods=METHODS, cv: int = 3,
                loss: str = "zero_one", clip=None, random_state=None) -> dict:
    """:func:`select` for several ``methods`` at once, sharing the candidates' fits
    (the Lab compares every selector on the same draws). Returns method -> Selection."""
    methods = tuple(methods)
    if not methods:
        raise ValueError(f"methods must name at least one of {', '.join(METHODS)}; got ().")
    for m in methods:
        check_choice("method", m, METHODS)
    _loss(loss)
    candidates = _check_candidates(candidates)
    Xs, ys = check_X_y(Xs, ys)
    Xt = _check_target(Xt, Xs.shape[1])
    check_int("cv", cv, 2)
    if clip is not None:
        check_positive("clip", clip)
    check_random_state(random_state)
    fold_seed, seed = _seeds(random_state, 2)

    # 1. Every source point held out once: its loss under each candidate trained
    #    without it, its importance from a discriminator that never saw it, and whether
    #    each candidate's reverse model gets it right.
    n = len(ys)
    weights = np.ones(n)
    losses = {name: np.zeros(n) for name in candidates}
    reverse_right = {name: np.zeros(n, dtype=bool) for name in candidates}
    for train, val in StratifiedKFold(cv, shuffle=True, random_state=fold_seed).split(Xs, ys):
        if {"iwv", "dev"} & set(methods):
            weights[val] = estimate_importance(Xs[train], Xt, at=Xs[val], clip=clip,
                                               random_state=seed)
        for name, candidate in candidates.items():
            model = _fit(candidate, Xs[train], ys[train], Xt, seed=seed)
            losses[name][val] = _losses(model, Xs[val], ys[val], loss)
            if "reverse" in methods:
                reverse_right[name][val] = _reverse_right(model, Xs[train], Xs[val],
                                                          ys[val], Xt, seed)

    # 2. One formula per selector over all held-out points.
    formulas = {
        "source": lambda name: _score(losses[name].mean(), loss),
        "iwv": lambda name: _score(iwv_risk(losses[name], weights), loss),
        "dev": lambda name: _score(dev_risk(losses[name], weights), loss),
        "reverse": lambda name: reverse_right[name].mean(),
    }
    result = {}
    for m in methods:
        scores = {name: float(formulas[m](name)) for name in candidates}
        result[m] = Selection(max(scores, key=scores.get), scores, m)
    return result


# -- helpers ----------------------------------------------------------------------------


def _fit(candidate, X, y, Xt, *, seed=None):
    """A fresh copy of ``candidate`` (estimator: clone; factory: call) fitted on
    ``(X, y)``, with ``Xt`` as a keyword when its ``fit`` accepts one."""
    model = clone(candidate) if hasattr(candidate, "fit") else candidate()
    params = model.get_params() if hasattr(model, "get_params") else {}
    if seed is not None and "random_state" in params and params["random_state"] is None:
        model.set_params(random_state=seed)
    if "Xt" in inspect.signature(model.fit).parameters:
        return model.fit(X, y, Xt=Xt)
    return model.fit(X, y)


def _reverse_right(model, X_train, X_val, y_val, Xt, seed) -> np.ndarray:
    """Per held-out point: is the reverse model right?"""
    pseudo = model.predict(Xt)
    classes = np.unique(pseudo)
    if len(classes) == 1:
        return np.asarray(y_val) == classes[0]
    reverse = _fit(model, Xt, pseudo, X_train, seed=seed)
    return reverse.predict(X_val) == np.asarray(y_val)


def _losses(estimator, X, y, loss) -> np.ndarray:
    """Per-point loss of a fitted model on *source* points: through the source map for
    the estimators that map each domain differently (``transform(X, domain=...)``)."""
    y = column_or_1d(y)
    model, transform = estimator, getattr(estimator, "transform", None)
    if transform is not None and "domain" in inspect.signature(transform).parameters:
        model, X = estimator.estimator_, transform(X, domain="source")
    if loss == "zero_one":
        return (model.predict(X) != y).astype(float)
    if not hasattr(model, "predict_proba"):
        raise TypeError(f'loss="log" needs predict_proba; {type(estimator).__name__} has '
                        'none. Use loss="zero_one".')
    proba = model.predict_proba(X)
    column = np.searchsorted(model.classes_, y)
    column = np.minimum(column, len(model.classes_) - 1)
    p_true = np.where(model.classes_[column] == y, proba[np.arange(len(y)), column], 0.0)
    return -np.log(np.clip(p_true, 1e-15, 1.0))


def _loss(loss) -> str:
    check_choice("loss", loss, LOSSES)
    return loss


def _score(risk, loss) -> float:
    """Higher is better: accuracy for the 0-1 loss, minus the risk otherwise."""
    return 1.0 - risk if loss == "zero_one" else -risk


def _check_candidates(candidates) -> dict:
    if not isinstance(candidates, Mapping) or not candidates:
        raise ValueError("candidates must be a non-empty mapping of name -> estimator or "
                         f"factory; got {candidates!r}.")
    for name, c in candidates.items():
        if not isinstance(name, str):
            raise TypeError(f"candidates' names must be strings; got {name!r}.")
        if not (hasattr(c, "fit") or callable(c)):
            raise TypeError(f"candidates[{name!r}] must be an estimator (with fit) or a "
                            f"zero-argument callable returning one; got {c!r}.")
    return dict(candidates)


def _check_target(Xt, n_features) -> np.ndarray:
    if Xt is None or np.asarray(Xt).size == 0:
        raise ValueError("Xt must hold at least one target point; got an empty target "
                         "sample.")
    return _check_features("Xt", Xt, n_features)


def _check_features(name, X, n_features) -> np.ndarray:
    X = check_array(X, input_name=name)
    if X.shape[1] != n_features:
        raise ValueError(f"{name} must have {n_features} features like the source; got "
                         f"{X.shape[1]}.")
    return X


def _check_losses_weights(losses, weights):
    losses = np.asarray(losses, dtype=float).ravel()
    weights = np.asarray(weights, dtype=float).ravel()
    if losses.size == 0 or losses.shape != weights.shape:
        raise ValueError("losses and weights must be two non-empty arrays of one length; "
                         f"got {losses.size} losses and {weights.size} weights.")
    if not (np.all(np.isfinite(weights)) and np.all(weights >= 0) and weights.sum() > 0):
        raise ValueError("weights must be finite, >= 0 and not all 0.")
    return losses, weights


def _seeds(random_state, n) -> list[int]:
    """``n`` int seeds drawn from ``random_state`` (a Generator is accepted too)."""
    if isinstance(random_state, np.random.Generator):
        return [int(s) for s in random_state.integers(2**31 - 1, size=n)]
    return [int(s) for s in as_random_state(random_state).randint(2**31 - 1, size=n)]
