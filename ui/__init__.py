"""Streamlit glue shared by the lessons: text, controls, cached runs, lesson parts.

Nothing here computes a result; lessons call tllib through :func:`ui.cache.run`."""

from threadpoolctl import threadpool_limits

# Many sessions share 2 cores, and the problems here are small: BLAS/OpenMP threads only
# fight each other (a logistic regression on 400 points: 33 ms with the default threads,
# 5 ms with one). Set once per process, when the app first imports ui.
threadpool_limits(1)
