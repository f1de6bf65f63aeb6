"""Cached calls into tllib, keyed by value.

``run(fn, **kwargs)`` returns ``fn(**kwargs)``, computed once per distinct argument
values for the whole server and copied to each session (``st.cache_data`` pickles the
result, so no session can change what another sees). Estimators are returned fitted but
copied, never shared: the architecture forbids ``cache_resource`` for them.
"""

from __future__ import annotations

import importlib

import streamlit as st


def run(fn, /, **kwargs):
    """``fn(**kwargs)``, cached on ``fn``'s import path and the arguments' values."""
    return _cached(fn.__module__, fn.__qualname__, kwargs)


@st.cache_data(max_entries=1024, show_spinner=False)
def _cached(module: str, qualname: str, kwargs: dict):
    fn = importlib.import_module(module)
    for part in qualname.split("."):
        fn = getattr(fn, part)
    return fn(**kwargs)
