# The course in a container: `docker build -t tllib-course .` then
# `docker run -p 8501:8501 tllib-course` serves http://localhost:8501.
# Same requirements.txt as `make run` and Streamlit Community Cloud; same start-up as
# `make run` (scripts/serve.sh: the server, one run of app.py, then the background
# warm-up into .cache/ in a low-priority process; TLLIB_WARMUP=0 skips it).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHON=python

# The server never runs as root: its own user, who can write only the warm-up's cache.
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin course

WORKDIR /app
# Dependencies first: this layer is rebuilt only when requirements.txt changes.
COPY requirements.txt .
RUN pip install -r requirements.txt

# The code belongs to root (read-only for the server); .dockerignore keeps .venv, .cache,
# test artefacts and .git out of the image.
COPY . .
RUN mkdir -p .cache && chown course:course .cache

USER course
EXPOSE 8501
# Streamlit answers "ok" here once it serves; the start period covers the first run of
# app.py, which serve.sh makes before anyone connects.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8501/_stcore/health', timeout=4)"]
CMD ["scripts/serve.sh", "8501"]
