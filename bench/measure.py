"""Running a command and measuring it: wall and CPU time, and the peak memory of its whole process tree.

The build is a tree: the driver (python -m modellregion build), the MkDocs subprocess and Pagefind
(a Python wrapper and its binary) run partly at the same time. A sampler thread walks the tree through
/proc every ~50 ms and sums the resident memory (VmRSS) of all processes alive at that instant; the
peak of that sum is the figure that matters for a server with little memory. CPU time comes from
getrusage(RUSAGE_CHILDREN), which counts every descendant once it has been waited for.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

MIB = 1024 * 1024


def children(pid: int) -> list[int]:
    """Direct children of ``pid`` (of all its threads), from /proc/<pid>/task/*/children."""
    found = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(child) for child in handle.read().split()]
        except OSError:
            continue
    return found


def process_tree(pid: int) -> list[int]:
    tree, queue = [], [pid]
    while queue:
        current = queue.pop()
        tree.append(current)
        queue += children(current)
    return tree


def rss_bytes(pid: int) -> int:
    """VmRSS of one process (0 once it has exited or when it is a zombie)."""
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def command_line(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return ""


class TreeSampler(threading.Thread):
    """Samples the summed RSS of the process tree under ``pid`` until stopped, and notes when each
    process of the tree was first and last seen (``spans``: command line → [first, last] seconds)."""

    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak = 0  # bytes, summed over the processes alive at one sample
        self.peak_single = 0  # bytes, the largest single process
        self.peak_processes = 0
        self.samples = 0
        self.started = time.perf_counter()
        self.spans: dict[int, list] = {}  # pid → [command line, first seen, last seen]
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            now = time.perf_counter() - self.started
            sizes = []
            for pid in process_tree(self.pid):
                size = rss_bytes(pid)
                if not size:
                    continue
                sizes.append(size)
                if pid not in self.spans:
                    self.spans[pid] = [command_line(pid), now, now]
                self.spans[pid][2] = now
            self.samples += 1
            self.peak = max(self.peak, sum(sizes))
            self.peak_single = max(self.peak_single, max(sizes, default=0))
            self.peak_processes = max(self.peak_processes, len(sizes))
            self._halt.wait(self.interval)

    def stages(self, wall: float) -> dict:
        """The build's stages as seen from outside: before MkDocs starts (the gate), MkDocs,
        Pagefind, and what follows (the swap); {} when the tree did not show them. A stage shorter than
        a sampling interval – or one the sampler thread missed on a busy machine – counts towards its neighbours."""
        def span(word: str):
            seen = [(first, last) for command, first, last in self.spans.values() if word in command]
            return (min(f for f, _ in seen), max(l for _, l in seen)) if seen else None

        mkdocs, pagefind = span(" mkdocs "), span(" pagefind ")
        if not mkdocs:
            return {}
        stages = {"before MkDocs (gate)": mkdocs[0], "MkDocs": mkdocs[1] - mkdocs[0]}
        end = mkdocs[1]
        if pagefind:
            stages["Pagefind"] = pagefind[1] - pagefind[0]
            end = pagefind[1]
        stages["after (swap)"] = max(0.0, wall - end)
        return stages

    def stop(self) -> None:
        self._halt.set()
        self.join()


@dataclass
class Run:
    command: list[str]
    wall: float
    cpu: float
    peak_rss: int
    peak_single_rss: int
    peak_processes: int
    returncode: int
    output: str = ""
    phases: dict = field(default_factory=dict)
    stages: dict = field(default_factory=dict)

    def failed(self) -> bool:
        return self.returncode != 0


def run(command: list[str], cwd: Path, environ: dict, interval: float = 0.05) -> Run:
    """Run ``command`` to its end and measure it (its output is kept, not shown)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=environ, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sampler = TreeSampler(process.pid, interval)
    sampler.start()
    output, _ = process.communicate()
    wall = time.perf_counter() - started
    sampler.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(command, wall, cpu, sampler.peak, sampler.peak_single, sampler.peak_processes, process.returncode, output,
               stages=sampler.stages(wall))


PHASES = ("gate", "markdown", "templates", "outputs", "images", "search", "swap", "total")


def read_phases(root: Path) -> dict:
    """The build's own phase times (<root>/.cache/build-phases.json: phase → seconds), {} without it."""
    path = root / ".cache" / "build-phases.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {key: float(value) for key, value in data.items() if isinstance(value, (int, float))} if isinstance(data, dict) else {}
