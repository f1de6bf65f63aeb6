"""Cached calls into tllib, keyed by value.

``run(fn, **kwargs)`` returns ``fn(**kwargs)``, computed once per distinct argument
values for the whole server and copied to each session (``st.cache_data`` pickles the
result, so no session can change what another sees). Estimators are returned fitted but
copied, never shared: the architecture forbids ``cache_resource`` for them. A lesson
calls its experiment this way, once per run (plus once per fragment)::

    result = cache.run(experiments.negative_transfer.run, relatedness=r, ..., memo=cache.memo)

``memo(fn, **kwargs)`` is what an experiment uses for its expensive *background* (a map,
a sweep, a record over many draws) that depends on fewer controls than the whole
experiment: it is cached in memory like ``run`` and, below that, in pickle files on
disk, keyed by the value of the arguments *and* a hash of tllib's source, so a restart
is warm and a code change never serves a stale figure. Several server processes (or
replicas on one disk) share the files, and the start-up warm-up (:mod:`ui.warmup`),
a separate process, fills them before the class arrives. ``st.cache_data(persist=
"disk")`` cannot do that: outside a running server it falls back to memory only.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import pickle
import shutil
import tempfile
import types
from pathlib import Path

import numpy as np
import streamlit as st
from sklearn.base import BaseEstimator

ROOT = Path(__file__).resolve().parent.parent
# Where memo() keeps its files: TLLIB_CACHE_DIR, or .cache/ in the project.
CACHE_DIR = Path(os.environ.get("TLLIB_CACHE_DIR", ROOT / ".cache" / "background"))


def _code_version() -> str:
    """A hash of tllib's source: a change to any module makes every old file unused."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "tllib").rglob("*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


CODE_VERSION = _code_version()


def _key(value, strict: bool = True):
    """What identifies an argument's value for the cache, as plain data: an array is
    its dtype, shape and bytes' hash (never its ``repr``, which rounds); an unfitted
    estimator is its class and parameters; a function its import path (Streamlit
    would otherwise try, and fail, to pickle them). Any other object is refused when
    ``strict`` (a file name must come from plain data) and otherwise left for
    Streamlit's own hasher, which hashes by value."""
    if isinstance(value, np.ndarray):
        data = np.ascontiguousarray(value)
        return ("ndarray", str(data.dtype), data.shape, hashlib.sha256(data.tobytes()).hexdigest())
    if isinstance(value, np.generic):
        return _key(value.item())
    if isinstance(value, BaseEstimator):
        params = sorted(value.get_params(deep=False).items())
        return (f"{type(value).__module__}.{type(value).__qualname__}", _key(params, strict))
    if isinstance(value, (types.FunctionType, types.BuiltinFunctionType)):
        return f"{value.__module__}.{value.__qualname__}"
    if isinstance(value, dict):
        return tuple(sorted((str(k), _key(v, strict)) for k, v in value.items()))
    if isinstance(value, (list, tuple, range)):
        return (type(value).__name__, tuple(_key(v, strict) for v in value))
    if value is None or isinstance(value, (bool, int, float, str)) or not strict:
        return value
    raise TypeError(f"cannot key a cache on a {type(value).__name__}: {value!r}")


def _path_of(fn) -> str:
    return f"{fn.__module__}:{fn.__qualname__}"


def _resolve(path: str):
    module, qualname = path.split(":")
    fn = importlib.import_module(module)
    for part in qualname.split("."):
        fn = getattr(fn, part)
    return fn


def run(fn, /, **kwargs):
    """``fn(**kwargs)``, cached on ``fn``'s import path and the arguments' values."""
    return _cached(_path_of(fn), _key(kwargs, strict=False), _kwargs=kwargs)


@st.cache_data(max_entries=2048, show_spinner=False)
def _cached(path: str, key, _kwargs: dict):
    return _resolve(path)(**_kwargs)


def memo(fn, /, **kwargs):
    """``fn(**kwargs)`` for an experiment's background: in memory, then on disk."""
    return _remembered(_path_of(fn), repr(_key(kwargs)), _kwargs=kwargs)


@st.cache_data(max_entries=1024, show_spinner=False)
def _remembered(path: str, key: str, _kwargs: dict):
    return load_or_compute(path, key, _kwargs)


def load_or_compute(path: str, key: str, kwargs: dict):
    """The value in ``CACHE_DIR/<code version>/`` for (``path``, ``key``), or computed
    and written there (atomically: a reader never sees half a file)."""
    folder = CACHE_DIR / CODE_VERSION
    file = folder / f"{hashlib.sha256(f'{path}|{key}'.encode()).hexdigest()}.pkl"
    try:
        return pickle.loads(file.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass  # not there yet (or unreadable): compute it
    value = _resolve(path)(**kwargs)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".tmp") as tmp:
            pickle.dump(value, tmp, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp.name, file)
    except OSError:
        pass  # a read-only disk only costs the next restart its warmth
    return value


def memo_key(fn, /, **kwargs) -> tuple[str, str]:
    """The (path, key) pair :func:`memo` files ``fn(**kwargs)`` under (for the warm-up)."""
    return _path_of(fn), repr(_key(kwargs))


def prune() -> int:
    """Remove the files of every other code version; return how many folders went."""
    gone = 0
    for folder in CACHE_DIR.glob("*"):
        if folder.is_dir() and folder.name != CODE_VERSION:
            shutil.rmtree(folder, ignore_errors=True)
            gone += 1
    return gone
