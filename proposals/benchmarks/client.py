"""The benchmark's HTTP client: reads a plan as JSON on stdin, writes figures as JSON.

Plain Python, run as ``python -m proposals.benchmarks.client`` in a process of its
own, so the server's workers and the client never share an interpreter.

Plan: ``{"base": "http://127.0.0.1:8120", "runs": 20, "warmup": 2,
"pages": [[label, path], …], "downloads": [[label, path], …],
"throughput": [[label, path], …], "connections": 8, "seconds": 10}``.
"""

from __future__ import annotations

import http.client
import json
import statistics
import sys
import threading
import time
from urllib.parse import urlsplit


def fetch(base: str, path: str, timeout: float = 600) -> tuple[int, int, float]:
    """(status, bytes, milliseconds) of one GET, the body read to the end."""
    address = urlsplit(base)
    started = time.perf_counter()
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "identity"})
        response = connection.getresponse()
        size = 0
        while chunk := response.read(1 << 16):
            size += len(chunk)
        return response.status, size, (time.perf_counter() - started) * 1000
    finally:
        connection.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def measure_page(base: str, path: str, runs: int, warmup: int) -> dict:
    for _ in range(warmup):
        fetch(base, path)
    timings, status, size = [], 0, 0
    for _ in range(runs):
        status, size, ms = fetch(base, path)
        timings.append(ms)
    return {
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
        "status": status,
        "bytes": size,
        "runs": runs,
    }


def throughput(base: str, path: str, connections: int, seconds: float) -> dict:
    done, errors = [0], [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker():
        while time.perf_counter() < stop:
            try:
                status, _size, _ms = fetch(base, path, timeout=60)
            except OSError:
                status = 0
            with lock:
                if status == 200:
                    done[0] += 1
                else:
                    errors[0] += 1

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "requests_per_s": round(done[0] / elapsed, 1),
        "requests": done[0],
        "errors": errors[0],
        "connections": connections,
        "seconds": round(elapsed, 1),
    }


def run(plan: dict) -> dict:
    base = plan["base"]
    result: dict = {"pages": {}, "downloads": {}, "throughput": {}}
    for label, path in plan.get("pages", []):
        result["pages"][label] = {
            "path": path,
            **measure_page(base, path, plan["runs"], plan["warmup"]),
        }
    for label, path in plan.get("downloads", []):
        status, size, ms = fetch(base, path)
        result["downloads"][label] = {
            "path": path,
            "status": status,
            "bytes": size,
            "ms": round(ms),
        }
    for label, path in plan.get("throughput", []):
        fetch(base, path)
        result["throughput"][label] = {
            "path": path,
            **throughput(base, path, plan.get("connections", 8), plan.get("seconds", 10)),
        }
    return result


if __name__ == "__main__":
    json.dump(run(json.load(sys.stdin)), sys.stdout)
