"""Streamlit glue shared by the lessons: text, controls, cached runs, lesson parts.

Nothing here computes a result; lessons call tllib through :func:`ui.cache.run`."""
