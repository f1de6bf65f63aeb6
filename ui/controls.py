"""Shared lesson controls, each mirrored in the URL so a teacher can share a link that
opens a lesson exactly as set up.

Numbers use Streamlit's own binding (``bind="query-params"``). A bound choice widget
writes its *displayed* label into the URL, which would put translated prose in links, so
choices are synced by hand with their stable option value (``?m_shift=prior``). Either
way a URL value a control cannot take is ignored, and we say so next to the control.
"""

from __future__ import annotations

import math

import streamlit as st

from tllib.datasets import SHIFT_KINDS

from .text import DEFAULT_LANGUAGE, current_language, in_language, t


def _accepted(raw: str, value) -> bool:
    """Did the control take the URL's value? (Streamlit silently drops one it can't.)"""
    if isinstance(value, bool):
        return raw.lower() == str(value).lower()
    try:
        return math.isclose(float(raw), value, rel_tol=1e-9, abs_tol=1e-9)
    except (TypeError, ValueError):
        return False


def warn_ignored(key: str, raw: str) -> None:
    """Say next to a control that the link's value for ``key`` was not taken."""
    shown = raw[:40].replace("`", "'")
    st.warning(t("common.bad_param", name=key, value=f"`{shown}`"), icon=":material/link_off:")


def bound(widget, label: str, *, key: str, **kwargs):
    """A number widget bound to the URL parameter ``key``. The URL's value is checked
    when the control first appears in the session (a link being opened); afterwards the
    control itself writes the URL."""
    raw = st.query_params.get(key) if key not in st.session_state else None
    value = widget(label, key=key, bind="query-params", **kwargs)
    if raw is not None and not _accepted(raw, value):
        warn_ignored(key, raw)
    return value


def set_bound(key: str, value) -> None:
    """Move a URL-bound control to ``value`` from code, before the control is drawn in
    this run; the control then writes the URL, so a link still shows what is shown."""
    st.session_state[key] = value


def choice(widget, label: str, options, *, key: str, default, translated: bool = True,
           **kwargs):
    """A choice widget (selectbox, radio) mirrored in the URL parameter ``key`` by
    option value; the parameter is left out while the choice is the default.

    The chosen value lives in ``st.session_state[key]``. A translated selectbox (its
    options shown in the page's language) keeps showing the label it was first drawn
    with, so outside the default language it is keyed per language (``m_shift.fa``):
    after the language changes a new widget, started from the chosen value, shows that
    value in the new language."""
    options = list(options)
    if key not in st.session_state:  # first run of this page in this session
        raw = st.query_params.get(key)
        st.session_state[key] = raw if raw in options else default
        if raw is not None and raw not in options:
            warn_ignored(key, raw)
    language = current_language()
    widget_key = key if not translated or language == DEFAULT_LANGUAGE else f"{key}.{language}"
    if widget_key not in st.session_state:
        st.session_state[widget_key] = st.session_state[key]
    if "format_func" in kwargs:
        kwargs["format_func"] = in_language(kwargs["format_func"], language)
    value = widget(label, options, key=widget_key, **kwargs)
    if widget_key != key:
        st.session_state[key] = value
    if value == default:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != value:
        st.query_params[key] = value
    return value


def several(label: str, options, *, key: str, default, **kwargs) -> list:
    """A multiselect mirrored in the URL parameter ``key`` as its options' stable values
    joined by commas (``?lab_methods=kmm,coral``); an unknown value in a link is named
    and left out. The parameter is left out while the choice is the default."""
    options, default = list(options), list(default)
    if key not in st.session_state:  # first run of this page in this session
        raw = st.query_params.get(key)
        if raw is None:
            st.session_state[key] = default
        else:
            asked = [value for value in raw.split(",") if value]
            known = [value for value in asked if value in options]
            st.session_state[key] = list(dict.fromkeys(known))
            if len(known) != len(asked):
                warn_ignored(key, ",".join(v for v in asked if v not in options))
    language = current_language()
    widget_key = key if language == DEFAULT_LANGUAGE else f"{key}.{language}"
    if widget_key not in st.session_state:
        st.session_state[widget_key] = st.session_state[key]
    if "format_func" in kwargs:
        kwargs["format_func"] = in_language(kwargs["format_func"], language)
    value = list(st.multiselect(label, options, key=widget_key, **kwargs))
    if widget_key != key:
        st.session_state[key] = value
    if value == default:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != ",".join(value):
        st.query_params[key] = ",".join(value)
    return value


def shift_kind(prefix: str, *, kinds=SHIFT_KINDS, default: str = "covariate") -> str:
    """A picker for the kind of shift between source and target."""
    return choice(
        st.selectbox, t("controls.shift"), kinds, key=f"{prefix}_shift", default=default,
        format_func=lambda k: t(f"shift.{k}.name"), help=t("controls.shift_help"),
    )


def strength(prefix: str, *, default: float = 0.5, label: str | None = None) -> float:
    """How far the target moves from the source, 0 (identical) to 1."""
    return bound(
        st.slider, label or t("controls.strength"), key=f"{prefix}_strength",
        min_value=0.0, max_value=1.0, value=default, step=0.05,
        help=t("controls.strength_help"),
    )


def seed(prefix: str, *, default: int = 0) -> int:
    """The random seed: the same seed always draws the same data."""
    return bound(
        st.number_input, t("controls.seed"), key=f"{prefix}_seed",
        min_value=0, max_value=9999, value=default, step=1, help=t("controls.seed_help"),
    )


def relatedness(prefix: str, slug: str, *, default: float) -> float:
    """How related source and target tasks are, 0 to 1 (the lesson names it)."""
    return bound(
        st.slider, t(f"{slug}.relatedness"), key=f"{prefix}_relatedness", min_value=0.0,
        max_value=1.0, value=default, step=0.05, help=t(f"{slug}.relatedness_help"),
    )


def labelled_points(prefix: str, slug: str, *, options: tuple[int, ...], default: int) -> int:
    """How many target labels a learner may see, from a grid of budgets."""
    return bound(
        st.select_slider, t(f"{slug}.k"), key=f"{prefix}_k", options=options,
        value=default, help=t(f"{slug}.k_help"),
    )
