"""How long each transfer method in tllib takes to fit, beside SKADA's version of it.

For every method and size (300 and 2,000 points per domain): draw the pair the method is
built for, fit it R times on one thread (as the app runs: ``threadpool_limits(1)``) and
keep the median; then the same arrays go to a child process that times SKADA's
implementation of the same method with the same parameters (SKADA switches on
scikit-learn's metadata routing when imported, so it never runs in this process).

    .venv/bin/python bench/methods.py [--rounds 7] [--methods NAME ...]

Budgets: a median fit of at most 50 ms at 300 points per domain and 1 s at 2,000;
goal: a ratio tllib / SKADA of at most 1.0.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.isolated import run_isolated, skada_available  # noqa: E402
from tllib import augmentation, feature, instance, make_domain_pair, tradaboost  # noqa: E402
from tllib.parameter import SourcePriorLogisticRegression  # noqa: E402

SIZES = (300, 2000)
BUDGET_MS = {300: 50, 2000: 1000}
RATIO_GOAL = 1.0


@dataclass(frozen=True)
class Method:
    name: str
    shift: str  # the shift the method is built for
    build: Callable[[], object]  # the tllib estimator
    skada: str | None  # Python that sets `est`, SKADA's twin with the same parameters
    n_labelled: int = 0  # target labels it is given
    note: str = ""  # what a reader of the ratio must know


# SKADA's reweighting pipelines pass sample_weight through metadata routing (which
# importing skada switches on), so their base estimator must ask for it.
LR = "import skada\nfrom sklearn.linear_model import LogisticRegression\n"
LR_W = LR + "lr = LogisticRegression().set_fit_request(sample_weight=True)\n"
METHODS = (
    Method("KMM", "covariate", lambda: instance.KernelMeanMatching(gamma=1.0),
           LR_W + "from skada import KMMReweight\nest = KMMReweight(lr, gamma=1.0)"),
    Method("KLIEP", "covariate", lambda: instance.KLIEP(gamma=1.0, random_state=0),
           LR_W + "from skada import KLIEPReweight\n"
                  "est = KLIEPReweight(lr, gamma=1.0, random_state=0)",
           note="SKADA 0.6's KLIEP stops at its starting point (its gradient step is "
                "~1e-16), so it skips the optimisation tllib runs to convergence."),
    Method("discriminator weights", "covariate", instance.DiscriminatorReweighting,
           LR_W + "from skada import DiscriminatorReweight\nest = DiscriminatorReweight(lr)",
           note="SKADA 0.6 weights by P(source|x)/P(target|x), the reciprocal of the "
                "importance weight; the work is the same."),
    Method("TrAdaBoost", "conditional", tradaboost.TrAdaBoostClassifier, None, n_labelled=20),
    # SKADA centres both domains (= align_means up to a shift the intercept absorbs);
    # reg=None there is no shrinkage, as reg=0 here.
    Method("CORAL", "feature", lambda: feature.CORAL(reg=0.0, align_means=True),
           LR + "from skada import CORAL\nest = CORAL(LogisticRegression(), reg=None)"),
    Method("subspace alignment", "feature", lambda: feature.SubspaceAlignment(n_components=2),
           LR + "from skada import SubspaceAlignment\n"
                "est = SubspaceAlignment(LogisticRegression(), n_components=2)"),
    # The lesson's setting. SKADA solves TCA exactly (cubic: ~24 s at 2,000 points per
    # domain); tllib restricts W to 300 landmark points (exact below 300 points in all).
    Method("TCA", "feature",
           lambda: feature.TransferComponentAnalysis(kernel="linear", n_components=1, mu=1.0),
           LR + "from skada import TransferComponentAnalysis\n"
                "est = TransferComponentAnalysis(LogisticRegression(), kernel='linear',"
                " n_components=1, mu=1.0)"),
    Method("feature augmentation", "conditional", augmentation.FeatureAugmentation, None,
           n_labelled=20),
    Method("L2-SP", "conditional", SourcePriorLogisticRegression, None, n_labelled=20),
)


def data(method: Method, n: int):
    pair = make_domain_pair(method.shift, 0.6, n_source=n, n_target=n,
                            n_target_labelled=method.n_labelled, n_test=10, random_state=0)
    return pair.X_source, pair.y_source, pair.X_target, pair.y_target_visible


def median_ms(fit: Callable[[], object], rounds: int) -> float:
    fit()  # warm-up: imports, first allocations
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fit()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def time_tllib(method: Method, n: int, rounds: int) -> float:
    Xs, ys, Xt, yt = data(method, n)
    return median_ms(lambda: method.build().fit(Xs, ys, Xt=Xt, yt=yt), rounds)


SKADA_TIMER = """
import time, statistics
def _median_ms(fit, rounds):
    start = time.perf_counter(); fit(); first = (time.perf_counter() - start) * 1000
    if first > 3000:  # a fit of seconds: its warm-up run is measurement enough
        return first
    times = []
    for _ in range(rounds):
        start = time.perf_counter(); fit(); times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)
"""


def time_skada(rows: list[tuple[int, Method, int]], rounds: int) -> dict[int, float]:
    """One child process times every SKADA twin: ``{row id: median ms}``."""
    code, arrays = [SKADA_TIMER], {}
    for i, method, n in rows:
        Xs, ys, Xt, yt = data(method, n)
        arrays[f"X{i}"] = np.vstack([Xs, Xt])
        arrays[f"y{i}"] = np.concatenate([ys, np.where(yt == -1, -1, yt)])
        arrays[f"d{i}"] = np.concatenate([np.ones(len(ys)), -np.ones(len(Xt))])
        code.append(method.skada + "\n"
                    f"out['t{i}'] = _median_ms(lambda: est.fit(X{i}, y{i}, sample_domain=d{i}),"
                    f" {rounds})\n")
    out = run_isolated("\n".join(code), timeout=1800, **arrays)
    return {i: float(out[f"t{i}"]) for i, _, _ in rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7, help="timed fits per cell")
    parser.add_argument("--methods", nargs="*", help="only these names")
    args = parser.parse_args()
    methods = [m for m in METHODS if not args.methods or m.name in args.methods]

    threadpool_limits(1)
    cells = [(i, m, n) for i, (m, n) in enumerate((m, n) for m in methods for n in SIZES)]
    ours = {i: time_tllib(m, n, args.rounds) for i, m, n in cells}
    twins = [(i, m, n) for i, m, n in cells if m.skada]
    theirs = time_skada(twins, args.rounds) if twins and skada_available() else {}
    if twins and not skada_available():
        print("SKADA is not installed (make test installs it): no ratios.\n")

    print(f"Fit time, median of {args.rounds}, one thread; budgets "
          f"{BUDGET_MS[300]} ms at 300 and {BUDGET_MS[2000]} ms at 2000 points per domain\n")
    header = f"{'method':<24}{'shift':<13}{'n/domain':>9}{'tllib ms':>10}{'SKADA ms':>10}" \
             f"{'ratio':>7}  budget  goal"
    print(header)
    print("-" * len(header))
    for i, m, n in cells:
        budget = "ok" if ours[i] <= BUDGET_MS[n] else "OVER"
        if i in theirs:
            ratio = ours[i] / theirs[i]
            twin = f"{theirs[i]:>10.1f}{ratio:>7.3f}"
            goal = "ok" if ratio <= RATIO_GOAL else "over"
        else:
            twin, goal = f"{'—':>10}{'—':>7}", "—"
        print(f"{m.name:<24}{m.shift:<13}{n:>9}{ours[i]:>10.1f}{twin}  {budget:<6}  {goal}")
    notes = {m.name: m.note for m in methods if m.note}
    if notes:
        print()
    for name, note in notes.items():
        print(f"{name}: {note}")


if __name__ == "__main__":
    main()
