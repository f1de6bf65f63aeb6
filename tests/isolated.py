"""Run a snippet of reference code (SKADA) in a separate Python process.

Importing SKADA switches on scikit-learn's metadata routing for the whole process
(``sklearn.set_config(enable_metadata_routing=True)``), which would change how every
other test's estimators behave. So the cross-checks and the benchmark run SKADA in a
child process: arrays go in and come out through a temporary ``.npz`` file.

    out = run_isolated('''
        from skada import KMMReweightAdapter
        out["w"] = KMMReweightAdapter().fit(X, sample_domain=sd).compute_weights(X, sample_domain=sd)
    ''', X=X, sd=sd)

Inside the snippet the inputs are plain names and ``out`` is a dict of arrays to return.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import numpy as np

_PRELUDE = """
import sys, warnings
import numpy as np
warnings.filterwarnings("ignore")
from threadpoolctl import threadpool_limits
threadpool_limits(1)
_inputs = dict(np.load(sys.argv[1], allow_pickle=False))
globals().update(_inputs)
out = {}
"""
_EPILOGUE = """
np.savez(sys.argv[2], **{k: np.asarray(v) for k, v in out.items()})
"""


def skada_available() -> bool:
    """Whether SKADA is installed (found without importing it)."""
    return importlib.util.find_spec("skada") is not None


def run_isolated(code: str, *, timeout: float = 240, **arrays) -> dict[str, np.ndarray]:
    """Run ``code`` in a fresh interpreter with ``arrays`` as globals; return ``out``."""
    script = _PRELUDE + textwrap.dedent(code) + _EPILOGUE
    with tempfile.TemporaryDirectory(prefix="tllib-isolated-") as folder:
        inputs, outputs = Path(folder, "in.npz"), Path(folder, "out.npz")
        np.savez(inputs, **{k: np.asarray(v) for k, v in arrays.items()})
        done = subprocess.run([sys.executable, "-c", script, str(inputs), str(outputs)],
                              capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(f"isolated run failed:\n{done.stderr[-3000:]}")
        with np.load(outputs, allow_pickle=False) as result:
            return {k: result[k] for k in result.files}
