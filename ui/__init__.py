"""Streamlit glue shared by the lessons: text, controls, cached runs, lesson parts.

Nothing here computes a result; lessons call tllib through :func:`ui.cache.run`.

Many sessions share 2 cores and the problems here are small, so BLAS and OpenMP threads
only fight each other (a logistic regression on 400 points: 33 ms with the default
threads, 5 ms with one). One thread each, in every thread Streamlit runs a script in:

* the environment variables, read once when each library loads: they hold in every
  thread, provided they are set before scikit-learn first loads OpenMP. ``app.py``
  imports ``ui`` before anything else, and ``scripts/serve.sh`` exports them too;
* ``threadpool_limits(1)`` for a library already loaded (BLAS's setting is for the
  whole process; OpenMP's only for the calling thread, hence the variables above).
"""

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

from threadpoolctl import threadpool_limits  # noqa: E402  (after the variables)

threadpool_limits(1)
