"""What `make serve` runs, for real: nginx in front of gunicorn's sync workers and the
PDF render pool, on a free local port. Slow clients must not stop others being served;
uncached PDFs wait their turn in nginx, not in a page worker; static files go out under
hashed, compressed names; the health check answers."""

import contextlib
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from connectors_app.querystring import answers_query
from tests.factories import keep

ROOT = Path(settings.BASE_DIR)

# One worker runs the module, so the stack (and its collectstatic) starts once.
pytestmark = pytest.mark.xdist_group("serve")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str, headers: dict | None = None, timeout: float = 10):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serve")
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": "test-only-not-secret-" + "x" * 40,
        "SERVE_ADDR": f"127.0.0.1:{port}",
        "SERVE_RUN_DIR": str(tmp / "run"),
        "DJANGO_STATIC_ROOT": str(tmp / "static"),
        "PDF_RENDER_LOCK_DIR": str(tmp / "slots"),
        "GUNICORN_WORKERS": "2",
        # Two renders may run or wait on the host; a third gets the busy page.
        "PDF_RENDER_QUEUE": "2",
        # A throwaway stack: brotli at 5, not 11, saves collectstatic about 10 s of CPU.
        "STATIC_BROTLI_QUALITY": "5",
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "SERVE_PROXY": "nginx",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "genie_site.serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(600):  # bounded: up to 60 s for collectstatic and start-up
            if proc.poll() is not None:
                raise AssertionError(proc.stderr.read().decode()[-2000:])
            try:
                if get(port, "/healthz", timeout=1)[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        yield port
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)


def test_health_check_answers(server):
    status, headers, body = get(server, "/healthz")

    assert status == 200 and body == b"ok\n"
    assert headers["X-Frame-Options"] == "DENY"


def test_clients_sending_a_byte_a_second_do_not_stop_others(server):
    # More slow clients than gunicorn has workers (2), each still sending its headers.
    stop = threading.Event()
    slow = []
    for _ in range(8):
        sock = socket.create_connection(("127.0.0.1", server), timeout=5)
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        slow.append(sock)

    def trickle():
        while not stop.wait(0.5):
            for sock in slow:
                with contextlib.suppress(OSError):
                    sock.sendall(b"X")

    dripping = threading.Thread(target=trickle, daemon=True)
    dripping.start()
    try:
        answers = [get(server, "/healthz", timeout=5)[0] for _ in range(10)]
        answers.append(get(server, "/wizard/?owns_deliverability=yes", timeout=5)[0])
    finally:
        stop.set()
        dripping.join(timeout=5)
        for sock in slow:
            sock.close()

    assert answers == [200] * 11


def test_static_files_have_hashed_names_compressed_and_cached_long(server):
    status, _, body = get(server, "/", {"Accept-Encoding": "identity"})
    assert status == 200
    css = re.search(rb'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', body)
    assert css, "no hashed stylesheet link on the home page"

    status, headers, _ = get(server, css.group(1).decode(), {"Accept-Encoding": "gzip"})

    assert status == 200
    assert headers.get("Content-Encoding") == "gzip"
    assert "immutable" in headers.get("Cache-Control", "") or "max-age=315360000" in headers.get(
        "Cache-Control", ""
    )


def test_a_forwarded_proto_from_a_client_does_not_make_links_https(server):
    status, _, body = get(
        server,
        "/embed/snippet/",
        {"X-Forwarded-Proto": "https", "Accept-Encoding": "identity"},
    )

    assert status == 200
    assert f"http://127.0.0.1:{server}/embed/".encode() in body
    assert f"https://127.0.0.1:{server}".encode() not in body


def pull_pdfs_at_once(port: int, names: list[str]) -> tuple[list, list[threading.Thread]]:
    """Uncached PDFs (a new workspace name makes each one new), all asked at once."""
    answers = keep("postmark", data_residency="eu")
    results: list = [None] * len(names)

    def pull(i: int) -> None:
        path = f"/report.pdf?{answers_query(answers, names[i])}"
        results[i] = get(port, path, timeout=120)

    threads = [threading.Thread(target=pull, args=(i,)) for i in range(len(names))]
    for thread in threads:
        thread.start()
    return results, threads


def test_uncached_pdfs_queue_in_nginx_while_pages_are_served(server):
    # More PDFs than page workers (2): before the render pool, the one render held a
    # worker and the others were turned away.
    results, threads = pull_pdfs_at_once(server, ["Queued A", "Queued B"])
    time.sleep(0.3)  # both handed to the pool and rendering or waiting
    steps = [get(server, f"/wizard/?owns_deliverability={v}")[0] for v in ("yes", "no") * 3]
    steps_done_while_rendering = any(t.is_alive() for t in threads)
    for thread in threads:
        thread.join(timeout=120)

    assert steps == [200] * 6
    assert steps_done_while_rendering, "the steps waited for the renders"
    for status, headers, body in results:
        assert status == 200, body[:300]
        assert headers["Content-Type"].startswith("application/pdf") and body[:5] == b"%PDF-"


def test_a_full_render_queue_answers_the_busy_page_with_its_headers(server):
    results, threads = pull_pdfs_at_once(server, [f"Crowd {i}" for i in range(5)])
    for thread in threads:
        thread.join(timeout=120)

    statuses = sorted(status for status, _, _ in results)
    assert statuses.count(200) >= 2 and 503 in statuses, statuses
    for status, headers, body in results:
        if status == 503:
            assert headers["Retry-After"] == "5"
            assert "frame-ancestors" in headers["Content-Security-Policy"]
            assert b"The PDF is not ready yet" in body


def test_a_pdf_from_the_pool_can_be_kept_like_any_page(server):
    # The page worker's hand-off must leave nothing in the answer; a junk parameter as
    # long as a URL allows must not outgrow nginx's header buffer on the way.
    query = answers_query(keep("postmark"), "Kept") + "&utm_source=" + "x" * 3000
    conn = http.client.HTTPConnection("127.0.0.1", server, timeout=120)
    try:
        conn.request("GET", f"/report.pdf?{query}")
        response = conn.getresponse()
        body = response.read()
        cache_control = response.msg.get_all("Cache-Control")
    finally:
        conn.close()

    assert response.status == 200 and body[:5] == b"%PDF-"
    assert cache_control == ["public, max-age=600"]
    assert response.getheader("X-Accel-Redirect") is None


def test_a_saved_reports_pdf_renders_in_the_pool(server):
    conn = http.client.HTTPConnection("127.0.0.1", server, timeout=30)
    try:
        body = json.dumps({**keep("postmark"), "workspace_name": "Saved in the pool"})
        conn.request("POST", "/api/reports", body, {"Content-Type": "application/json"})
        response = conn.getresponse()
        saved = json.loads(response.read())
    finally:
        conn.close()
    assert response.status == 201, saved

    status, headers, pdf = get(server, urlsplit(saved["pdf_url"]).path, timeout=120)

    assert status == 200 and pdf[:5] == b"%PDF-"
    assert headers["Cache-Control"] == "private, no-cache"


def test_the_render_pool_is_out_of_a_clients_reach(server):
    query = answers_query(keep("postmark"), "Reach")
    # nginx's internal path answers Django's own 404, with the security headers.
    status, headers, _ = get(server, f"/_render/report.pdf?{query}")
    assert status == 404 and "frame-ancestors" in headers["Content-Security-Policy"]
    # Only nginx says the queue is full: a client saying so still gets its PDF.
    status, _, body = get(server, f"/report.pdf?{query}", {"X-Render-Pool": "full"}, timeout=120)
    assert status == 200 and body[:5] == b"%PDF-"
