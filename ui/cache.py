"""Cached calls into tllib, keyed by value.

``run(fn, **kwargs)`` returns ``fn(**kwargs)``, computed once per distinct argument
values for the whole server and copied to each session (``st.cache_data`` pickles the
result, so no session can change what another sees). Estimators are returned fitted but
copied, never shared: the architecture forbids ``cache_resource`` for them.
"""

from __future__ import annotations

import importlib
import types

import streamlit as st
from sklearn.base import BaseEstimator


def _key(value):
    """What identifies an argument's value for the cache. Streamlit hashes arrays and
    plain data itself; an unfitted estimator is its class and parameters, a function its
    import path (Streamlit would otherwise try, and fail, to pickle them)."""
    if isinstance(value, BaseEstimator):
        params = sorted(value.get_params(deep=True).items())
        return f"{type(value).__module__}.{type(value).__qualname__}{_key(params)!r}"
    if isinstance(value, types.FunctionType):
        return f"{value.__module__}.{value.__qualname__}"
    if isinstance(value, dict):
        return {k: _key(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return tuple(_key(v) for v in value)
    return value


def run(fn, /, **kwargs):
    """``fn(**kwargs)``, cached on ``fn``'s import path and the arguments' values."""
    return _cached(f"{fn.__module__}:{fn.__qualname__}", _key(kwargs), _kwargs=kwargs)


@st.cache_data(max_entries=1024, show_spinner=False)
def _cached(path: str, key: dict, _kwargs: dict):
    module, qualname = path.split(":")
    fn = importlib.import_module(module)
    for part in qualname.split("."):
        fn = getattr(fn, part)
    return fn(**_kwargs)
