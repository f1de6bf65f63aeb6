"""The start-up warm-up: every lesson's background, computed before the class arrives.

Each experiment module in :mod:`tllib.experiments` lists the finite grid of background
settings its lesson can ask for (``background_settings()``): the maps, sweeps and records
over many draws that do not depend on the seed. This computes every one of them into
:func:`ui.cache.memo`'s files on disk, so a student who moves a control to a value no
one has chosen yet waits only for the draw in front of them. It runs in its own
process, at low priority, beside the server (``scripts/serve.sh``): a server process is
never slowed by it beyond sharing the cores, and several server processes share what it
wrote. Values already on disk (a restart, an unchanged tllib) are only checked.

    .venv/bin/python -m ui.warmup        # prints how long it took
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time

from streamlit import logger

import tllib.experiments

if __name__ == "__main__":
    # Outside a server, Streamlit's caches say (once per cached function) that they
    # keep to memory; this process only uses the files below them.
    logger.set_log_level("error")

from . import cache  # noqa: E402  (after the log level)


def experiment_modules():
    """Every lesson's experiment module, imported."""
    return [importlib.import_module(f"tllib.experiments.{info.name}")
            for info in pkgutil.iter_modules(tllib.experiments.__path__)]


def preload() -> None:
    """Import what the lessons run on — SciPy, scikit-learn, Plotly and every
    experiment — now. ``app.py`` calls it, so the server's start-up run of app.py
    (``scripts/serve.sh``) pays the ~2 s of imports instead of the first student to
    open a lesson, while the rest of the class waits behind the same interpreter."""
    if "tllib.method_plots" in sys.modules:  # every later run of app.py: nothing to do
        return
    experiment_modules()
    importlib.import_module("tllib.method_plots")


def settings():
    """Every (function, keyword arguments) the lessons' experiments memoise."""
    for module in experiment_modules():
        listed = getattr(module, "background_settings", None)
        if listed is not None:
            yield from listed()


def run(*, verbose: bool = False) -> tuple[int, float]:
    """Compute (or find on disk) every background value; return how many there are
    and how many seconds it took. Files of an older tllib are removed first."""
    start = time.perf_counter()
    cache.prune()
    n = 0
    for fn, kwargs in settings():
        path, key = cache.memo_key(fn, **kwargs)
        cache.load_or_compute(path, key, kwargs)
        n += 1
    elapsed = time.perf_counter() - start
    if verbose:
        print(f"warm-up: {n} background values ready in {elapsed:.1f} s", flush=True)
    return n, elapsed


if __name__ == "__main__":
    run(verbose=True)
    sys.exit(0)
