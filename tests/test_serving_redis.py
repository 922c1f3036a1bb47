"""With REDIS_URL, every process shares the cache: a real redis-server on a local port,
and two separate Python processes asking for the same PDF. The first renders it, the
second gets it from Redis without rendering. (make install puts redis-server there.)"""

import shutil
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import relay

ROOT = Path(settings.BASE_DIR)

# One process's work: the PDF through the whole stack (test client), then what it did.
CHILD = textwrap.dedent(
    """
    import hashlib, os, sys
    import django
    sys.path.insert(0, os.getcwd())
    os.environ["DJANGO_SETTINGS_MODULE"] = "genie_site.settings"
    django.setup()
    from django.test import Client
    from connectors_app.pdf import RENDER_STATS
    response = Client().get(sys.argv[1])
    assert response.status_code == 200, response.content[:300]
    assert response.content.startswith(b"%PDF-")
    print(RENDER_STATS.renders, hashlib.sha256(response.content).hexdigest())
    """
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    server = shutil.which("redis-server")
    assert server, "redis-server is missing: run make install"
    port = free_port()
    proc = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):  # bounded: up to 10 s for the server to listen
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def run_child(url: str, redis: str, tmp_path: Path, name: str) -> tuple[int, str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "DJANGO_SECRET_KEY": "test-only-not-secret",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "REDIS_URL": redis,
        "PAGE_CACHE_SECONDS": "600",
        "PDF_RENDER_LOCK_DIR": str(tmp_path / f"slots-{name}"),
    }
    result = subprocess.run(
        [sys.executable, "-c", CHILD, url],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    renders, digest = result.stdout.split()
    return int(renders), digest


def test_two_processes_share_a_pdf_through_redis(redis_url, tmp_path):
    query = urlencode({**relay(), "workspace_name": "Shared"})
    url = f"{reverse('connectors:report-pdf')}?{query}"

    first = run_child(url, redis_url, tmp_path, "a")
    second = run_child(url, redis_url, tmp_path, "b")

    assert first[0] == 1  # rendered it
    assert second[0] == 0  # another process: found it in Redis
    assert second[1] == first[1]
