"""Benchmark what production runs: `make serve` (nginx + gunicorn sync workers) under wrk.

    .venv/bin/python bench/serving.py [--seconds 10] [--memory-seconds 60]   (make bench)

Starts the make-serve stack on BENCH_ADDR (127.0.0.1:8000), measures every scenario with
wrk (bench/wrk.lua) and writes bench/results.md, then stops the server. Every figure is
also given as a ratio to /healthz measured in the same run (before and after the rest):
the machines are noisy, compare ratios. Scenarios:

- repeated: one URL again and again (a step, full and htmx; a report; flowchart; PDF);
- distinct: the same pages over 3,000 distinct answer sets, cycled (after the first lap
  the cache answers);
- never seen: steps and reports where every request is an answer set not asked before;
- cold PDF: never-seen PDFs one at a time, the median latency;
- a step while four clients pull uncached PDFs;
- mixed: whole wizard walks (htmx steps), then the report, its flowchart, and a PDF in
  one walk of ten;
- memory: 32 connections over never-seen URLs for --memory-seconds, the workers' RSS
  sampled each second, first 10 s against last 10 s.

Rate limits are off for the run (RATELIMIT_ENABLED=0): every request comes from one
address, and the limits would only measure themselves. The cache is a redis-server the
bench starts on a free local port (as a deployment shares one between its workers and
hosts); BENCH_REDIS=0 measures the per-process local-memory cache instead.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from django.urls import reverse
from harness import ROOT

from connectors_app.decision import FLOWCHART, MODEL_VERSION, recommend
from connectors_app.decision.paths import complete_answer_sets
from connectors_app.querystring import answers_query

DISTINCT = 3000
# More than a run asks for: in the never-seen scenarios every request is a first, where
# the 3,000 distinct URLs above, cycled, are answered from the cache after the first lap.
NEVER_SEEN = 20_000
RESULTS_MD = ROOT / "bench" / "results.md"
LUA = ROOT / "bench" / "wrk.lua"
QUESTIONS = FLOWCHART.questions


# --- Answer sets ---------------------------------------------------------------------------


def walk(rng: random.Random, *, stop_early: bool) -> tuple[list[dict[str, str]], dict[str, str]]:
    """One wizard walk: the answers before each step, and the answers at the end (complete,
    unless stop_early stopped it at a random open question)."""
    answers: dict[str, str] = {}
    steps = []
    while True:
        rec = recommend(**answers)
        if rec.complete:
            return steps, answers
        steps.append(dict(answers))
        if stop_early and rng.random() < 0.25:
            return steps, answers
        question = rec.next_question
        assert question is not None
        answers[question] = rng.choice(QUESTIONS[question].values)


def page_of(query: str) -> str:
    """The query as the page cache keys it (its parameters sorted): two orders of the
    same answers are one page."""
    return urlencode(sorted(parse_qsl(query, keep_blank_values=True)))


def distinct_pages(
    rng: random.Random, n: int, *, complete: bool, exclude: list[str] | None = None
) -> list[str]:
    """n query strings of distinct pages, none of them a page in `exclude`: complete
    answer sets, each with a workspace name of its own, or (not complete) the answers
    before an open step with two later answers kept. Drawn from every complete answer
    set (decision.paths), which is quicker than walking the wizard."""
    everything = list(complete_answer_sets())
    excluded = {page_of(q) for q in exclude or []}
    pages: dict[str, str] = {}
    while len(pages) < n:
        answers = rng.choice(everything)
        if complete:
            query = answers_query(answers, f"Team {rng.randrange(10**9)}")
        else:
            asked = FLOWCHART.walk(answers).asked
            open_at = rng.randrange(len(asked))
            step = {q: answers[q] for q in asked[:open_at]}
            others = [q for q in QUESTIONS if q != asked[open_at]]
            later = {q: rng.choice(QUESTIONS[q].values) for q in rng.sample(others, 2)}
            query = urlencode({**later, **step})
        if page_of(query) not in excluded:
            pages.setdefault(page_of(query), query)
    return sorted(pages.values(), key=lambda _q: rng.random())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_lines(folder: Path, name: str, lines: list[str]) -> Path:
    path = folder / f"{name}.txt"
    path.write_text("\n".join(lines) + "\n")
    return path


# --- The server ----------------------------------------------------------------------------


class Server:
    def __init__(self, addr: str, run: Path) -> None:
        self.addr = addr
        self.host, port = addr.rsplit(":", 1)
        self.port = int(port)
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", str(run)),
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "SERVE_ADDR": addr,
            "SERVE_RUN_DIR": str(run / "serve"),
            "PDF_RENDER_LOCK_DIR": str(run / "slots"),
            "RATELIMIT_ENABLED": "0",
            "DATABASE_URL": f"sqlite:///{run / 'db.sqlite3'}",
        }
        passed_on = ("REDIS_URL", "PDF_RENDER_SLOTS", "LOCAL_CACHE_MAX_MB", "GUNICORN_WORKERS")
        for name in passed_on:
            if os.environ.get(name):
                env[name] = os.environ[name]
        self.env = env
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "genie_site.serve"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(1800):  # migrate, collectstatic and warm-up: slow on a busy machine
            if self.proc.poll() is not None:
                raise SystemExit("make serve did not start (is the port taken?)")
            try:
                if self.get("/healthz")[0] == 200 and self.proc.poll() is None:
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise SystemExit("make serve did not answer within 180 s")

    def get(self, path: str, timeout: float = 60) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    def worker_pids(self) -> list[int]:
        """gunicorn's workers: children of the master, itself a child of serve.py (a PDF
        render's forked child is a grandchild of the master, and not counted)."""
        parents: dict[int, list[int]] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            parents.setdefault(ppid, []).append(int(stat.parent.name))

        def gunicorn(pid: int) -> bool:
            try:
                return b"gunicorn" in Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                return False

        masters = [pid for pid in parents.get(self.proc.pid, []) if gunicorn(pid)]
        return [pid for master in masters for pid in parents.get(master, [])]

    def rss_mb(self) -> float:
        total = 0
        for pid in self.worker_pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except OSError:
                continue
        return total / 1024

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)


# --- Measuring -----------------------------------------------------------------------------


def wrk_command(
    server: Server, urls: Path, *, seconds: int, connections: int, threads: int
) -> list[str]:
    """wrk over the URLs listed in `urls` (bench/wrk.lua reads them)."""
    return [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "-s",
        str(LUA),
        f"http://{server.addr}",
        "--",
        str(urls),
    ]


def wrk(
    server: Server, urls: Path, *, seconds: int, connections: int = 8, threads: int = 2
) -> dict:
    out = subprocess.run(
        wrk_command(server, urls, seconds=seconds, connections=connections, threads=threads),
        capture_output=True,
        text=True,
        timeout=seconds + 120,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("BENCH "))
    data = json.loads(line.removeprefix("BENCH "))
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    data["p50_ms"] = data["p50_us"] / 1000
    data["p99_ms"] = data["p99_us"] / 1000
    data["errors"] = data["socket_errors"] + sum(
        n for code, n in data["statuses"].items() if int(code) >= 500 or int(code) in (400, 404)
    )
    return data


def cold_pdfs(server: Server, paths: list[str]) -> tuple[list[float], list[int]]:
    times, statuses = [], []
    for path in paths:
        start = time.perf_counter()
        status, _ = server.get(path)
        times.append(time.perf_counter() - start)
        statuses.append(status)
    return times, statuses


def memory_run(server: Server, urls: Path, seconds: int) -> dict:
    samples: list[tuple[float, float]] = []
    stop = threading.Event()

    def sample() -> None:
        start = time.monotonic()
        while not stop.wait(1.0):
            samples.append((time.monotonic() - start, server.rss_mb()))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    load = wrk(server, urls, seconds=seconds, connections=32)
    stop.set()
    sampler.join()
    first = [mb for t, mb in samples if t <= 10]
    last = [mb for t, mb in samples if t > seconds - 10]
    return {
        "load": load,
        "first_mb": statistics.mean(first),
        "last_mb": statistics.mean(last),
        "growth": statistics.mean(last) / statistics.mean(first) - 1,
        "samples": len(samples),
    }


# --- Report --------------------------------------------------------------------------------


def from_cache(data: dict) -> float:
    """The least share of a cycled distinct run answered from the cache: every 200 after
    the first lap (a redirect is never kept)."""
    return max(0, data["statuses"].get("200", 0) - DISTINCT) / data["requests"]


def unwrapped(data: dict, urls: Path) -> dict:
    """A never-seen run's result, refused if it may have asked a URL twice: each of
    wrk's two threads starts half the list on, so each must stay within its half."""
    lines = sum(1 for line in urls.read_text().splitlines() if line)
    if data["requests"] > 0.9 * lines:
        raise SystemExit(
            f"{urls.name}: {data['requests']} requests over {lines} URLs: raise NEVER_SEEN"
        )
    return data


def row(name: str, data: dict, base: float, aim: float | None) -> str:
    ratio = data["rps"] / base
    verdict = "" if aim is None else ("met" if ratio >= aim else "missed")
    aim_text = "" if aim is None else f"≥ 1/{round(1 / aim)}"
    statuses = ", ".join(f"{k}: {v}" for k, v in sorted(data["statuses"].items()))
    return (
        f"| {name} | {data['rps']:,.0f} | {data['p50_ms']:.1f} | {data['p99_ms']:.1f} "
        f"| 1/{base / data['rps']:.1f} | {aim_text} {verdict} | {statuses} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--memory-seconds", type=int, default=60)
    parser.add_argument("--cold-pdfs", type=int, default=12)
    args = parser.parse_args()
    if not shutil.which("wrk") or not shutil.which("nginx"):
        raise SystemExit("wrk and nginx are needed: make install")
    rng = random.Random(11)
    s = args.seconds
    work = Path(tempfile.mkdtemp(prefix="bench-serving-"))
    os.chmod(work, 0o700)

    wizard = reverse("connectors:wizard")
    report = reverse("connectors:report")
    svg = reverse("connectors:flowchart-svg")
    pdf = reverse("connectors:report-pdf")
    steps = distinct_pages(rng, DISTINCT, complete=False)
    sets = distinct_pages(rng, DISTINCT, complete=True)
    # Cold PDFs and the PDF pullers get answer sets never used elsewhere in the run.
    fresh = distinct_pages(rng, 2000 + args.cold_pdfs, complete=True, exclude=sets)
    # Never seen: the steps and reports of their own scenario, the distinct steps while
    # PDFs render, and the memory run's URLs (a report, its chart, an edit step per set).
    unseen_steps = distinct_pages(rng, NEVER_SEEN + 6000, complete=False, exclude=steps)
    unseen_sets = distinct_pages(rng, NEVER_SEEN + 30_000, complete=True, exclude=sets + fresh)
    files = {
        "healthz": write_lines(work, "healthz", ["/healthz"]),
        "step": write_lines(work, "step", [f"{wizard}?{steps[0]}"]),
        "step-htmx": write_lines(work, "step-htmx", [f"H {wizard}?{steps[0]}"]),
        "report": write_lines(work, "report", [f"{report}?{sets[0]}"]),
        "flowchart": write_lines(work, "flowchart", [f"{svg}?{sets[0]}"]),
        "pdf": write_lines(work, "pdf", [f"{pdf}?{sets[0]}"]),
        "steps": write_lines(work, "steps", [f"{wizard}?{q}" for q in steps]),
        "steps-htmx": write_lines(work, "steps-htmx", [f"H {wizard}?{q}" for q in steps]),
        "steps-unseen": write_lines(
            work, "steps-unseen", [f"{wizard}?{q}" for q in unseen_steps[:NEVER_SEEN]]
        ),
        "steps-under-pdfs": write_lines(
            work, "steps-under-pdfs", [f"{wizard}?{q}" for q in unseen_steps[NEVER_SEEN:]]
        ),
        "reports": write_lines(work, "reports", [f"{report}?{q}" for q in sets]),
        "reports-unseen": write_lines(
            work, "reports-unseen", [f"{report}?{q}" for q in unseen_sets[:NEVER_SEEN]]
        ),
        "flowcharts": write_lines(work, "flowcharts", [f"{svg}?{q}" for q in sets]),
        "pdf-pullers": write_lines(work, "pdf-pullers", [f"{pdf}?{q}" for q in fresh[:2000]]),
    }
    # Mixed: whole walks, each step an htmx request, then report, chart, sometimes a PDF.
    mixed: list[str] = []
    for i in range(600):
        walk_steps, answers = walk(rng, stop_early=False)
        query = answers_query(answers, f"Walk {i}")
        mixed.append(wizard)
        mixed += [f"H {wizard}?{answers_query(a)}" for a in walk_steps[1:]]
        mixed += [f"{report}?{query}", f"{svg}?{query}"]
        if i % 10 == 0:
            mixed.append(f"{pdf}?{query}")
    files["mixed"] = write_lines(work, "mixed", mixed)
    memory_urls = [
        line
        for q in unseen_sets[NEVER_SEEN:]
        for line in (f"{report}?{q}", f"{svg}?{q}", f"{wizard}?{q}&edit=data_residency")
    ]
    files["memory"] = write_lines(work, "memory", memory_urls)

    redis = None
    if os.environ.get("BENCH_REDIS", "1") != "0" and not os.environ.get("REDIS_URL"):
        port = free_port()
        options = "--save '' --appendonly no --maxmemory 512mb --maxmemory-policy allkeys-lru"
        redis = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", *shlex.split(options)],
            cwd=work,
            stdout=subprocess.DEVNULL,
        )
        os.environ["REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
        time.sleep(0.5)
    load_before = os.getloadavg()[0]
    addr = os.environ.get("BENCH_ADDR", "127.0.0.1:8000")
    host, port_text = addr.rsplit(":", 1)
    with socket.socket() as probe:
        if probe.connect_ex((host, int(port_text))) == 0:
            # Another server (someone's make serve) holds the port: measure on a free one.
            addr = f"{host}:{free_port()}"
            print(f"{host}:{port_text} is taken; benchmarking on {addr}")
    results: dict[str, dict] = {}
    try:
        server = Server(addr, work)
    except BaseException:
        if redis is not None:
            redis.terminate()
        raise
    try:
        for name in ("step", "report", "flowchart", "pdf"):  # warm the repeated URLs
            server.get(Path(files[name]).read_text().strip())
        wrk(server, files["healthz"], seconds=2)  # warm-up, not recorded
        results["healthz"] = wrk(server, files["healthz"], seconds=s)
        for name in ("step", "step-htmx", "report", "flowchart", "pdf"):
            results[name] = wrk(server, files[name], seconds=s)
        for name in ("steps", "steps-htmx", "reports", "flowcharts"):
            results[name] = wrk(server, files[name], seconds=s)
        for name in ("steps-unseen", "reports-unseen"):
            results[name] = unwrapped(wrk(server, files[name], seconds=s), files[name])

        workers = len(server.worker_pids())
        rss_before_pdfs = server.rss_mb()
        cold_times, cold_statuses = cold_pdfs(
            server, [f"{pdf}?{q}" for q in fresh[2000 : 2000 + args.cold_pdfs]]
        )
        rss_after_pdfs = server.rss_mb()

        pullers = subprocess.Popen(
            wrk_command(server, files["pdf-pullers"], seconds=s + 4, connections=4, threads=1),
            stdout=subprocess.PIPE,
            text=True,
        )
        time.sleep(2)
        half = max(1, s // 2)
        results["step-under-pdfs"] = wrk(
            server, files["step"], seconds=half, connections=1, threads=1
        )
        results["steps-under-pdfs"] = unwrapped(
            wrk(server, files["steps-under-pdfs"], seconds=half, connections=1, threads=1),
            files["steps-under-pdfs"],
        )
        pulled_out, _ = pullers.communicate(timeout=s + 120)
        line = next(x for x in pulled_out.splitlines() if x.startswith("BENCH "))
        pulled = json.loads(line.removeprefix("BENCH "))

        results["mixed"] = wrk(server, files["mixed"], seconds=s)
        results["healthz-after"] = wrk(server, files["healthz"], seconds=s)
        memory = memory_run(server, files["memory"], args.memory_seconds)
        unwrapped(memory["load"], files["memory"])
    finally:
        server.stop()
        if redis is not None:
            redis.terminate()
            redis.wait(timeout=30)
    load_after = os.getloadavg()[0]

    base = statistics.mean([results["healthz"]["rps"], results["healthz-after"]["rps"]])
    cold_median = statistics.median(cold_times)
    under = results["step-under-pdfs"]
    distinct = results["steps-under-pdfs"]
    cache = "a shared Redis cache" if "REDIS_URL" in server.env else "local-memory caches"
    lines = [
        "# Serving benchmark",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `make bench` (bench/serving.py) on "
        f"{os.cpu_count()} cores: `make serve` (nginx in front of {workers} "
        f"gunicorn sync workers: the pages' and the PDF render pool's; {cache}), "
        f"wrk with 2 threads and 8 connections for {s} s per scenario unless said, every request "
        f"asking for gzip. Model version {MODEL_VERSION}. Ratios are to `/healthz` in this run "
        f"(mean of before, {results['healthz']['rps']:,.0f} req/s, and after, "
        f"{results['healthz-after']['rps']:,.0f} req/s). Machines here are noisy: compare ratios. "
        f"Load average (1 min) {load_before:.1f} at the start, {load_after:.1f} at the end, on "
        "a machine shared with other work.",
        "",
        "| scenario | req/s | p50 ms | p99 ms | ratio to /healthz | aim | statuses |",
        "|---|---:|---:|---:|---:|---|---|",
        row("`/healthz` (before)", results["healthz"], base, None),
        row("wizard step, repeated", results["step"], base, 1 / 2),
        row("wizard step (htmx), repeated", results["step-htmx"], base, 1 / 2),
        row("report, repeated", results["report"], base, 1 / 2),
        row("flowchart SVG, warm", results["flowchart"], base, 1 / 2),
        row("PDF, warm", results["pdf"], base, 1 / 2),
        row(f"wizard step, {DISTINCT:,} distinct", results["steps"], base, 1 / 4),
        row(f"wizard step (htmx), {DISTINCT:,} distinct", results["steps-htmx"], base, 1 / 4),
        row(f"report, {DISTINCT:,} distinct", results["reports"], base, 1 / 8),
        row(f"flowchart SVG, {DISTINCT:,} distinct", results["flowcharts"], base, None),
        row("wizard step, never seen", results["steps-unseen"], base, 1 / 4),
        row("report, never seen", results["reports-unseen"], base, 1 / 8),
        row("mixed: walks, reports, charts, PDFs", results["mixed"], base, None),
        row("`/healthz` (after)", results["healthz-after"], base, None),
        "",
        f"- **Distinct and never seen**: the {DISTINCT:,} distinct URLs are cycled, as the "
        f"issue sets them, so after the first lap they come from the cache (at least "
        + ", ".join(
            f"{label} {from_cache(results[name]):.0%}"
            for label, name in (
                ("steps", "steps"),
                ("htmx steps", "steps-htmx"),
                ("reports", "reports"),
                ("charts", "flowcharts"),
            )
        )
        + " of their requests). In the never-seen rows every request is an answer set "
        "not asked before: each is rendered (the same aims applied).",
        f"- **Cold PDF**: median {cold_median:.2f} s over {len(cold_times)} never-seen answer "
        f"sets, one at a time (min {min(cold_times):.2f} s, max {max(cold_times):.2f} s; "
        f"statuses {sorted(set(cold_statuses))}); aim under 0.4 s: "
        f"{'met' if cold_median < 0.4 else 'missed'}. Workers' RSS {rss_before_pdfs:.0f} MB "
        f"before these renders, {rss_after_pdfs:.0f} MB after (renders run in forked children).",
        f"- **A step while four clients pull uncached PDFs** (wrk, 4 connections on never-seen "
        f"PDFs; meanwhile 1 connection on a step, {half} s each): the same step again and again, "
        f"p50 {under['p50_ms']:.1f} ms, p99 {under['p99_ms']:.1f} ms ({under['rps']:,.0f} req/s, "
        f"statuses {under['statuses']}); aim p99 under 100 ms: "
        f"{'met' if under['p99_ms'] < 100 else 'missed'}. Never-seen steps (each one rendered): "
        f"p50 {distinct['p50_ms']:.1f} ms, p99 {distinct['p99_ms']:.1f} ms "
        f"({distinct['rps']:,.0f} req/s, statuses {distinct['statuses']}; "
        f"{'met' if distinct['p99_ms'] < 100 else 'missed'}). The PDF clients "
        f"got {pulled['statuses']} (they wait their turn in nginx for the host's render pool; "
        f"503 = its queue full, with Retry-After).",
        f"- **Memory**: {args.memory_seconds} s at 32 connections over "
        f"{len(memory_urls):,} never-seen URLs (reports, charts, steps; "
        f"{memory['load']['rps']:,.0f} req/s, statuses {memory['load']['statuses']}): the "
        f"workers' RSS averaged {memory['first_mb']:.1f} MB in the first 10 s and "
        f"{memory['last_mb']:.1f} MB in the last 10 s ({memory['growth']:+.1%}); aim within "
        f"10 %: {'met' if abs(memory['growth']) <= 0.10 else 'missed'}.",
        "- Errors (socket errors, 5xx, 400, 404) in the wrk runs: "
        + ", ".join(f"{name} {data['errors']}" for name, data in results.items() if data["errors"])
        + ("none" if not any(d["errors"] for d in results.values()) else ""),
        "",
        "Repeated URLs are answered from the response cache; never-seen ones render. "
        "Rate limits were off for the run.",
        "",
    ]
    RESULTS_MD.write_text("\n".join(lines))
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    raw = ROOT / "bench" / "results" / f"serving-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    raw.write_text(
        json.dumps(
            {"results": results, "cold_pdf_s": cold_times, "pullers": pulled, "memory": memory},
            indent=2,
        )
    )
    print("\n".join(lines))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
