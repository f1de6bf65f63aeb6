"""How long each page takes to rerun when a student moves a control: cold and warm.

For Home and every lesson: run the page once under AppTest (its first run: imports,
first figures; not counted), then, for each control (the same driver the tests use),
with every other control at its default:

- **cold**: move the control to a value this process has never run for that control,
  then back to the default. Sliders take grid values (min..max by step) not yet
  visited, spread over the range; number inputs (seeds) fresh integers (1000, 1001, …);
  select sliders, select boxes, radios, checkboxes and toggles their options not yet
  visited (a finite list: once it is used up there is no cold value left). At most
  ``--cold N`` (default 6) per control. Buttons and self-check radios (which start
  unanswered) have no cold moves.
- **warm**: alternately a value already visited (one of the cold ones, or the control's
  first change, which is run once unmeasured) and the default, ``--rounds`` times.

Only ``AppTest.run()`` is timed: the script rerun, not AppTest's setup. Each row reports
the cold and warm median and p95 against the budgets: cold median <= 100 ms, cold p95
<= 300 ms, warm median <= 100 ms.

Before measuring, the app's start-up warm-up runs if there is one (``ui.warmup.run()``,
which computes each lesson's finite grid of background values into files on disk, as
scripts/serve.sh has it done beside the server), and its duration is printed: the cold
numbers are what a student meets on a freshly started server once it has warmed up.

    .venv/bin/python bench/rerun.py [--rounds 10] [--cold 6] [--by-control]
                                    [--pages SLUG ...] [--no-warmup] [--gc-compare]

``--gc-compare`` runs everything twice, with Streamlit's ``runner.postScriptGC`` on and
off, to decide .streamlit/config.toml (warm reruns only).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import importlib.util
import math
import os
import statistics
import sys
import time
from pathlib import Path
from collections.abc import Hashable
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit import config, logger  # noqa: E402
from streamlit.runtime.scriptrunner.script_cache import ScriptCache  # noqa: E402
from streamlit.testing.v1 import local_script_runner  # noqa: E402
from streamlit.testing.v1.local_script_runner import LocalScriptRunner  # noqa: E402

from tests.driver import (  # noqa: E402
    changed_value, controls, current_value, is_self_check, open_page, set_value,
)
from ui.course import HOME, LAB, LESSONS  # noqa: E402

BUDGET_MS = {"cold median": 100, "cold p95": 300, "warm median": 100}
# The Lab fits every chosen method on several fresh draws when a setting is new (a
# leaderboard, or a sweep): its cold budget is a full fresh run, 5 s; warm, a lesson's.
LAB_BUDGET_MS = {**BUDGET_MS, "cold median": 5000, "cold p95": 5000}
FRESH_SEED = 1000  # number inputs go to 1000, 1001, ... for cold values
# Quiet: AppTest logs "missing ScriptRunContext" whenever a test reads widget state.
config.set_option("logger.level", "error")
logger.set_log_level("error")

# Every value this process has run, per (page, control): a value is cold only once.
VISITED: dict[tuple[str, str], dict[Hashable, Any]] = {}


def timed_run(at) -> float:
    start = time.perf_counter()
    at.run()
    elapsed = (time.perf_counter() - start) * 1000
    if at.exception:
        raise RuntimeError(at.exception[0].value)
    return elapsed


# --- cold values ---------------------------------------------------------------------

def value_key(w, value) -> Hashable:
    """What identifies a control's value, whichever form it was given in: a choice by
    its option label (the driver sets choices by label, a page reads its own value), a
    number rounded so that 0.15 and 0.15000000000000002 are one value."""
    if w.type in ("selectbox", "radio", "select_slider"):
        if value is None or value in w.options:
            return value
        return w.format_func(value)
    if w.type in ("slider", "number_input") and isinstance(value, (int, float)):
        return round(value, 10)
    return tuple(value) if isinstance(value, list) else value


def cold_candidates(w) -> list:
    """Every value the control can take, in the form set_value takes (may be endless
    for a number input: then a generator of fresh values)."""
    kind = w.type
    if kind in ("checkbox", "toggle"):
        return [True, False]
    if kind in ("selectbox", "radio", "select_slider"):
        return list(w.options)
    if kind == "slider":
        return slider_grid(w)
    if kind == "number_input":
        return fresh_numbers(w)
    return []


def slider_grid(w) -> list:
    """min..max by step, rounded as a person would type them (0.15, not
    0.15000000000000002), ints for an int slider. Range sliders are not moved cold."""
    p = w.proto
    if isinstance(w.value, (list, tuple)) or p.data_type not in (p.INT, p.FLOAT):
        return []
    steps = int(round((p.max - p.min) / p.step))
    grid = [round(p.min + i * p.step, 10) for i in range(steps + 1)]
    return [int(v) for v in grid] if p.data_type == p.INT else grid


def fresh_numbers(w, limit: int = 1000):
    """FRESH_SEED, FRESH_SEED+step, ... within the input's bounds (a seed nobody uses)."""
    step = w.step or 1
    is_int = isinstance(w.value, int)
    lo = w.min if w.min is not None else -math.inf
    hi = w.max if w.max is not None else math.inf
    start = max(FRESH_SEED, lo)
    for i in range(limit):
        v = start + i * step
        if v > hi:
            return
        yield int(v) if is_int else round(v, 10)


def cold_values(w, visited: dict, n: int) -> list:
    """Up to ``n`` values not in ``visited``, spread over what is left."""
    if n <= 0 or w.type == "button" or is_self_check(w):
        return []
    fresh = []
    for v in cold_candidates(w):
        if value_key(w, v) not in visited:
            fresh.append(v)
            if w.type == "number_input" and len(fresh) == n:
                break
    return spread(fresh, n)


def spread(values: list, n: int) -> list:
    """``n`` of ``values``, evenly spaced from the first to the last."""
    if len(values) <= n:
        return values
    if n == 1:
        return [values[len(values) // 2]]
    return [values[round(i * (len(values) - 1) / (n - 1))] for i in range(n)]


# --- one page ------------------------------------------------------------------------

def bench_control(at, slug: str, control, rounds: int, n_cold: int):
    """(cold times, warm times) for one control; see the module docstring."""
    w = control.widget(at)
    default = current_value(w)
    visited = VISITED.setdefault((slug, f"{control.kind} {control.key or control.index}"), {})
    default_key = value_key(w, default)
    visited.setdefault(default_key, default)
    cold, warm = [], []
    for value in cold_values(w, visited, n_cold):
        visited[value_key(w, value)] = value
        set_value(at, control, value)
        cold.append(timed_run(at))
        set_value(at, control, default)
        warm.append(timed_run(at))
    others = [v for k, v in visited.items() if k != default_key]
    if not others:  # a button, a self-check, or no cold moves asked for
        first = changed_value(control.widget(at))
        set_value(at, control, first)
        timed_run(at)  # its first run may be cold: not counted
        set_value(at, control, default)
        timed_run(at)
        if control.kind != "button":
            visited[value_key(w, first)] = first
        others = [first]
    for i in range(rounds):
        set_value(at, control, others[i % len(others)])
        warm.append(timed_run(at))
        set_value(at, control, default)  # a button's default is "not clicked"
        warm.append(timed_run(at))
    return cold, warm


def bench_page(lesson, rounds: int, n_cold: int, by_control: bool = False) -> list[dict]:
    """One row for the page (and, with ``by_control``, one per control after it)."""
    at = open_page(lesson.path)
    timed_run(at)  # the page's first run: imports, first figures
    rows, cold, warm = [], [], []
    for control in controls(at):
        own_cold, own_warm = bench_control(at, lesson.slug, control, rounds, n_cold)
        name = f"  {control.kind} {control.key or control.index}"
        rows.append(summary(name, 1, own_cold, own_warm))
        cold += own_cold
        warm += own_warm
    if not rows:  # a page without controls: plain reruns
        warm = [timed_run(at) for _ in range(2 * rounds)]
    rows = [summary(lesson.slug, len(rows), cold, warm)] + (rows if by_control else [])
    return [dict(row, slug=lesson.slug) for row in rows]


def summary(name: str, n_controls: int, cold: list[float], warm: list[float]) -> dict:
    return {"page": name, "controls": n_controls, "cold": stats(cold), "warm": stats(warm)}


def stats(times: list[float]) -> dict | None:
    if not times:
        return None
    return {"n": len(times), "median": statistics.median(times),
            "p95": percentile(times, 95), "max": max(times)}


def percentile(values: list[float], p: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def over_budget(row: dict) -> list[str]:
    """The budgets a row misses (a row without cold moves is judged on warm only)."""
    measured = {"warm median": row["warm"]["median"]}
    if row["cold"]:
        measured |= {"cold median": row["cold"]["median"], "cold p95": row["cold"]["p95"]}
    budget = LAB_BUDGET_MS if row.get("slug") == LAB.slug else BUDGET_MS
    return [name for name, ms in measured.items() if ms > budget[name]]


def bench_all(pages, rounds: int, n_cold: int, by_control: bool = False) -> list[dict]:
    rows = []
    for lesson in pages:
        try:
            rows += bench_page(lesson, rounds, n_cold, by_control)
        except Exception as error:  # report the page, keep measuring the others
            rows.append({"page": lesson.slug, "error": one_line(error)})
    return rows


def one_line(error: Exception) -> str:
    return f"{type(error).__name__}: {str(error).strip().splitlines()[0]}"[:110]


def print_table(rows: list[dict]) -> None:
    header = (f"{'page':<36}{'controls':>9}{'cold n':>8}{'median':>8}{'p95':>7}"
              f"{'warm n':>8}{'median':>8}{'p95':>7}{'worst':>7}  budget")
    print(header)
    print("-" * len(header))
    for r in rows:
        if "error" in r:
            print(f"{r['page']:<36}  ERROR {r['error']}")
            continue
        c, w = r["cold"], r["warm"]
        cold = f"{c['n']:>8}{c['median']:>8.0f}{c['p95']:>7.0f}" if c else f"{'-':>8}{'':>15}"
        worst = max(w["max"], c["max"] if c else 0)
        misses = over_budget(r)
        verdict = "ok" if not misses else "over: " + ", ".join(misses)
        print(f"{r['page'][:35]:<36}{r['controls']:>9}{cold}"
              f"{w['n']:>8}{w['median']:>8.0f}{w['p95']:>7.0f}{worst:>7.0f}  {verdict}")
    print(f"\nms per rerun. Budgets: cold median <= {BUDGET_MS['cold median']}, cold p95 <= "
          f"{BUDGET_MS['cold p95']}, warm median <= {BUDGET_MS['warm median']}; the Lab's "
          f"cold runs (a fresh leaderboard or sweep) <= {LAB_BUDGET_MS['cold median']}.")


# --- the app's start-up warm-up ------------------------------------------------------

def run_startup_warmup() -> None:
    """Run ``ui.warmup.run()`` as the server does at start-up, if the app has one."""
    found = importlib.util.find_spec("ui.warmup")
    module = importlib.import_module("ui.warmup") if found else None
    if not hasattr(module, "run"):
        print("start-up warm-up: none")
        return
    start = time.perf_counter()
    try:
        result = module.run()
    except Exception as error:  # measure anyway: the cold numbers will show it
        print(f"start-up warm-up: FAILED after {time.perf_counter() - start:.1f} s "
              f"({one_line(error)})")
        return
    # ui.warmup.run() says how many values it made ready: (count, seconds).
    count = result[0] if isinstance(result, tuple) and result and isinstance(result[0], int) \
        else None
    print(f"start-up warm-up: {time.perf_counter() - start:.1f} s"
          + (f" ({count} values ready)" if count is not None else ""))


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
    # Page by page, warm reruns only: a warm-up pass first, so both measured passes
    # find the same caches and the same machine load.
    print(f"{'page':<30}{'warm median on':>16}{'warm median off':>17}"
          f"{'p95 on':>8}{'p95 off':>9}  (ms)")
    for lesson in pages:
        try:
            bench_page(lesson, 1, n_cold=0)
            rows = {}
            for on in (True, False):
                config.set_option("runner.postScriptGC", on)
                rows[on] = bench_page(lesson, rounds, n_cold=0)[0]["warm"]
        except Exception as error:
            print(f"{lesson.slug:<30}  ERROR {one_line(error)}")
            continue
        print(f"{lesson.slug:<30}{rows[True]['median']:>16.1f}{rows[False]['median']:>17.1f}"
              f"{rows[True]['p95']:>8.1f}{rows[False]['p95']:>9.1f}")


def machine_facts(args) -> str:
    threads = {v: os.environ.get(v, "unset")
               for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{os.cpu_count()} cores (load average {load}), {args.rounds} warm rounds and "
            f"up to {args.cold} cold values per control, "
            + ", ".join(f"{k}={v}" for k, v in threads.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10,
                        help="warm visited-value/default pairs per control")
    parser.add_argument("--cold", type=int, default=6, metavar="N",
                        help="at most N never-seen values per control")
    parser.add_argument("--gc-compare", action="store_true",
                        help="run with runner.postScriptGC on and off (warm reruns)")
    parser.add_argument("--pages", nargs="*", help="only these slugs")
    parser.add_argument("--by-control", action="store_true", help="a row per control too")
    parser.add_argument("--no-warmup", action="store_true",
                        help="skip the app's start-up warm-up (ui.warmup.run)")
    args = parser.parse_args()
    pages = [p for p in (HOME, *LESSONS, LAB) if not args.pages or p.slug in args.pages]

    share_script_cache()
    print(machine_facts(args))
    if args.no_warmup:
        print("start-up warm-up: skipped (--no-warmup)")
    else:
        run_startup_warmup()
    print()
    if args.gc_compare:
        gc_compare(pages, args.rounds)
    else:  # rerun as the server would, with .streamlit/config.toml's setting
        emulate_post_script_gc()
        print(f"runner.postScriptGC = {str(config.get_option('runner.postScriptGC')).lower()}")
        print_table(bench_all(pages, args.rounds, args.cold, args.by_control))


if __name__ == "__main__":
    main()
