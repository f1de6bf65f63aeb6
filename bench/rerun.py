"""How long each page takes to rerun when a student moves a control.

For Home and every lesson: run the page once under AppTest (warm-up), then, for each
control (the same driver the tests use), alternately set a changed value and the default
again for R rounds, timing each ``AppTest.run()``: the script rerun, not AppTest's setup.
The first change on a page is cold (nothing cached for it yet) and is shown on its own.

    .venv/bin/python bench/rerun.py [--rounds 10] [--gc-compare] [--pages SLUG ...]

``--gc-compare`` runs everything twice, with Streamlit's ``runner.postScriptGC`` on and
off, to decide .streamlit/config.toml. Budget: a median rerun of at most 100 ms.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit import config, logger  # noqa: E402
from streamlit.runtime.scriptrunner.script_cache import ScriptCache  # noqa: E402
from streamlit.testing.v1 import local_script_runner  # noqa: E402
from streamlit.testing.v1.local_script_runner import LocalScriptRunner  # noqa: E402

from tests.driver import changed_value, controls, current_value, open_page, set_value  # noqa: E402
from ui.course import HOME, LESSONS  # noqa: E402

BUDGET_MS = 100
# Quiet: AppTest logs "missing ScriptRunContext" whenever a test reads widget state.
config.set_option("logger.level", "error")
logger.set_log_level("error")


def timed_run(at) -> float:
    start = time.perf_counter()
    at.run()
    elapsed = (time.perf_counter() - start) * 1000
    if at.exception:
        raise RuntimeError(at.exception[0].value)
    return elapsed


def bench_page(lesson, rounds: int, by_control: bool = False) -> list[dict]:
    """One row for the page (and, with ``by_control``, one per control after it)."""
    at = open_page(lesson.path)
    timed_run(at)  # warm-up: imports, first figures
    rows, times = [], []
    for control in controls(at):
        default = current_value(control.widget(at))
        own = []
        for _ in range(rounds):
            set_value(at, control, changed_value(control.widget(at)))
            own.append(timed_run(at))
            set_value(at, control, default)  # a button's default is "not clicked"
            own.append(timed_run(at))
        rows.append(summary(f"  {control.kind} {control.key or control.index}", 1, own))
        times += own
    if not times:  # a page without controls: plain reruns
        times = [timed_run(at) for _ in range(2 * rounds)]
    return [summary(lesson.slug, len(rows), times)] + (rows if by_control else [])


def summary(name: str, n_controls: int, times: list[float]) -> dict:
    """The first rerun is the cold one (nothing cached for its value yet): apart."""
    cold, rest = times[0], times[1:] or times
    return {"page": name, "controls": n_controls, "reruns": len(times), "cold": cold,
            "median": statistics.median(rest), "p90": percentile(rest, 90),
            "worst": max(rest)}


def percentile(values: list[float], p: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def bench_all(pages, rounds: int, by_control: bool = False) -> list[dict]:
    rows = []
    for lesson in pages:
        try:
            rows += bench_page(lesson, rounds, by_control)
        except Exception as error:  # report the page, keep measuring the others
            rows.append({"page": lesson.slug, "error": one_line(error)})
    return rows


def one_line(error: Exception) -> str:
    return f"{type(error).__name__}: {str(error).strip().splitlines()[0]}"[:110]


def print_table(rows: list[dict]) -> None:
    header = f"{'page':<30}{'controls':>9}{'reruns':>8}{'cold ms':>9}{'median ms':>11}" \
             f"{'p90 ms':>8}{'worst ms':>10}  budget"
    print(header)
    print("-" * len(header))
    for r in rows:
        if "error" in r:
            print(f"{r['page']:<30}  ERROR {r['error']}")
            continue
        budget = "ok" if r["median"] <= BUDGET_MS else "over"
        print(f"{r['page']:<30}{r['controls']:>9}{r['reruns']:>8}{r['cold']:>9.0f}"
              f"{r['median']:>11.1f}{r['p90']:>8.1f}{r['worst']:>10.0f}  {budget}")


# --- runner.postScriptGC ---------------------------------------------------------------
# A real server's ScriptRunner ends every run with gc.collect(2) when the option is on.
# AppTest's LocalScriptRunner overrides that method and never collects, so the option
# alone changes nothing under AppTest; full_collections_per_run() shows it, and
# emulate_post_script_gc() adds the server's behaviour back for the comparison.

def full_collections_per_run(page, runs: int = 5) -> float:
    """Generation-2 collections per rerun of ``page``, counted with gc.callbacks."""
    count = 0

    def on_gc(phase, info):
        nonlocal count
        count += phase == "start" and info["generation"] == 2

    at = open_page(page.path)
    at.run()
    gc.callbacks.append(on_gc)
    try:
        for _ in range(runs):
            at.run()
    finally:
        gc.callbacks.remove(on_gc)
    return count / runs


def emulate_post_script_gc() -> None:
    original = LocalScriptRunner._on_script_finished

    def on_script_finished(self, *args, **kwargs):
        original(self, *args, **kwargs)
        if config.get_option("runner.postScriptGC"):  # as ScriptRunner does, last
            gc.collect(2)

    LocalScriptRunner._on_script_finished = on_script_finished


def share_script_cache() -> None:
    """Compile each page once, as a server does. A server's runtime keeps one
    ScriptCache: a page's bytecode is compiled on its first run and reused by every
    rerun of every session. AppTest builds a new runner, with a new cache, for each
    ``run()``, so without this every measured rerun would also recompile the page
    (15 ms for the longest lesson, which no student ever waits for)."""
    shared = ScriptCache()
    local_script_runner.ScriptCache = lambda: shared


def gc_compare(pages, rounds: int) -> None:
    def collections(on: bool) -> float:
        config.set_option("runner.postScriptGC", on)
        return full_collections_per_run(pages[0])

    print(f"postScriptGC under plain AppTest: full GCs per rerun on={collections(True):.1f}"
          f" off={collections(False):.1f}")
    emulate_post_script_gc()
    print(f"with the server's post-run gc.collect(2) added: "
          f"on={collections(True):.1f} off={collections(False):.1f}\n")
    # Page by page: a warm-up pass first, so both measured passes find the same caches
    # and the same machine load.
    print(f"{'page':<30}{'median ms gc on':>17}{'median ms gc off':>18}"
          f"{'p90 on':>8}{'p90 off':>9}")
    for lesson in pages:
        try:
            bench_page(lesson, 1)
            rows = {}
            for on in (True, False):
                config.set_option("runner.postScriptGC", on)
                rows[on] = bench_page(lesson, rounds)[0]
        except Exception as error:
            print(f"{lesson.slug:<30}  ERROR {one_line(error)}")
            continue
        print(f"{lesson.slug:<30}{rows[True]['median']:>17.1f}{rows[False]['median']:>18.1f}"
              f"{rows[True]['p90']:>8.1f}{rows[False]['p90']:>9.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10, help="change/default pairs per control")
    parser.add_argument("--gc-compare", action="store_true",
                        help="run with runner.postScriptGC on and off")
    parser.add_argument("--pages", nargs="*", help="only these slugs")
    parser.add_argument("--by-control", action="store_true", help="a row per control too")
    args = parser.parse_args()
    pages = [p for p in (HOME, *LESSONS) if not args.pages or p.slug in args.pages]

    share_script_cache()
    threads = {v: os.environ.get(v, "unset") for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")}
    print(f"{os.cpu_count()} cores, {args.rounds} rounds per control, "
          + ", ".join(f"{k}={v}" for k, v in threads.items()) + "\n")
    if args.gc_compare:
        gc_compare(pages, args.rounds)
    else:  # rerun as the server would, with .streamlit/config.toml's setting
        emulate_post_script_gc()
        print(f"runner.postScriptGC = {str(config.get_option('runner.postScriptGC')).lower()}")
        print_table(bench_all(pages, args.rounds, args.by_control))


if __name__ == "__main__":
    main()
