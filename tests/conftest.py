"""Fixtures: fresh copies of the small briefs, and the real brief built once per run.

The real brief's editions, and the rebuilds that prove them byte-identical, are built in
fresh processes in the background from the end of collection on; the tests that read them
run last, so that those builds overlap the quick tests. Each edition's result is its own:
a failed edition fails the tests that read it, with its messages, and no other.
"""
from __future__ import annotations

import faulthandler
import functools
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Iterator

import pytest
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
    fixture_copy,
)

import brief.pdf.typeset  # noqa: F401  (sets FONTCONFIG_FILE once, before any test looks)

# The background threads start processes while tests start others. Once in CI, Python 3.11's
# vfork path failed such a start with "[Errno 14] Bad address" on the interpreter's own path
# (the vfork child shares the parent's memory with the threads still running): plain fork
# costs a few milliseconds a start and has no such race.
subprocess._USE_VFORK = False  # type: ignore[attr-defined]
_started = subprocess.Popen.__init__
# The limits the suite began with: a test in the main thread holds lower ones for a moment
# (a template's memory bound, the chart engine's data bound, both on this process), and a
# process started then would keep them (once in CI: V8 could not reserve its address space
# in a background build's chart engine, reported as a chart that ran out of memory).
LIMITS = {which: resource.getrlimit(which) for which in (resource.RLIMIT_AS,
                                                           resource.RLIMIT_DATA)}


def _with_the_suites_environment(self: subprocess.Popen, *args: object,
                                 env: dict[str, str] | None = None,
                                 preexec_fn: Callable[[], object] | None = None,
                                 **kwargs: object) -> None:
    """A process a background job starts (in a thread of its own) takes the suite's first
    environment, unless given its own, and the suite's first limits: not those of the
    process at that moment (a test meanwhile setting SOURCE_DATE_EPOCH with monkeypatch
    once changed a background build's date: a hostile case's 10^20 seconds, refused)."""
    if threading.current_thread() is not threading.main_thread():
        env = ENVIRONMENT if env is None else env
        given = preexec_fn

        def preexec_fn() -> None:  # (in the child, before it runs the command)
            for which, limits in LIMITS.items():
                resource.setrlimit(which, limits)
            if given is not None:
                given()
    _started(self, *args, env=env, preexec_fn=preexec_fn, **kwargs)


subprocess.Popen.__init__ = _with_the_suites_environment  # type: ignore[method-assign]

DRIVER = ROOT / "tests" / "build_editions.py"
SHARED = {"editions", "rebuilds", "readers", "benchmark", "installed", "several", "ahead",
          "site", "packed"}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the golden files under tests/golden from this run")


class Background:
    """Builds of the real brief in fresh processes, on all cores but the one the quick
    tests run on, until the quick tests are done: then on that one too. A test that needs a
    job not yet begun does it itself (its core would only wait)."""

    def __init__(self) -> None:
        self.base = Path(tempfile.mkdtemp(prefix="brief-tests-"))
        cores = os.cpu_count() or 2
        self.pool = ThreadPoolExecutor(max_workers=cores)
        # A job runs holding a core: all but one while the quick tests run (``result``
        # lends the last one once the tests have begun waiting for the jobs).
        self.cores = threading.Semaphore(max(1, cores - 1))
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

        def on_a_core() -> None:  # (in a worker thread)
            ready()
            with self.cores:
                if begin():
                    finish()

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
        """A test waits for the jobs: the quick tests are done, their core goes to the jobs.
        (Never called in a job.)"""
        with self.lock:
            if not self.lent:
                self.lent = True
                self.cores.release()

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

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        with self.lock:
            for process in self.running:
                process.kill()
        self.pool.shutdown(wait=True)
        shutil.rmtree(self.base, ignore_errors=True)


def _next_second() -> None:
    """Wait until the clock shows another second, so that a leaked clock would show."""
    time.sleep(1.05 - time.time() % 1)


BACKGROUND = pytest.StashKey[Background]()


def pytest_itemcollected(item: pytest.Item) -> None:
    """A test that reads a shared whole build is a build test too (left out of mutation
    runs, where each mutant of a function it reaches would rebuild the real brief)."""
    if SHARED & set(getattr(item, "fixturenames", ())):
        item.add_marker(pytest.mark.build)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that read the shared builds go last; start the builds they need."""
    uses = {id(item): SHARED & set(getattr(item, "fixturenames", ())) for item in items}
    order = {"several": 1, "editions": 2, "readers": 3, "rebuilds": 4, "benchmark": 5,
             "installed": 5, "ahead": 5, "site": 3, "packed": 5}
    items.sort(key=lambda item: max((order[u] for u in uses[id(item)]), default=0))
    needed = set().union(*uses.values()) if uses else set()
    ahead = {item.nodeid: mark.args[0] for item in items
             if (mark := item.get_closest_marker("ahead")) is not None}
    background = config.stash[BACKGROUND] = Background()
    background.start(needed, ahead)


def pytest_unconfigure(config: pytest.Config) -> None:
    if BACKGROUND in config.stash:
        config.stash[BACKGROUND].close()


@pytest.fixture(scope="session")
def editions(request: pytest.FixtureRequest) -> Built:
    """Every edition of the real brief, built strict with --check in fresh processes."""
    background = request.config.stash[BACKGROUND]
    background.result("editions-1"), background.result("editions-2")
    return background.editions()


@pytest.fixture
def ahead(request: pytest.FixtureRequest) -> object:
    """What the test's ``@pytest.mark.ahead(job)`` returned: ``job(folder)``, a test's run
    of another process (a build under a file-size limit, say), started in the background
    with the shared builds and given a fresh folder; the test checks it, among the last."""
    return request.config.stash[BACKGROUND].result(request.node.nodeid)


@pytest.fixture(scope="session")
def site(request: pytest.FixtureRequest) -> tuple[Path, dict[str, bytes], list[str]]:
    """Two fixtures published as a site three times in the background (``test_site``)."""
    return request.config.stash[BACKGROUND].result("site")


@pytest.fixture(scope="session")
def packed(request: pytest.FixtureRequest) -> dict:
    """Three briefs bound into a book in the background (``test_book.bound``)."""
    return request.config.stash[BACKGROUND].result("book")


@pytest.fixture(scope="session")
def browser() -> object:
    """One headless Chromium for the web edition's and the site's tests (``browser.py``)."""
    from browser import Browser, missing
    assert not missing(), f"the browser tests need {missing()} (.ci/run installs them)"
    browser = Browser()
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def benchmark(request: pytest.FixtureRequest) -> subprocess.CompletedProcess:
    """``benchmarks/citations.py 1`` over the citation fixture, run in the background."""
    return request.config.stash[BACKGROUND].result("benchmark")


@pytest.fixture(scope="session")
def installed(request: pytest.FixtureRequest) -> list[subprocess.CompletedProcess]:
    """pip install (plain), then ``brief-builder new DIR`` and ``brief-builder`` in DIR."""
    return request.config.stash[BACKGROUND].result("installed")


@pytest.fixture(scope="session")
def readers(request: pytest.FixtureRequest, editions: Built
            ) -> dict[str, list[tuple[str, int, str]]]:
    """What qpdf, pdffonts, pdftotext and Ghostscript say of each edition (run in the
    background as soon as the editions are built)."""
    return request.config.stash[BACKGROUND].result("readers")


@pytest.fixture(scope="session")
def rebuilds(request: pytest.FixtureRequest) -> dict[str, tuple[Built, Built]]:
    """Two builds of each reproducible edition, per font subsetter, in other processes and
    seconds: the editions and the book's build of the real brief (libharfbuzz-subset); two
    runs forcing fontTools; and the web edition made alone ("web": the rerun)."""
    background = request.config.stash[BACKGROUND]
    book = background.result("book")  # (its real brief: the archival edition alone)
    real = {stem: {"status": book["built"].returncode, "out": "", "err": ""}
            for stem in REPRODUCIBLE}
    return {"harfbuzz-subset": (background.editions(), Built(book["folder"] / "real", real)),
            "web": (background.editions(), background.result("rerun")),
            "fonttools": background.result("fonttools")}


def _tree(root: Path) -> dict[str, tuple[int, int]]:
    """The files of the repository a test could write by mistake, with their versions."""
    files = [root / "build.py", *(p for name in ("brief", "content", "templates", "styles",
                                                   "tests") for p in (root / name).rglob("*"))]
    return {str(p.relative_to(root)): (p.stat().st_mtime_ns, p.stat().st_size)
            for p in files if p.is_file() and p.suffix not in (".pyc", ".meta", ".spans")}


@pytest.fixture(scope="session", autouse=True)
def caches_of_its_own_under_mutation():  # type: ignore[no-untyped-def]
    """While mutmut runs the tests of one mutant, what the builder remembers (a chart
    specification found to fit, a chart drawn, citations formatted) goes into a temporary
    folder of that run's own, which starts as a copy of the user's (linked: the cache
    replaces a file, never writes into one): a mutant's wrong answer, remembered in the
    user's, was read back by the next mutants' runs and by later runs of the real builder.
    (mutmut's own runs of the unchanged code keep to the user's, warm.)"""
    if "__mutmut_" not in os.environ.get("MUTANT_UNDER_TEST", ""):
        yield
        return
    from brief.cache import private_folder
    folder, warm = tempfile.mkdtemp(prefix="brief-mutant-"), private_folder()
    if warm is not None:
        shutil.copytree(warm, Path(folder) / warm.name, copy_function=os.link,
                        ignore=shutil.ignore_patterns("run-*", "*.tmp"))
    before = tempfile.tempdir, os.environ.get("TMPDIR")
    tempfile.tempdir = os.environ["TMPDIR"] = folder
    try:
        yield
    finally:
        tempfile.tempdir = before[0]
        if before[1] is None:
            del os.environ["TMPDIR"]
        else:
            os.environ["TMPDIR"] = before[1]
        shutil.rmtree(folder, ignore_errors=True)


HANG_UNDER_MUTATION = 120  # seconds a test may run while mutmut runs it (the slowest: 10)


def hangs_end_the_run() -> Iterator[None]:
    """Under mutation, a test still running after HANG_UNDER_MUTATION seconds ends the run
    with exit status 1 (faulthandler's), so the mutant counts as killed: a mutant that loops
    for ever otherwise held its run until mutmut's limit of CPU time, 30 times that of every
    test reaching its function (50 minutes for the Markdown parser's)."""
    if "__mutmut_" not in os.environ.get("MUTANT_UNDER_TEST", ""):
        yield
        return
    faulthandler.dump_traceback_later(HANG_UNDER_MUTATION, exit=True)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()


a_hang_ends_the_run = pytest.fixture(autouse=True)(hangs_end_the_run)


@pytest.fixture(scope="session", autouse=True)
def builder_state_without_mutmut_s_records():  # type: ignore[no-untyped-def]
    """Under mutation, the builder's state (``uptodate.builder``: a digest of every file of
    its package) leaves out the results mutmut writes beside the mutated source
    (``x.py.meta``) as each mutant is done: one written between a test's two builds made
    the second build again instead of skipping, and killed equivalent mutants at random."""
    if "__mutmut_" not in os.environ.get("MUTANT_UNDER_TEST", ""):
        yield
        return
    from brief.run import uptodate
    listed = uptodate._builder_files
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(uptodate, "_builder_files", lambda folder: [
            p for p in listed(folder) if not p.endswith(".meta")])
        yield


@pytest.fixture(scope="session", autouse=True)
def repository_untouched(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """No test writes into the repository (golden updates excepted)."""
    before = _tree(ROOT)
    yield
    if not request.config.getoption("--update-golden"):
        after = _tree(ROOT)
        changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        assert not changed, f"tests changed files of the repository: {changed}"


@pytest.fixture(autouse=True)
def isolated():  # type: ignore[no-untyped-def]
    """No test leaks environment variables or a working directory into the next."""
    def environ() -> dict[str, str]:
        return {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}

    environment, folder = environ(), os.getcwd()
    yield
    assert environ() == environment, "the test changed the environment: " + ", ".join(
        sorted(k for k in environment.keys() | os.environ.keys()
               if environment.get(k) != environ().get(k)))
    assert os.getcwd() == folder, "the test changed the working directory"


@pytest.fixture
def golden(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Compare text with tests/golden/NAME, or rewrite it with --update-golden."""
    def check(name: str, text: str) -> None:
        path = ROOT / "tests/golden" / name
        if request.config.getoption("--update-golden"):
            path.write_text(text, "utf-8")
        assert path.read_text("utf-8") == text
    return check


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A fresh copy of the small fixture project, free to break."""
    return fixture_copy(tmp_path, "mini")


@pytest.fixture
def cited(tmp_path: Path) -> Path:
    """A fresh copy of the citation fixture: one source of each kind, cited twice."""
    return fixture_copy(tmp_path, "cite")


@pytest.fixture
def real(tmp_path: Path) -> Path:
    """A fresh copy of the real brief's content, for a test that must build it itself."""
    shutil.copytree(ROOT / "content", tmp_path / "real" / "content")
    return tmp_path / "real"


@pytest.fixture(scope="session")
def data_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture brief with datasets, tables, charts and figures (tests/fixtures/data),
    built once: its output/brief.pdf and .html."""
    from helpers import run_build

    from brief.pdf.typeset import Typesetter
    root = fixture_copy(tmp_path_factory.mktemp("data"), "data")
    lay_out = Typesetter.lay_out

    def keep(self, html):  # type: ignore[no-untyped-def]
        _LAID_OUT["data"] = (laid_out := lay_out(self, html))
        return laid_out

    Typesetter.lay_out = keep  # type: ignore[method-assign]
    try:
        status, _, err = run_build(root)
    finally:
        Typesetter.lay_out = lay_out  # type: ignore[method-assign]
    assert (status, err) == (0, ""), err
    return root


_LAID_OUT: dict = {}


@pytest.fixture(scope="session")
def data_laid_out(data_built: Path):  # type: ignore[no-untyped-def]
    """The WeasyPrint document of that build, laid out: its boxes and their styles."""
    return _LAID_OUT["data"]
