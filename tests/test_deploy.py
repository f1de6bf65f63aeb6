"""The deploy recipes: the Dockerfile (read always, built when a container engine works)
and the nginx template of scripts/replicas.sh (tests/browser/test_nginx.py runs it)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = (ROOT / "Dockerfile").read_text()
IMAGE = "tllib-course-test:latest"


def instructions(name: str) -> list[str]:
    """The arguments of every ``name`` instruction (continuation lines joined)."""
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    return [line.split(None, 1)[1] for line in joined.splitlines()
            if line.strip() and line.split(None, 1)[0].upper() == name]


def test_dockerfile_runs_the_server_as_a_non_root_user():
    users = instructions("USER")
    assert users and users[-1].split(":")[0] not in ("root", "0")
    assert DOCKERFILE.index("USER") < DOCKERFILE.index("CMD")


def test_dockerfile_checks_streamlits_health_endpoint():
    (check,) = instructions("HEALTHCHECK")
    assert "http://localhost:8501/_stcore/health" in check
    assert instructions("EXPOSE") == ["8501"]


def test_dockerfile_installs_requirements_txt_on_a_slim_python():
    assert instructions("FROM") == ["python:3.11-slim"]
    assert any("requirements.txt" in c for c in instructions("COPY"))
    assert any(re.search(r"pip install .*-r requirements\.txt", r) for r in instructions("RUN"))


def test_dockerfile_starts_like_make_run_with_the_warm_up():
    (cmd,) = instructions("CMD")
    assert json.loads(cmd)[0] == "scripts/serve.sh"
    assert os.access(ROOT / "scripts" / "serve.sh", os.X_OK)


def test_dockerignore_keeps_local_state_out_of_the_image():
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".venv", ".cache", "test-artifacts", ".git"} <= ignored


def test_nginx_template_is_sticky_and_passes_the_websocket_upgrade():
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    assert re.search(r"hash \$tllib_replica_key consistent;", conf)
    stream = conf[conf.index("location /_stcore/stream"):]
    assert "proxy_http_version 1.1;" in stream
    assert "proxy_set_header Upgrade $http_upgrade;" in stream
    assert 'proxy_set_header Connection "upgrade";' in stream
    assert "daemon off;" in conf and "@LISTEN@" in conf and "@SERVERS@" in conf


def _container_engine() -> tuple[str | None, str]:
    """A container engine that answers, or None and why not."""
    reasons = []
    for name in ("docker", "podman"):
        if shutil.which(name) is None:
            reasons.append(f"{name} is not on PATH")
            continue
        try:
            info = subprocess.run([name, "info"], capture_output=True, text=True, timeout=30,
                                  check=False)
        except subprocess.TimeoutExpired:
            reasons.append(f"`{name} info` did not answer within 30 s")
            continue
        if info.returncode == 0:
            return name, ""
        last = (info.stderr.strip().splitlines() or ["no output"])[-1]
        reasons.append(f"`{name} info` failed: {last}")
    return None, "; ".join(reasons)


@pytest.mark.timeout(1800)  # a first build downloads the base image and the wheels
def test_the_image_builds_with_a_non_root_user_and_a_health_check():
    engine, reason = _container_engine()
    if engine is None:
        pytest.skip(f"no usable container engine: {reason}")
    build = subprocess.run(
        ["timeout", "1700", engine, "build", "--tag", IMAGE, "."],
        cwd=ROOT, capture_output=True, text=True, check=False)
    try:
        assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
        inspect = subprocess.run([engine, "image", "inspect", IMAGE],
                                 capture_output=True, text=True, timeout=60, check=True)
        config = json.loads(inspect.stdout)[0]["Config"]
        assert config["User"] not in ("", "root", "0")
        assert "/_stcore/health" in " ".join(config["Healthcheck"]["Test"])
        assert "8501/tcp" in config["ExposedPorts"]
    finally:
        subprocess.run([engine, "image", "rm", "--force", IMAGE],
                       capture_output=True, timeout=120, check=False)
