"""A loopback HTTP load generator: N client processes, each with one keep-alive `http.client` connection.

Closed loop: every client sends its next request as soon as the previous answer has been read. Processes,
not threads, so the GIL does not cap the generator; on a small machine they share the cores with the server
(the result tells how much CPU each side used). Each run is bounded: a warm-up whose answers are dropped,
then a measured window that ends after `duration_s` or `max_requests` answers, whichever comes first, and
every socket has a timeout, so a run always stops by itself.
"""

from __future__ import annotations

import http.client
import math
import multiprocessing as mp
import os
import queue as queue_module
import time
from array import array
from collections import Counter
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    body: bytes | None = None
    headers: Mapping[str, str] = field(default_factory=dict)


class Source(Protocol):
    """Builds the n-th request of a client; called inside the client process."""

    def __call__(self, client: int, n: int) -> Call: ...


@dataclass(frozen=True)
class Plan:
    host: str
    port: int
    clients: int
    warmup_s: float = 10.0
    duration_s: float = 20.0
    max_requests: int = 50_000  # measured answers, all clients together
    timeout_s: float = 10.0


@dataclass(frozen=True)
class Result:
    clients: int
    ok: int
    errors: int
    statuses: dict[int, int]
    error_samples: list[str]
    seconds: float
    throughput: float  # expected answers per second in the measured window
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    cpu_cores: dict[str, float]  # CPU seconds per wall second in the measured window: "generator", probes…

    def summary(self) -> str:
        cpu = ", ".join(f"{name} {cores:.2f}" for name, cores in self.cpu_cores.items())
        statuses = ", ".join(f"{code or 'no answer'}: {count}" for code, count in sorted(self.statuses.items()))
        return (
            f"{self.ok} ok / {self.errors} errors in {self.seconds:.1f} s at {self.clients} clients: "
            f"{self.throughput:.0f}/s, p50 {self.p50_ms:.1f} ms, p95 {self.p95_ms:.1f} ms, p99 {self.p99_ms:.1f} ms, "
            f"max {self.max_ms:.1f} ms; statuses {statuses}; CPU cores used: {cpu}"
        )


def percentile(ordered: list[float], q: float) -> float:
    """Nearest-rank percentile of an ascending list (0 for an empty one)."""
    if not ordered:
        return 0.0
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def _client(
    plan: Plan, source: Source, expect: Collection[int], client: int, start: float, results: mp.Queue[Any]
) -> None:
    measure_from = start + plan.warmup_s
    deadline = measure_from + plan.duration_s
    cap = math.ceil(plan.max_requests / plan.clients)
    latencies = array("d")
    statuses: Counter[int] = Counter()
    samples: list[str] = []
    cpu_from: float | None = None
    last_end = measure_from
    connection = http.client.HTTPConnection(plan.host, plan.port, timeout=plan.timeout_s)
    n = 0
    while time.monotonic() < start:
        time.sleep(0.001)
    try:
        while True:
            began = time.monotonic()
            if began >= deadline or sum(statuses.values()) >= cap:
                break
            call = source(client, n)
            n += 1
            measured = began >= measure_from
            if measured and cpu_from is None:
                cpu_from = time.process_time()
            t0 = time.perf_counter()
            try:
                connection.request(call.method, call.path, body=call.body, headers=dict(call.headers))
                response = connection.getresponse()
                payload = response.read()
                status = response.status
                if response.will_close:
                    connection.close()
            except (OSError, http.client.HTTPException) as exc:
                status, payload = 0, repr(exc).encode()
                connection.close()
                connection = http.client.HTTPConnection(plan.host, plan.port, timeout=plan.timeout_s)
            elapsed = time.perf_counter() - t0
            if not measured:
                continue
            last_end = time.monotonic()
            statuses[status] += 1
            if status in expect:
                latencies.append(elapsed)
            elif len(samples) < 3:
                samples.append(f"{call.method} {call.path} → {status}: {payload[:300].decode(errors='replace')}")
    finally:
        connection.close()
    cpu = time.process_time() - cpu_from if cpu_from is not None else 0.0
    results.put((client, latencies.tobytes(), dict(statuses), samples, last_end, cpu))


def run(
    plan: Plan,
    source: Source,
    *,
    expect: Collection[int] = (200,),
    probes: Mapping[str, Callable[[], float]] | None = None,
) -> Result:
    """Run the plan; `probes` are CPU-second counters (e.g. of the server's processes) read around the window."""
    context = mp.get_context("fork")
    results: mp.Queue[Any] = context.Queue()
    start = time.monotonic() + 0.5
    processes = [
        context.Process(target=_client, args=(plan, source, tuple(expect), client, start, results), daemon=True)
        for client in range(plan.clients)
    ]
    for process in processes:
        process.start()
    probes = probes or {}
    measure_from = start + plan.warmup_s
    time.sleep(max(0.0, measure_from - time.monotonic()))
    before = {name: probe() for name, probe in probes.items()}
    probed_at = time.monotonic()
    collected = []
    wait_until = measure_from + plan.duration_s + plan.timeout_s + 30
    try:
        for _ in processes:
            collected.append(results.get(timeout=max(1.0, wait_until - time.monotonic())))
    except queue_module.Empty:
        pass
    after = {name: probe() for name, probe in probes.items()}
    probe_seconds = max(1e-9, time.monotonic() - probed_at)
    for process in processes:
        process.join(timeout=5)
        if process.is_alive():  # only our own client processes, by their handle
            process.terminate()
            process.join(timeout=5)
    if len(collected) < len(processes):
        raise RuntimeError(f"only {len(collected)} of {len(processes)} load clients reported back")
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    samples: list[str] = []
    generator_cpu = 0.0
    last_end = measure_from
    for _client_no, raw, client_statuses, client_samples, client_end, cpu in collected:
        values = array("d")
        values.frombytes(raw)
        latencies.extend(values)
        statuses.update(client_statuses)
        samples.extend(client_samples)
        generator_cpu += cpu
        last_end = max(last_end, client_end)
    latencies.sort()
    seconds = max(1e-9, last_end - measure_from)
    ok = len(latencies)
    total = sum(statuses.values())
    cores = {"generator": generator_cpu / seconds}
    cores.update({name: (after[name] - before[name]) / probe_seconds for name in probes})
    return Result(
        clients=plan.clients,
        ok=ok,
        errors=total - ok,
        statuses=dict(statuses),
        error_samples=samples[:3],
        seconds=seconds,
        throughput=ok / seconds,
        p50_ms=percentile(latencies, 50) * 1000,
        p95_ms=percentile(latencies, 95) * 1000,
        p99_ms=percentile(latencies, 99) * 1000,
        max_ms=(latencies[-1] * 1000) if latencies else 0.0,
        cpu_cores=cores,
    )


# ---------------------------------------------------------------------------------------------------------------
# CPU probes from /proc (Linux): what the server's processes and PostgreSQL used during a window.

_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def process_cpu_seconds(pid: int, *, reaped_children: bool = False) -> float:
    """User + system CPU seconds of one process (0 when it is gone), with those of its exited children if asked."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])
    if reaped_children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / _TICKS


def children_of(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def postgres_cpu_seconds() -> float:
    """CPU seconds of every PostgreSQL process on the machine (other users' queries included); the postmaster's
    exited children (parallel workers, closed connections) count through its reaped-children times."""
    total = 0.0
    postgres: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (entry / "comm").read_text().strip() != "postgres":
                continue
            postgres[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
    for pid, parent in postgres.items():
        total += process_cpu_seconds(pid, reaped_children=parent not in postgres)
    return total


def machine_cpu_seconds() -> float:
    """Busy CPU seconds of the whole machine, all cores (user, nice, system, irq, softirq, steal)."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[:8])
    return (user + nice + system + irq + softirq + steal) / _TICKS
