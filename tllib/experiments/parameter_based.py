"""Experiment of the lesson "parameter-based transfer" (slide 14): L2-SP on a concept shift.

Start from the source model's weights and let ``k`` target labels move them, with a pull
``lambda`` towards the source's weights (:class:`tllib.parameter.SourcePriorLogisticRegression`,
solved here in batches with :func:`tllib.linear.fit_logistic`: ``alpha = alpha_intercept
= lambda`` around the source solution). This draw (the seed control): source-only,
target-only, L2-SP at the chosen ``lambda``, at the smallest and the largest ``lambda``,
and the path of the weights over a fine ``lambda`` grid. The background, a learning curve
over ``k`` averaged over five fixed draws, depends on the rotation only and is computed for
every ``lambda`` at once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterator

import numpy as np

from .. import evaluate, linear
from .._validation import check_int
from ..datasets import DomainPair, make_domain_pair
from ..evaluate import shown_percent
from . import BackgroundSetting, Note, call

__all__ = ["LAMBDAS", "PATH_GRID", "K_OPTIONS", "CURVE_KS", "CURVE_SEEDS", "STRENGTHS",
           "ParameterResult", "CurveRecord", "run", "learning_curves", "fit_l2sp",
           "notes", "flag", "background_settings"]

LAMBDAS = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
PATH_GRID = tuple(float(v) for v in np.logspace(-2, 2, 33))  # finer than the control
K_OPTIONS = (4, 8, 16, 32, 64)
CURVE_KS = (2, 4, 8, 16, 32, 64)
CURVE_SEEDS = tuple(range(5))  # the background's fixed draws
STRENGTHS = tuple(round(0.05 * i, 2) for i in range(21))  # the slider's values
STRONG = 0.5  # from here on the target's rule is at least 90° from the source's
SHIFT = "conditional"


@dataclass(frozen=True)
class ParameterResult:
    """Everything the page shows.

    ``accuracy`` holds the target test accuracy of ``source``, ``target``, ``l2sp``,
    ``weakest`` (L2-SP at ``LAMBDAS[0]``) and ``strongest`` (at ``LAMBDAS[-1]``).
    ``gain`` is L2-SP against target-only (the transfer gain: ``"behind"`` is negative
    transfer); ``vs_source`` against the source model as it is (the improvement over
    source-only); ``weakest_vs_target`` the smallest ``lambda`` against target-only.
    ``curves`` (source_only, target_only, l2sp) average the five fixed draws."""

    pair: DomainPair
    source: object
    target: object
    model: object
    accuracy: dict
    path: np.ndarray
    source_coef: np.ndarray
    curves: evaluate.Curves
    gain: evaluate.Comparison
    vs_source: evaluate.Comparison
    weakest_vs_target: evaluate.Comparison
    angle: float
    strong: bool
    lam: float = 0.0
    k: int = 0
    curve_vs_target: tuple = ()  # per CURVE_KS, L2-SP against target-only over the draws
    notes: tuple = ()
    flag: Note | None = None


def _values(r: ParameterResult) -> dict:
    acc = r.accuracy
    return dict(lam=r.lam, angle=r.angle, k=r.k, l2sp=acc["l2sp"], source=acc["source"],
                target=acc["target"], gain=shown_percent(acc["l2sp"]) - shown_percent(acc["target"]),
                small=LAMBDAS[0], large=LAMBDAS[-1], weakest=acc["weakest"],
                strongest=acc["strongest"])


def flag(r: ParameterResult) -> Note:
    """The box under the metrics: negative transfer (and whether a lower lambda would do
    better on this draw), below the source model as it is (and whether a higher one
    would), transfer that helps, or no transfer effect."""
    values, acc = _values(r), r.accuracy
    if r.gain.verdict == "behind":
        lower = r.lam > LAMBDAS[0] and shown_percent(acc["weakest"]) > shown_percent(acc["l2sp"])
        return Note("negative_lower" if lower else "negative", values)
    if r.vs_source.verdict == "behind":
        higher = r.lam < LAMBDAS[-1] and shown_percent(acc["strongest"]) > shown_percent(acc["l2sp"])
        return Note("source_better_raise" if higher else "source_better", values)
    if r.gain.verdict == "ahead":
        return Note("helps", values)
    return Note("tie", values)


def notes(r: ParameterResult) -> tuple[Note, ...]:
    """What to notice: both ends of the path (this draw), the learning curve (the
    average of the draws), and what a strong rotation does to the prior."""
    values = _values(r)
    weak = {"tie": "close", "ahead": "picks"}.get(r.weakest_vs_target.verdict, "hurts")
    # Does the largest lambda hold the weights on the source's (the path's right end)?
    off = float(np.linalg.norm(r.path[-1] - r.source_coef) / np.linalg.norm(r.source_coef))
    held = off < 0.05 and evaluate.compare(r.accuracy["strongest"],
                                           r.accuracy["source"]).verdict == "tie"
    said = [Note(f"small_{weak}", values),
            Note("large" if held else "large_pulled", {**values, "off": off})]
    leads = [shown_percent(r.curves.mean["l2sp"][j]) - shown_percent(r.curves.mean["target_only"][j])
             for j in range(len(CURVE_KS))]
    j = int(np.argmax(leads))
    curve = dict(k_max=CURVE_KS[j], lead_max=leads[j], k_last=CURVE_KS[-1],
                 lead_last=leads[-1], lam=r.lam, n_draws=len(CURVE_SEEDS))
    said.append(Note("curve_lead" if r.curve_vs_target[j].verdict == "ahead"
                     else "curve_noise" if leads[j] > 0 else "curve_behind", curve))
    if r.strong:
        worse = r.accuracy["strongest"] < r.accuracy["target"] - evaluate.TIE
        said.append(Note("strong" if worse else "strong_mild", values))
    else:
        said.append(Note("try_strong", values))
    return tuple(said)


@dataclass(frozen=True)
class CurveRecord:
    """Accuracies of the learning curve over :data:`CURVE_SEEDS` for every lambda:
    ``source`` (n_seeds,), ``target`` (n_seeds, n_ks), ``l2sp`` (n_lambdas, n_seeds, n_ks)."""

    source: np.ndarray
    target: np.ndarray
    l2sp: np.ndarray


def fit_l2sp(X_source, y_source, X_labelled, y_labelled, strengths, weights=None):
    """The source model, then L2-SP for each ``lambda`` in ``strengths``, in one batch.

    The source model is scikit-learn's ``LogisticRegression()`` (L2 towards zero, free
    intercept); L2-SP minimises the summed target loss ``+ (lambda / 2) ||theta -
    theta_s||^2`` over the weights *and* the intercept, from and around the source's.
    ``weights`` (n_problems, n_labelled), 0/1, picks the labelled points of each
    problem (default: all of them, one problem per ``lambda``).

    Returns (source coef (d,), source intercept, coefs (B, d), intercepts (B,))."""
    ws, bs = linear.fit_logistic(X_source, y_source, alpha=1.0)
    lam = np.asarray(strengths, dtype=float)
    if weights is None:
        weights = np.ones((len(lam), len(y_labelled)))
    coef, intercept = linear.fit_logistic(
        X_labelled, y_labelled, weights, alpha=lam, alpha_intercept=lam,
        coef_init=ws[0], intercept_init=bs[0])
    return ws[0], float(bs[0]), coef, intercept


def run(strength: float, lam: float, k: int, seed: int, *, memo=call) -> ParameterResult:
    """This draw's models, the path of the weights, and the verdicts; the learning curve
    (five fixed draws) comes from ``memo(learning_curves, strength=...)``."""
    check_int("seed", seed, 0)  # in words here, not as random_state below
    pair = make_domain_pair(SHIFT, strength, n_target_labelled=k, random_state=seed)
    source = evaluate.fit_baseline("source_only", pair)
    target = evaluate.fit_baseline("target_only", pair)
    grid = (*PATH_GRID, lam, LAMBDAS[0], LAMBDAS[-1])
    ws, bs, coef, intercept = fit_l2sp(pair.X_source, pair.y_source, pair.X_target_labelled,
                                       pair.y_target_labelled, grid)
    scores = linear.accuracy(coef[-3:], intercept[-3:], pair.X_test, pair.y_test)
    accuracy = {"source": float(source.score(pair.X_test, pair.y_test)),
                "target": float(target.score(pair.X_test, pair.y_test)),
                "l2sp": float(scores[0]), "weakest": float(scores[1]),
                "strongest": float(scores[2])}

    record = memo(learning_curves, strength=round(float(strength), 2))
    i = LAMBDAS.index(lam)
    curves = evaluate.Curves.from_scores(CURVE_KS, {
        "source_only": np.repeat(record.source[:, None], len(CURVE_KS), axis=1),
        "target_only": record.target, "l2sp": record.l2sp[i]})
    result = ParameterResult(
        pair=pair, source=source, target=target,
        model=linear.as_estimator(coef[-3], intercept[-3]),
        accuracy=accuracy, path=coef[:len(PATH_GRID)], source_coef=ws, curves=curves,
        gain=evaluate.compare(accuracy["l2sp"], accuracy["target"]),
        vs_source=evaluate.compare(accuracy["l2sp"], accuracy["source"]),
        weakest_vs_target=evaluate.compare(accuracy["weakest"], accuracy["target"]),
        angle=float(pair.details["angle_deg"]), strong=strength >= STRONG, lam=float(lam),
        k=int(k), curve_vs_target=tuple(evaluate.compare(record.l2sp[i][:, j], record.target[:, j])
                                     for j in range(len(CURVE_KS))))
    return replace(result, notes=notes(result), flag=flag(result))


def learning_curves(strength: float) -> CurveRecord:
    """Source-only, target-only and L2-SP (every lambda of :data:`LAMBDAS`) against
    the number of labelled target points, on the draws :data:`CURVE_SEEDS`. Each draw
    has ``max(CURVE_KS)`` labels; a smaller budget uses the first ``k`` of them (one per
    class first), so the curves differ only by how many labels were seen."""
    ks, kmax = np.array(CURVE_KS), max(CURVE_KS)
    pairs = [make_domain_pair(SHIFT, strength, n_target_labelled=kmax, random_state=s)
             for s in CURVE_SEEDS]
    Xs = np.stack([p.X_source for p in pairs])
    ys = np.stack([p.y_source for p in pairs])
    X_test = np.stack([p.X_test for p in pairs])
    y_test = np.stack([p.y_test for p in pairs])
    # The labelled points of each draw in budget order; budget j sees the first ks[j].
    order = [evaluate.labelled_order(p, s) for p, s in zip(pairs, CURVE_SEEDS)]
    XL = np.stack([p.X_target[o] for p, o in zip(pairs, order)])
    yL = np.stack([p.y_target[o] for p, o in zip(pairs, order)])
    mask = (np.arange(kmax)[None, :] < ks[:, None]).astype(float)  # (n_ks, kmax)
    n_seeds, n_ks, n_lams = len(pairs), len(ks), len(LAMBDAS)

    ws, bs = linear.fit_logistic(Xs, ys, alpha=1.0)  # one source model per draw
    source = linear.accuracy(ws, bs, X_test, y_test)
    # target-only: scikit-learn's LogisticRegression() on each budget, (seed, k) batch
    X_b = np.repeat(XL, n_ks, axis=0)
    y_b = np.repeat(yL, n_ks, axis=0)
    w_b = np.tile(mask, (n_seeds, 1))
    wt, bt = linear.fit_logistic(X_b, y_b, w_b, alpha=1.0)
    target = linear.accuracy(wt, bt, np.repeat(X_test, n_ks, axis=0),
                             np.repeat(y_test, n_ks, axis=0)).reshape(n_seeds, n_ks)
    # L2-SP: every (lambda, seed, k), around each draw's source model
    lam = np.repeat(np.asarray(LAMBDAS, float), n_seeds * n_ks)
    centre_w = np.tile(np.repeat(ws, n_ks, axis=0), (n_lams, 1))
    centre_b = np.tile(np.repeat(bs, n_ks), n_lams)
    wl, bl = linear.fit_logistic(
        np.tile(X_b, (n_lams, 1, 1)), np.tile(y_b, (n_lams, 1)), np.tile(w_b, (n_lams, 1)),
        alpha=lam, alpha_intercept=lam, coef_init=centre_w, intercept_init=centre_b)
    l2sp = linear.accuracy(wl, bl, np.tile(np.repeat(X_test, n_ks, axis=0), (n_lams, 1, 1)),
                           np.tile(np.repeat(y_test, n_ks, axis=0), (n_lams, 1)))
    return CurveRecord(source, target, l2sp.reshape(n_lams, n_seeds, n_ks))


def background_settings() -> Iterator[BackgroundSetting]:
    """Every rotation the slider can take: the learning curves of all lambdas."""
    for strength in STRENGTHS:
        yield learning_curves, {"strength": strength}

