"""ui.cache and ui.warmup: keys by value, the disk layer under memo, the warm-up."""

import os
import pickle
import subprocess
import sys

import numpy as np
import pytest

from tllib import datasets, tasks
from tllib.parameter import SourcePriorLogisticRegression
from ui import cache, warmup


def test_estimators_are_keyed_by_their_parameters():
    assert cache._key(SourcePriorLogisticRegression()) == cache._key(
        SourcePriorLogisticRegression())
    assert cache._key(SourcePriorLogisticRegression()) != cache._key(
        SourcePriorLogisticRegression(source_strength=2.0))


def test_arrays_that_differ_past_the_eighth_digit_get_different_keys():
    a = np.array([0.1234567890123])
    assert cache._key(a) != cache._key(a + 1e-12)
    assert cache._key(a) == cache._key(a.copy())


def test_an_estimator_holding_an_array_parameter_is_keyed_by_the_arrays_value():
    from sklearn.linear_model import LogisticRegression

    weights = np.array([1.0, 1.0 + 1e-12])
    first = LogisticRegression(class_weight={0: weights[0], 1: weights[0]})
    second = LogisticRegression(class_weight={0: weights[0], 1: weights[1]})
    assert cache._key(first) != cache._key(second)


def test_functions_are_keyed_by_import_path_inside_containers():
    key = cache._key({"generator": tasks.make_task_pair, "grid": [datasets.make_domain_pair]})
    assert "tllib.tasks.make_task_pair" in repr(key)
    assert "tllib.datasets.make_domain_pair" in repr(key)


def test_a_value_that_cannot_be_keyed_is_refused_by_type():
    with pytest.raises(TypeError, match="cannot key a cache on a object"):
        cache._key(object())


def square(x):
    return {"x": x, "square": x * x, "pid": os.getpid()}


def test_memo_files_a_value_on_disk_and_reads_it_back(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path)
    path, key = cache.memo_key(square, x=3)
    first = cache.load_or_compute(path, key, {"x": 3})
    files = list(tmp_path.glob("*/*.pkl"))
    assert first["square"] == 9 and len(files) == 1
    # What is on disk is what the next call returns, without computing it again.
    files[0].write_bytes(pickle.dumps({"x": 3, "square": "from disk"}))
    assert cache.load_or_compute(path, key, {"x": 3})["square"] == "from disk"


def test_memo_files_depend_on_the_code_version(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path)
    path, key = cache.memo_key(square, x=4)
    cache.load_or_compute(path, key, {"x": 4})
    monkeypatch.setattr(cache, "CODE_VERSION", "changed")
    cache.load_or_compute(path, key, {"x": 4})
    assert len(list(tmp_path.glob("*/*.pkl"))) == 2


def test_pruning_removes_the_files_of_other_code_versions_only(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path)
    path, key = cache.memo_key(square, x=6)
    monkeypatch.setattr(cache, "CODE_VERSION", "old")
    cache.load_or_compute(path, key, {"x": 6})
    monkeypatch.setattr(cache, "CODE_VERSION", "new")
    cache.load_or_compute(path, key, {"x": 6})
    assert cache.prune() == 1
    assert [folder.name for folder in tmp_path.iterdir()] == ["new"]


def test_an_unreadable_file_is_computed_again(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path)
    path, key = cache.memo_key(square, x=5)
    cache.load_or_compute(path, key, {"x": 5})
    next(tmp_path.glob("*/*.pkl")).write_bytes(b"not a pickle")
    assert cache.load_or_compute(path, key, {"x": 5})["square"] == 25


def test_every_experiment_module_lists_its_background_settings():
    import importlib
    import pkgutil

    import tllib.experiments

    for info in pkgutil.iter_modules(tllib.experiments.__path__):
        module = importlib.import_module(f"tllib.experiments.{info.name}")
        assert callable(getattr(module, "run", None)), info.name
        assert callable(getattr(module, "background_settings", None)), info.name


def test_the_warm_up_computes_every_setting_into_the_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path)
    monkeypatch.setattr(warmup, "settings", lambda: iter([(square, {"x": 1}),
                                                          (square, {"x": 2})]))
    n, seconds = warmup.run()
    assert n == 2 and seconds >= 0 and len(list(tmp_path.glob("*/*.pkl"))) == 2


def test_one_openmp_and_blas_thread_in_every_thread_once_ui_is_imported():
    # A fresh interpreter, as a server starts: ui first (app.py), then scikit-learn,
    # then a new thread like the ones Streamlit runs each script in.
    code = (
        "import threading, ui, sklearn.cluster\n"
        "from threadpoolctl import threadpool_info\n"
        "found = []\n"
        "t = threading.Thread(target=lambda: found.extend(\n"
        "    i['num_threads'] for i in threadpool_info()))\n"
        "t.start(); t.join(); print(sorted(set(found)))\n"
    )
    env = {k: v for k, v in os.environ.items()
           if k not in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True, cwd=cache.ROOT)
    assert out.stdout.strip() == "[1]"
