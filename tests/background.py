"""The suite's background builds of the real brief, and how every pytest worker reads them.

One process runs them (the only one, or the first of pytest-xdist's workers): in fresh
processes started from threads, on the cores the quick tests leave free. Each job's outcome
is written to the run's shared folder as it ends, so that a test running in another worker
reads it there (it waits for the file). The folder outlives the workers: pytest's first
process (xdist's controller, or the only one) removes it at the end.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Callable

from helpers import (
    EDITIONS,
    ENVIRONMENT,
    FIXTURES,
    FONTTOOLS_REPRODUCIBLE,
    REBUILT,
    REPRODUCIBLE,
    ROOT,
    TIMEOUT,
    Built,
)

DRIVER = ROOT / "tests" / "build_editions.py"
WAIT = 3 * TIMEOUT  # seconds a worker waits for a job another worker runs


def outcome_file(base: Path, name: str) -> Path:
    """Where job ``name``'s outcome is written (its name may hold any character)."""
    return base / "outcomes" / hashlib.sha256(name.encode()).hexdigest()


def publish(base: Path, name: str, done: Future) -> None:
    """Write a finished job's outcome (what it returned, or what it raised) for the other
    workers; an exception that cannot be pickled goes as its text."""
    failure = done.exception()
    try:
        data = pickle.dumps((failure is None, done.result() if failure is None else failure))
        pickle.loads(data)  # (an exception whose constructor takes other arguments fails here)
    except Exception as unpicklable:  # noqa: BLE001  (the test that reads it fails with it)
        data = pickle.dumps((False, RuntimeError(f"{failure or unpicklable!r}")))
    path = outcome_file(base, name)
    path.parent.mkdir(exist_ok=True)
    path.with_suffix(".tmp").write_bytes(data)
    os.replace(path.with_suffix(".tmp"), path)


class Elsewhere:
    """The background jobs as another worker sees them: their outcomes, once written."""

    def __init__(self, base: Path) -> None:
        self.base = base

    def result(self, name: str) -> object:
        (self.base / "lend").touch()  # (the quick tests here are done: all cores to the jobs)
        path, waited = outcome_file(self.base, name), 0.0
        while not path.exists():
            assert waited < WAIT, f"no outcome of the background job {name!r} in {WAIT} s " \
                "(did the worker that runs the jobs, gw0, die?)"
            time.sleep(0.1)
            waited += 0.1
        ok, value = pickle.loads(path.read_bytes())
        if not ok:
            raise value
        return value

    def editions(self) -> Built:
        first, second = self.result("editions-1"), self.result("editions-2")
        return Built(first.root, {**first.results, **second.results})

    def close(self, wait: bool = False) -> None:
        pass


class Background:
    """Builds of the real brief in fresh processes, on all cores but the one the quick
    tests run on, until the quick tests are done: then on that one too. A test that needs a
    job not yet begun does it itself (its core would only wait)."""

    def __init__(self, base: Path, workers: int = 1) -> None:
        """``base``: the run's shared folder; ``workers``: pytest's processes running tests."""
        self.base, self.workers = base, workers
        cores = os.cpu_count() or 2
        self.pool = ThreadPoolExecutor(max_workers=cores)
        # A job runs holding a core: all but those the quick tests run on, one at least
        # (``result`` lends the rest once a test begins waiting for the jobs).
        self.cores = threading.Semaphore(max(1, cores - workers))
        self.held_back = cores - max(1, cores - workers)
        self.lent = False
        self.jobs: dict[str, Future] = {}
        self.begun: set[str] = set()
        self.inline: dict[str, Callable[[], None]] = {}
        self.running: set[subprocess.Popen] = set()
        self.lock = threading.Lock()

    def submit(self, name: str, job: Callable[..., object], *args: object,
               after: tuple[str, ...] = (), apart: bool = True) -> None:
        """Run ``job(*args)`` once the jobs it comes ``after`` are done (then, if ``apart``,
        in another second: a leaked clock would show): on a core, or in the test that needs
        it first if no core has taken it by then. A job holding a core never waits for
        another, and jobs are taken in the order given: none waits for one not yet begun."""
        done: Future = Future()
        self.jobs[name] = done

        def begin() -> bool:
            with self.lock:
                taken = name in self.begun
                self.begun.add(name)
            return not taken

        def ready() -> None:
            if [self.jobs[first].result() for first in after if first in self.jobs] and apart:
                _next_second()

        def finish() -> None:
            try:
                done.set_result(job(*args))
            except BaseException as failure:  # noqa: B036  (the test that reads it fails)
                done.set_exception(failure)
            if self.workers > 1:
                publish(self.base, name, done)

        def on_a_core() -> None:  # (in a worker thread)
            ready()
            while not self.cores.acquire(timeout=0.2):
                if (self.base / "lend").exists():  # (another worker waits for the jobs)
                    self.lend()
            try:
                if begin():
                    finish()
            finally:
                self.cores.release()

        def here() -> None:  # (in the test that needs it)
            if begin():
                for first in after:
                    self.inline.get(first, lambda: None)()
                ready()
                finish()
        self.inline[name] = here
        self.pool.submit(on_a_core)

    def result(self, name: str) -> object:
        """What job ``name`` returned, once done (for a test: see ``lend``); done here if
        no core has begun it."""
        self.lend()
        self.inline[name]()
        return self.jobs[name].result()

    def lend(self) -> None:
        """A test waits for the jobs: the quick tests are done, their cores go to the jobs.
        (Never called in a job.)"""
        with self.lock:
            if not self.lent:
                self.lent = True
                self.cores.release(self.held_back)

    def copy(self, name: str, source: Path = ROOT) -> Path:
        root = self.base / name
        shutil.copytree(source / "content", root / "content")
        return root

    def build(self, root: Path, stems: tuple[str, ...], fonttools: bool = False) -> Built:
        report = root / f"report-{stems[0]}.json"
        env = {k: v for k, v in ENVIRONMENT.items() if k != "SOURCE_DATE_EPOCH"}
        command = [sys.executable, str(DRIVER), str(root), str(report),
                   *(["--fonttools"] if fonttools else []), *stems]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, env=env)
        with self.lock:
            self.running.add(process)
        try:
            _, err = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            _, err = process.communicate()
            err = f"timed out after {TIMEOUT} s\n{err}"
        finally:
            with self.lock:
                self.running.discard(process)
        results = json.loads(report.read_text("utf-8")) if report.exists() else {}
        failed = {"status": None, "out": "", "err": f"the build process failed:\n{err}"}
        return Built(root, {stem: results.get(stem, failed) for stem in stems})

    def start(self, needed: set[str], ahead: dict[str, Callable[[Path], object]]) -> None:
        editions, rebuilds = bool({"editions", "readers"} & needed), "rebuilds" in needed
        if "several" in needed:  # first: the quick tests wait for it soonest
            self.submit("several", self.several)
        if "site" in needed:
            from test_site import site_thrice
            self.submit("site", site_thrice, self.base / "site")
        if "installed" in needed:  # early: the readers, last, run on both cores
            self.submit("installed", self.install)
        if editions or rebuilds:
            root = self.copy("editions")
            stems = tuple(EDITIONS)
            self.submit("editions-1", self.build, root, stems[:3])
        if rebuilds:
            self.submit("fonttools", self.twice, "fonttools", True)
        if editions or rebuilds:
            self.submit("editions-2", self.build, root, stems[3:])
        if rebuilds:
            self.submit("rerun", self.rerun, after=("editions-1",))
        if rebuilds or "packed" in needed:  # (its first build of the real brief: a rerun too)
            from test_book import bound
            self.submit("book", bound, self.base / "book", after=("editions-2",))
        if editions:  # the independent readers' verdicts, while the last tests run
            self.submit("readers", self.read_editions, after=("editions-1", "editions-2"),
                        apart=False)
        for n, (test, job) in enumerate(ahead.items()):  # tests' own runs of other processes
            self.submit(test, job, self.base / f"ahead-{n}")
        if "benchmark" in needed:  # a whole build of its own: on a core the quick tests leave free
            self.submit("benchmark", functools.partial(
                subprocess.run, capture_output=True, text=True, timeout=TIMEOUT),
                [sys.executable, str(ROOT / "benchmarks/citations.py"), "1",
                 str(FIXTURES / "cite")])

    def several(self) -> tuple[dict[str, Path], subprocess.CompletedProcess]:
        """``build.py new``, then seven briefs made from it built by one command."""
        from projects import date_fixed, prepare_several
        new = self.base / "new"
        subprocess.run([sys.executable, str(ROOT / "build.py"), "new", str(new)], check=True,
                       capture_output=True, timeout=TIMEOUT)
        date_fixed(new / "content/brief.yaml")
        folders = prepare_several(new, self.base / "several")
        return folders, subprocess.run(
            [sys.executable, str(ROOT / "build.py"), *map(str, folders.values())],
            capture_output=True, text=True, timeout=TIMEOUT)

    def install(self) -> list[subprocess.CompletedProcess]:
        """A plain ``pip install`` of a copy of the builder (no network: no dependencies,
        no build isolation), then its console command's ``new`` and build, in a brief
        folder outside the repository."""
        source, target, brief = (self.base / n for n in ("source", "installed", "elsewhere"))
        for name in ("brief", "templates", "styles"):
            shutil.copytree(ROOT / name, source / name,
                            ignore=shutil.ignore_patterns("__pycache__"))
        for name in ("pyproject.toml", "README.md"):
            shutil.copy(ROOT / name, source / name)
        env = {**ENVIRONMENT, "PYTHONPATH": str(target)}
        steps = [[sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index",
                  "--no-build-isolation", "--target", str(target), str(source)],
                 [str(target / "bin/brief-builder"), "new", str(brief)],
                 [str(target / "bin/brief-builder")]]
        done = []
        for step in steps:
            done.append(subprocess.run(step, capture_output=True, text=True, env=env,
                                       cwd=brief if step is steps[-1] else self.base,
                                       timeout=TIMEOUT))
            if done[-1].returncode:
                break
        return done

    def read_editions(self) -> dict[str, list[tuple[str, int, str]]]:
        """(reader, exit status, error output) of each reader over each edition's PDF."""
        from helpers import READERS
        built = self.editions()
        runs = [(stem, command) for stem in built.results for command in READERS]
        with ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as readers:
            done = readers.map(lambda job: subprocess.run(
                [part.format(pdf=built.pdf(job[0])) for part in job[1]], capture_output=True,
                text=True, timeout=TIMEOUT) if shutil.which(job[1][0]) else None, runs)
            results: dict[str, list[tuple[str, int, str]]] = {}
            for (stem, command), result in zip(runs, done):
                results.setdefault(stem, []).append(
                    (command[0], result.returncode, result.stderr) if result else
                    (command[0], -1, "not installed (see README)"))
        return results

    def twice(self, name: str, fonttools: bool) -> tuple[Built, Built]:
        stems = FONTTOOLS_REPRODUCIBLE if fonttools else REPRODUCIBLE
        # With fontTools: the data fixture (charts, tables, notes: every font the builder
        # subsets), shorter than the real brief, so that the pair costs less.
        source = FIXTURES / "data" if fonttools else ROOT
        first = self.build(self.copy(f"{name}-1", source), stems, fonttools)
        _next_second()
        return first, self.build(self.copy(f"{name}-2", source), stems, fonttools)

    def rerun(self) -> Built:
        """The web edition alone, to compare with the one made from the screen edition's
        layout; the archival edition's rerun is the book's first build of the real brief
        (``test_book.bound``)."""
        return self.build(self.copy("rerun"), tuple(REBUILT))

    def editions(self) -> Built:
        first, second = self.jobs["editions-1"].result(), self.jobs["editions-2"].result()
        return Built(first.root, {**first.results, **second.results})

    def close(self, wait: bool = False) -> None:
        """Stop the jobs, or (``wait``: other workers may still read them) finish them."""
        if wait:
            self.lend()
        else:
            self.pool.shutdown(wait=False, cancel_futures=True)
            with self.lock:
                for process in self.running:
                    process.kill()
        self.pool.shutdown(wait=True)


def _next_second() -> None:
    """Wait until the clock shows another second, so that a leaked clock would show."""
    time.sleep(1.05 - time.time() % 1)
