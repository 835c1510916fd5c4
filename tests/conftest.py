"""Fixtures: fresh copies of the small briefs, and the real brief built once per run.

The real brief's editions, and the rebuilds that prove them byte-identical, are built in
fresh processes in the background from the end of collection on (``background.py``); the
tests that read them run last, so that those builds overlap the quick tests, which run on
every core (pytest-xdist's workers). Each edition's result is its own: a failed edition
fails the tests that read it, with its messages, and no other.
"""
from __future__ import annotations

import gc
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Callable

import pytest
from background import Background, Elsewhere
from hangs import hangs_end_the_run
from helpers import ENVIRONMENT, REPRODUCIBLE, ROOT, Built, fixture_copy

import brief.pdf.typeset  # noqa: F401  (sets FONTCONFIG_FILE once, before any test looks)

# A test process holds every test module, the typesetter and the fixtures' builds: Python's
# collector, at its default pace (every 700 new objects), went over that heap some 4,000
# times a run in each worker, 22 of them whole (4.7 s of each worker's 36 s of processor
# time, measured in 2026-12). A pace fourteen times slower collects the same garbage in
# some 240 passes, 3 of them whole (2.0 s). (The builder's own processes keep the default.)
gc.set_threshold(10_000, 20, 10)

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

SHARED = {"editions", "rebuilds", "readers", "benchmark", "installed", "several", "ahead",
          "site", "packed"}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the golden files under tests/golden from this run")


BACKGROUND = pytest.StashKey[Background | Elsewhere]()
SHARED_FOLDER = pytest.StashKey[Path]()


def pytest_configure(config: pytest.Config) -> None:
    """pytest's first process makes the run's shared folder (the background builds' and
    their outcomes), handed to each xdist worker, and removes it at the end."""
    if not hasattr(config, "workerinput"):
        config.stash[SHARED_FOLDER] = Path(tempfile.mkdtemp(prefix="brief-tests-"))


def pytest_configure_node(node) -> None:  # type: ignore[no-untyped-def]  (xdist's hook)
    node.workerinput["shared_folder"] = str(node.config.stash[SHARED_FOLDER])


def _shared_folder(config: pytest.Config) -> tuple[Path, int, bool]:
    """The run's shared folder, how many processes run tests, and whether this one runs
    the background builds (the only one, or xdist's first worker)."""
    given = getattr(config, "workerinput", None)
    if given is None:
        return config.stash[SHARED_FOLDER], 1, True
    return Path(given["shared_folder"]), given["workercount"], given["workerid"] == "gw0"


def pytest_itemcollected(item: pytest.Item) -> None:
    """A test that reads a shared whole build is a build test too (left out of mutation
    runs, where each mutant of a function it reaches would rebuild the real brief)."""
    if SHARED & set(getattr(item, "fixturenames", ())):
        item.add_marker(pytest.mark.build)


def fastest_first(items: list[pytest.Item], stats: Path) -> None:
    """The tests of one mutant, quickest first by mutmut's record of each test's time:
    mutmut names them in no order (a set's), and most mutants are killed by one of many
    quick tests, found sooner so (a test not in the record goes last)."""
    took = json.loads(stats.read_text())["duration_by_test"] if stats.is_file() else {}
    items.sort(key=lambda item: took.get(item.nodeid, float("inf")))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that read the shared builds go last; start the builds they need. (A test's
    own run of other processes, ``ahead``, runs in the background only when the quick tests
    run on one core: with xdist's workers on every core, it runs in its test.)"""
    base, workers, host = _shared_folder(config)
    if "__mutmut_" in os.environ.get("MUTANT_UNDER_TEST", ""):
        fastest_first(items, ROOT / "mutmut-stats.json")
    uses = {id(item): SHARED & set(getattr(item, "fixturenames", ())) for item in items}
    order = {"several": 1, "editions": 2, "readers": 3, "rebuilds": 4, "benchmark": 5,
             "installed": 5, "ahead": 5 if workers == 1 else 0, "site": 3, "packed": 5}
    items.sort(key=lambda item: max((order[u] for u in uses[id(item)]), default=0))
    needed = set().union(*uses.values()) if uses else set()
    ahead = {item.nodeid: mark.args[0] for item in items
             if (mark := item.get_closest_marker("ahead")) is not None and workers == 1}
    if not host:
        config.stash[BACKGROUND] = Elsewhere(base)
        return
    background = config.stash[BACKGROUND] = Background(base, workers)
    background.start(needed, ahead)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """The worker that runs the background jobs finishes them for the others (unless the
    run was stopped), or stops them."""
    if BACKGROUND in session.config.stash:
        _, workers, _ = _shared_folder(session.config)
        session.config.stash[BACKGROUND].close(
            wait=workers > 1 and not (session.shouldstop or session.shouldfail))


@pytest.hookimpl(tryfirst=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """The first process removes the shared folder. An xdist worker, its results sent
    (its session finished), ends at once, as ``brief.cli.command`` does: its last steps
    were five whole collections of its heap (pytest's search for exceptions raised in
    ``__del__``) and the interpreter freeing that heap object by object: the first
    process waited 2.5 s for them at the end of a run, both cores idle. (xdist takes a
    worker's end after its results as its end: it is "down" from its last message on.)"""
    if SHARED_FOLDER in config.stash:
        shutil.rmtree(config.stash[SHARED_FOLDER], ignore_errors=True)
    if hasattr(config, "workerinput"):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


@pytest.fixture(scope="session")
def editions(request: pytest.FixtureRequest) -> Built:
    """Every edition of the real brief, built strict with --check in fresh processes."""
    background = request.config.stash[BACKGROUND]
    background.result("editions-1"), background.result("editions-2")
    return background.editions()


@pytest.fixture
def ahead(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> object:
    """What the test's ``@pytest.mark.ahead(job)`` returned: ``job(folder)``, a test's run
    of another process (a build under a file-size limit, say), started in the background
    with the shared builds and given a fresh folder; the test checks it, among the last."""
    background = request.config.stash[BACKGROUND]
    if request.node.nodeid in getattr(background, "jobs", {}):
        return background.result(request.node.nodeid)
    job = request.node.get_closest_marker("ahead").args[0]
    return job(tmp_path_factory.mktemp("ahead") / "job")  # (a folder not yet made)


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
