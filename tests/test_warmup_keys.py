"""The warm-up computes what the lessons ask for: every background value a page asks
``memo`` for at its defaults is one the warm-up lists, under the very same key (a
float spelt 0.35000000000000003 instead of 0.35 would miss the disk cache, silently)."""

import importlib

import pytest
import streamlit as st

from tests.driver import open_page
from ui import cache, course, warmup

WARM = {cache.memo_key(fn, **kwargs) for fn, kwargs in warmup.settings()}
WARM_FUNCTIONS = {path for path, _ in WARM}


@pytest.mark.parametrize("lesson", course.LESSONS, ids=lambda lesson: lesson.slug)
def test_each_background_a_lesson_asks_for_is_warmed_up(lesson, monkeypatch):
    asked = []

    def recording_memo(fn, /, **kwargs):
        asked.append(cache.memo_key(fn, **kwargs))
        return fn(**kwargs)

    monkeypatch.setattr(cache, "memo", recording_memo)
    st.cache_data.clear()  # so the page computes, and asks, again
    at = open_page(lesson.path).run()
    assert not at.exception
    experiment = importlib.import_module(f"tllib.experiments.{lesson.slug}")
    if any(True for _ in experiment.background_settings()):
        assert asked, f"{lesson.slug} lists a background but never asked memo for it"
    for path, key in asked:
        if path in WARM_FUNCTIONS:  # memoised but not listed (e.g. a record per
            assert (path, key) in WARM, (path, key)  # setting) is only cached, fine


def test_every_warm_up_setting_has_a_key_a_file_can_be_named_by():
    assert len(WARM) == sum(1 for _ in warmup.settings())  # no two settings collide
