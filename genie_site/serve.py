"""What production runs, on one host: `python -m genie_site.serve` (make serve).

    nginx on SERVE_ADDR (127.0.0.1:8000)  ->  gunicorn on a Unix socket  ->  Django
                                          +->  the render pool (uncached PDFs only)

The render pool is a second gunicorn, one sync worker per PDF render slot. A page worker
hands it an uncached PDF with X-Accel-Redirect, so a PDF waiting for its turn waits in
nginx, never in a worker a page needs; nginx lets PDF_RENDER_QUEUE of them (default 16)
render or wait, then answers the busy page (connectors_app/render_pool.py).

nginx is there to buffer: it reads each request whole (headers and body, with its own
timeouts) before gunicorn's sync workers see it, so slow clients cost nginx a socket
each, not a worker (https://gunicorn.org/deploy). It also buffers responses, so a slow
reader never holds a worker either. SERVE_PROXY=none serves gunicorn directly on
SERVE_ADDR instead (for comparison only: it is open to slow clients).

It migrates the database first, and collects static files into DJANGO_STATIC_ROOT
(default ./staticfiles) so whitenoise serves hashed, compressed names; with a shared
cache (REDIS_URL) it renders every flowchart into it before the workers start. Settings
come from the environment (README, "Serving"); DJANGO_SECRET_KEY is required,
PUBLIC_BASE_URL defaults to http://SERVE_ADDR. It stops every server it started on SIGINT
or SIGTERM, and stops when any of them does.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

NGINX_CONF = """\
{user}worker_processes 1;
error_log {run}/nginx-error.log warn;
pid {run}/nginx.pid;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    server_tokens off;
    client_body_temp_path {run}/nginx-body;
    proxy_temp_path {run}/nginx-proxy;
    fastcgi_temp_path {run}/nginx-fastcgi;
    uwsgi_temp_path {run}/nginx-uwsgi;
    scgi_temp_path {run}/nginx-scgi;
    # Slow clients: whole headers within 10 s, then the body, or the connection goes.
    client_header_timeout 10s;
    client_body_timeout 10s;
    send_timeout 10s;
    keepalive_timeout 15s;
    keepalive_requests 10000;
    client_max_body_size 16k;
    large_client_header_buffers 4 16k;
    upstream app {{ server unix:{run}/gunicorn.sock; }}
    upstream renderer {{ server unix:{run}/renderer.sock; }}
    # Renders running or waiting for the pool, counted for the whole host: one key.
    map "" $render_queue {{ default host; }}
    limit_conn_zone $render_queue zone=render_queue:1m;
    proxy_request_buffering on;
    proxy_buffering on;
    proxy_buffer_size 16k;
    proxy_buffers 16 32k;
    proxy_set_header Host $http_host;
    # Overwritten, never passed on: the rate limits count this address
    # (RATELIMIT_CLIENT_IP_HEADER=HTTP_X_REAL_IP).
    proxy_set_header X-Real-IP $remote_addr;
    proxy_set_header X-Forwarded-For $remote_addr;
    # Only nginx says the render queue is full: a client's own header is dropped.
    proxy_set_header X-Render-Pool "";
    server {{
        listen {addr} backlog=4096;
        # nginx's own 404 (a client asking for the internal path) comes from Django, with
        # the security headers every response carries.
        error_page 404 = @app;
        location / {{
            proxy_pass http://app;
            proxy_read_timeout 60s;
        }}
        location @app {{
            proxy_pass http://app;
        }}
        # Where a page worker sends an uncached PDF (X-Accel-Redirect): the render pool.
        location {pool}/ {{
            internal;
            limit_conn render_queue {queue};
            limit_conn_status 503;
            error_page 503 = @render_queue_full;
            # The pool down, or a wait past the timeout: the page that says the PDF could
            # not be made, from Django with its headers, never nginx's bare 502 or 504.
            error_page 502 504 = @render_failed;
            error_page 404 = @app;  # not inherited once a location has its own error_page
            rewrite ^{pool}(/.*)$ $1 break;
            proxy_pass http://renderer;
            proxy_ignore_headers X-Accel-Redirect;  # the pool answers, it never hands on
            # The renders ahead in the queue (about a second and a half each) and its own.
            proxy_read_timeout 120s;
        }}
        location @render_queue_full {{
            proxy_pass http://app;
            # One proxy_set_header here drops every inherited one: all of them again.
            proxy_set_header Host $http_host;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Render-Pool full;
        }}
        location @render_failed {{
            proxy_pass http://app;
            proxy_set_header Host $http_host;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Render-Pool failed;
        }}
    }}
}}
"""
RENDER_POOL = "/_render"


def private_dir(path: Path) -> Path:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = path.lstat()
    if info.st_uid != os.getuid() or info.st_mode & 0o077:
        sys.exit(f"{path} must belong to uid {os.getuid()} with mode 0700")
    return path


def run_dir() -> Path:
    configured = os.environ.get("SERVE_RUN_DIR")
    if configured:
        return private_dir(Path(configured))
    tag = hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:12]
    runtime = os.environ.get("XDG_RUNTIME_DIR") or str(Path.home() / ".cache")
    return private_dir(Path(runtime) / "connector-wizard" / f"serve-{tag}")


def main() -> None:
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "genie_site.settings")
    env.setdefault("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles"))
    if not env.get("DJANGO_SECRET_KEY"):
        sys.exit("DJANGO_SECRET_KEY must be set (see README, Serving).")
    addr = env.get("SERVE_ADDR", "127.0.0.1:8000")
    # Links are built on this, never on what a client sends; a deploy sets its own.
    env.setdefault("PUBLIC_BASE_URL", f"http://{addr}")
    proxy = env.get("SERVE_PROXY", "nginx")
    run = run_dir()

    commands = [["migrate", "--noinput"], ["collectstatic", "--noinput"]]
    if env.get("REDIS_URL"):
        # A cache every worker shares: render each flowchart into it once, now, rather
        # than in a visitor's request (a per-process cache would be lost with this one).
        commands.append(["prerender_charts"])
    for command in commands:
        subprocess.run(
            [PYTHON, "manage.py", *command, "-v", "0"], cwd=BASE_DIR, env=env, check=True
        )

    gunicorn = [PYTHON, "-m", "gunicorn", "-c", "genie_site/gunicorn.conf.py"]
    if proxy == "nginx":
        socket = run / "gunicorn.sock"
        socket.unlink(missing_ok=True)
        env["GUNICORN_BIND"] = f"unix:{socket}"
        env.setdefault("RATELIMIT_CLIENT_IP_HEADER", "HTTP_X_REAL_IP")
        conf = run / "nginx.conf"
        user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""
        queue = int(env.get("PDF_RENDER_QUEUE", "16"))
        conf.write_text(
            NGINX_CONF.format(user=user, run=run, addr=addr, pool=RENDER_POOL, queue=queue)
        )
        front = ["nginx", "-p", str(run), "-c", str(conf), "-g", "daemon off;"]
        env["PDF_RENDER_POOL"] = RENDER_POOL
        renderer_socket = run / "renderer.sock"
        renderer_socket.unlink(missing_ok=True)
        # Only requests a page worker handed over reach the pool: their rate limit is
        # already counted there.
        renderer_env = {
            **env,
            "PDF_RENDER_POOL": "",
            "GUNICORN_BIND": f"unix:{renderer_socket}",
            "GUNICORN_WORKERS": str(max(1, int(env.get("PDF_RENDER_SLOTS", "1")))),
            "RATELIMIT_ENABLED": "0",
        }
        sockets = [socket, renderer_socket]
    else:
        env["GUNICORN_BIND"] = addr
        front, renderer_env, sockets = [], None, []

    app = [*gunicorn, "genie_site.wsgi:application"]
    procs = [subprocess.Popen(app, cwd=BASE_DIR, env=env)]
    if renderer_env is not None:
        procs.append(
            subprocess.Popen(
                [*app, "--name", "connector-wizard-renderer"], cwd=BASE_DIR, env=renderer_env
            )
        )
    if front:
        # nginx starts once gunicorn's sockets exist, so the first request finds them.
        for _ in range(300):
            if all(s.exists() for s in sockets) or any(p.poll() is not None for p in procs):
                break
            time.sleep(0.1)
        procs.append(subprocess.Popen(front, cwd=BASE_DIR, env=env))
    print(f"serving on http://{addr}/ ({proxy} in front)" if front else f"serving on {addr}")

    def stop(*_args: object) -> None:
        for proc in reversed(procs):
            if proc.poll() is None:
                proc.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while all(proc.poll() is None for proc in procs):
            time.sleep(0.5)
    finally:
        stop()
        deadline = time.monotonic() + 30
        codes = []
        for proc in procs:
            try:
                codes.append(proc.wait(timeout=max(0.1, deadline - time.monotonic())))
            except subprocess.TimeoutExpired:  # never leave one running behind us
                proc.kill()
                codes.append(proc.wait())
    sys.exit(max((abs(c) for c in codes if c), default=0))


if __name__ == "__main__":
    main()
