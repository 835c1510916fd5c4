"""The build's parts that choose how it runs (brief/building.py), in this process: what the
reading process hands the building one, several editions' results as one, which edition
another is made from, and a watch's first reading."""
from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest
from helpers import append

from brief import building
from brief.handed import Edition, Prepared
from brief.options import Options, Result
from brief.read.inputs import CHANGED


def test_the_building_process_is_handed_each_edition_s_html_parsed(mini: Path) -> None:
    options = Options(root=mini, editions="screen,draft")
    made = building.for_the_builder(options, options.chosen(), "0")  # type: ignore[arg-type]
    assert isinstance(made, Prepared)
    assert all(r is not None and r.tree is not None for r in made.first)
    assert [r.html for r in made.first if r] and made.diagnostics == []
    assert made.dated.timestamp() == 0  # (SOURCE_DATE_EPOCH's moment, as given)
    append(mini / "content/01-first.md", "\nSee [@nobody-1999].\n")
    made = building.for_the_builder(options, options.chosen(), "0")  # type: ignore[arg-type]
    assert isinstance(made, Prepared) and made.first[0] is None  # (only the draft has errors)
    assert made.first[1] is not None and made.first[1].tree is not None
    alone = Options(root=mini)
    assert building.for_the_builder(alone, [alone], "0") == 1


def test_unknown_editions_or_a_wrong_date_are_said_before_anything_is_read(
        mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Status 2, as for a wrong option; a listing of the queries is handed the date."""
    from brief import pipeline
    said: list[str] = []
    assert building.build(Options(root=mini, editions="screen,glossy"), said.append) == \
        Result(2)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "9" * 50)
    assert building.build(Options(root=mini), said.append) == Result(2)
    assert said == [
        "--editions takes names such as screen, print, letter, letter-print, draft, "
        "archival, separated by commas; not 'screen,glossy'",
        f"SOURCE_DATE_EPOCH must be whole seconds since 1970, up to {pipeline.LAST_SECOND} "
        f"(the last of the year 9999), not '{'9' * 40}'; unset it to date the PDF by the "
        "brief's date"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    append(mini / "content/01-first.md", "\nSee [@nobody-1999].\n")  # (said, and status 1)
    assert building.build(Options(root=mini), said.append) == Result(1)
    given: list = []
    monkeypatch.setattr(pipeline, "prepare", lambda options, chosen, epoch: given.append(
        epoch) or 0)
    assert building.build(Options(root=mini, queries=True), said.append) == Result(0)
    assert given == ["86400"]


def test_a_cold_build_reads_the_brief_in_a_second_process_given_the_deadline(
        mini: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    """Only when that is worth it (``processes.worth_it``, stood in for: this process has
    the typesetter loaded); the other process's stages are counted beside the loading of
    the typesetter, and the PDF is the one a build in one process makes."""
    from brief import pipeline
    from brief.run import processes
    from brief.timings import STAGES
    made: list[float | None] = []
    real, edition = processes.Worker, pipeline.build_edition
    monkeypatch.setattr(pipeline, "build_edition", lambda options, prepared, *more: made.append(
        prepared.dated.timestamp()) or edition(options, prepared, *more))
    jobs: list[str] = []

    class Recorded(real):  # type: ignore[misc, valid-type]
        def __init__(self, deadline: float | None) -> None:
            made.append(deadline)
            super().__init__(deadline)

        def submit(self, job, /, *args, **kwargs):  # type: ignore[no-untyped-def]
            jobs.append(job.__name__)
            return super().submit(job, *args, **kwargs)
    monkeypatch.setattr(processes, "Worker", Recorded)
    deadline, seen = time.monotonic() + 60, []
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")  # (read where the brief is read)
    for worth in (True, False):
        monkeypatch.setattr(processes, "worth_it", lambda: worth)
        STAGES.begin()
        assert building.build(Options(root=mini), print, deadline).status == 0
        seen.append((STAGES.beside_from, sorted(STAGES.beside),
                     (mini / "output/brief.pdf").read_bytes(),
                     {"loading what the read brief is made of",
                      "waiting for the brief to be read"} <= set(STAGES.spent)))
    assert made == [deadline, 86400, 86400]  # (its deadline, then each build's moment)
    assert jobs == ["for_the_builder", "_load_finishing", "finished"]  # (it finishes the PDF)
    assert seen[0][:2] == ("loading the typesetter", [
        "loading its libraries", "parsing the HTML for the typesetter", "parsing the sections",
        "reading the inputs", "rendering the HTML",
        "resolving references and formatting citations"])
    assert seen[1][:2] == ("", []) and seen[0][2] == seen[1][2]
    assert [s[3] for s in seen] == [True, False]  # (its own stages, said in --timings)
    assert capsys.readouterr().out.count("wrote output/brief.pdf") == 2


def test_with_several_editions_the_worker_stops_before_their_processes_fork(
        mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """(Their processes stood in for.) They are handed the editions asked for, the brief
    read by the worker and the deadline."""
    from brief.handed import Prepared
    from brief.run import processes
    events: list = []

    class Recorded(processes.Worker):
        def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
            events.append("worker stopped")
            super().shutdown(wait, cancel_futures=cancel_futures)
    monkeypatch.setattr(processes, "Worker", Recorded)
    monkeypatch.setattr(processes, "worth_it", lambda: True)
    monkeypatch.setattr(building, "in_parallel", lambda chosen, prepared, deadline: events.append(
        ([o.print_ for o in chosen], isinstance(prepared, Prepared), deadline)) or Result(0))
    deadline = time.monotonic() + 60
    assert building.build(Options(root=mini, editions="screen,print"), print, deadline) == \
        Result(0)
    assert events == ["worker stopped", ([False, True], True, deadline)]


def test_editions_side_by_side_are_each_given_its_own_part_and_the_time_limit(
        mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each edition's process is handed its edition, the editions made from its layout
    (here the web edition, from the screen edition's), its own first HTML and their
    numbers; a derived edition has no process of its own."""
    from brief.run import processes
    options = Options(root=mini, editions="screen,draft,web")
    chosen = options.chosen()
    made = building.for_the_builder(options, chosen, "0")  # type: ignore[arg-type]
    assert isinstance(made, Prepared)
    given: list = []
    monkeypatch.setattr(processes, "in_order", lambda jobs, deadline: given.append(
        (jobs, deadline)) or [Result(0)] * len(jobs))
    assert building.in_parallel(chosen, made, 42.0) == Result(0)  # type: ignore[arg-type]
    [(jobs, deadline)] = given
    assert deadline == 42.0
    assert [(o, [e.stem for e in p.editions], p.first, numbers)
            for _, (o, p, numbers) in jobs] == [
        (chosen[0], ["brief", "web"], [made.first[0]], (1,)),
        (chosen[1], ["brief-draft"], [made.first[1]], ())]


def test_several_editions_results_are_one_the_worst_status_and_what_was_read() -> None:
    one = Result(0, (Path("a.pdf"),), {"x.md": "1", "y.md": "2"})
    two = Result(1, (Path("b.pdf"), Path("b.html")), {"x.md": "1", "y.md": "3", "z.md": None})
    assert building.together([one, two]) == Result(
        1, (Path("a.pdf"), Path("b.pdf"), Path("b.html")),
        {"x.md": "1", "y.md": CHANGED, "z.md": None})
    assert building.together([one]) == one


def test_a_web_edition_or_a_proof_is_made_from_its_colour_edition_on_its_paper() -> None:
    editions = [Edition("a4"), Edition("a4", web=True), Edition("letter", grayscale=True),
                Edition("letter"), Edition("a4", grayscale=True, draft=True),
                Edition("a4", print=True, grayscale=True)]
    assert [building._base(editions, n) for n in range(len(editions))] == [
        None, 0, 3, None, None, None]


def test_a_watch_reads_the_brief_once_before_the_first_edit_unless_an_edition_is_wrong(
        mini: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    from brief import pipeline
    asked: list[tuple] = []
    real = pipeline.prepare
    monkeypatch.setattr(pipeline, "prepare",
                        lambda *given: asked.append(given) or real(*given))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    building.warm_for_rebuilds(Options(root=mini, editions="screen,nowhere"))
    assert asked == []
    building.warm_for_rebuilds(Options(root=mini))
    assert [(o.root, len(c), epoch) for o, c, epoch in asked] == [(mini, 1, "86400")]
    append(mini / "content/01-first.md", "\nSee [@nobody-1999].\n")
    building.warm_for_rebuilds(Options(root=mini))  # (its failure unsaid: the rebuild says it)
    assert capsys.readouterr() == ("", "")


def test_a_pdf_variant_must_be_known_and_able_to_carry_the_archival_edition_s_files() -> None:
    known = ("pdf/a-1b", "pdf/a-3a", "pdf/a-3b", "pdf/a-4f", "pdf/ua-1")
    assert building._variant_problem(Options(pdf_variant="pdf/x"), known) == (
        "unknown PDF variant 'pdf/x'; choose one of: pdf/a-1b, pdf/a-3a, pdf/a-3b, pdf/a-4f, "
        "pdf/ua-1")
    assert [building._variant_problem(Options(archival=True, pdf_variant=v), known)
            for v in (None, "pdf/a-3b", "pdf/a-4f")] == [None, None, None]
    assert building._variant_problem(Options(archival=True, pdf_variant="pdf/a-1b"), known) \
        == ("--archival attaches files, which pdf/a-1b cannot carry; use pdf/a-3a, pdf/a-3b, "
            "pdf/a-3u or pdf/a-4f")
    assert building._variant_problem(Options(pdf_variant="pdf/a-1b"), known) is None


def test_a_wrong_variant_is_found_while_loading_the_typesetter(
        mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The stage is named, for --timings and for the message of a build stopped there."""
    from brief.diagnostics import working_on
    from brief.run import processes
    from brief.timings import STAGES
    monkeypatch.setattr(processes, "worth_it", lambda: False)
    said: list[str] = []
    STAGES.begin()
    assert building.build(Options(root=mini, pdf_variant="pdf/x"), said.append).status == 2
    assert said[0].startswith("unknown PDF variant 'pdf/x'")
    assert STAGES.label == working_on.get() == "loading the typesetter"


def test_a_skipped_build_says_the_last_build_s_words_its_results_made_up_to_date() -> None:
    said = "b/content/a.md:3: warning: w [x]\nwrote output/brief.pdf (2 pages)\nwrote x\n"
    assert building._up_to_date(said) == (
        "b/content/a.md:3: warning: w [x]\n"
        "nothing changed since the last build: output/brief.pdf (2 pages) are up to date\n"
        "nothing changed since the last build: x are up to date\n")


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache on, in a folder of the test's own."""
    import brief.cache
    monkeypatch.setattr(brief.cache, "private_folder", lambda: tmp_path / "cache")
    monkeypatch.setattr(brief.cache, "_on", lambda: True)
    (tmp_path / "cache").mkdir()


def _as_built(mini: Path) -> tuple[Path, dict[str, str]]:
    """A PDF in the brief's output, and the record of a build that read its brief.yaml."""
    (mini / "output").mkdir(exist_ok=True)
    pdf = (mini / "output/brief.pdf").resolve()
    pdf.write_bytes(b"%PDF")
    yaml = (mini / "content/brief.yaml").resolve()
    return pdf, {f"file:{yaml}": hashlib.sha256(yaml.read_bytes()).hexdigest()}


@pytest.mark.usefixtures("own_cache")
def test_a_build_is_skipped_until_the_builder_itself_changes(
        mini: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    """(The build stood in for: it reads brief.yaml and writes the PDF.)"""
    from brief.read.inputs import Reader
    from brief.run import uptodate
    built: list[int] = []

    def build(options: Options, say: object, deadline: object) -> Result:
        files = Reader(mini)
        files.text("content/brief.yaml")
        (mini / "output").mkdir(exist_ok=True)
        (mini / "output/brief.pdf").write_bytes(b"%PDF")
        print("wrote output/brief.pdf")
        built.append(1)
        return Result(0, (mini / "output/brief.pdf",), dict(files.record))
    monkeypatch.setattr(building, "build", build)
    state = iter(["builder-1", "builder-1", "builder-2"])
    monkeypatch.setattr(uptodate, "builder", lambda shaping: next(state))
    for _ in range(3):
        assert building.build_unless_unchanged(Options(root=mini), print).status == 0
    assert len(built) == 2
    assert capsys.readouterr().out.splitlines()[1] == \
        "nothing changed since the last build: output/brief.pdf are up to date"


@pytest.mark.usefixtures("own_cache")
def test_a_build_is_handed_its_say_and_deadline_and_only_a_success_is_remembered(
        mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """(The build stood in for.) The builder's state is taken for these options; a build
    that failed, though it wrote something, is not skipped next time; one skipped gives
    what the last one read."""
    from brief.run import uptodate
    pdf, read = _as_built(mini)
    given, states, statuses = [], [], iter([1, 0, 0])
    monkeypatch.setattr(building, "build", lambda options, say, deadline: given.append(
        (options.queries, say, deadline)) or Result(next(statuses), (pdf,), read))
    monkeypatch.setattr(uptodate, "builder", lambda shaping: states.append(shaping) or "b")
    options = Options(root=mini)
    results = [building.build_unless_unchanged(options, print, 9.0) for _ in range(3)]
    assert [r.status for r in results] == [1, 0, 0] and results[2].read == read
    assert building.build_unless_unchanged(Options(root=mini, queries=True), len, 8.0) \
        .status == 0
    assert given == [(False, print, 9.0), (False, print, 9.0), (True, len, 8.0)]
    assert states == [options.shaping()] * 3


@pytest.mark.usefixtures("own_cache")
def test_a_record_of_the_last_build_that_read_nothing_or_is_malformed_is_no_record(
        mini: Path) -> None:
    """A build is skipped only on a record of what it read and wrote, in its shape: one
    whose inputs are none, or not a mapping of file to hash, or that wrote nothing, is no
    record (the brief is built); nor is one whose output has changed since."""
    import brief.cache
    from brief.run import uptodate
    pdf, as_read = _as_built(mini)
    name, sha = uptodate._record_name(mini, ["x"]), uptodate._sha(pdf)
    for read, outputs, found in ((as_read, {str(pdf): sha}, True),
                                 ({}, {str(pdf): sha}, False),
                                 (list(as_read), {str(pdf): sha}, False),
                                 (as_read, {}, False),  # (none written: none to trust)
                                 (as_read, {str(pdf): "0" * 64}, False)):  # (changed since)
        record = {"builder": "b", "read": read, "outputs": outputs}
        brief.cache.write("built", name, record)
        assert (uptodate.unchanged(mini, ["x"], "b") == record) is found, read


def test_the_builder_s_state_covers_its_code_templates_styles_and_the_fixed_date(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from brief.run import uptodate
    for folder in ("brief", "templates", "styles"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.txt").write_text("1")
    monkeypatch.setattr(uptodate, "PACKAGE", tmp_path / "brief")
    monkeypatch.setattr(uptodate, "TOOL_ROOT", tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    seen = [uptodate.builder(["x"])]
    for folder in ("brief", "templates", "styles"):
        (tmp_path / folder / "a.txt").write_text(folder)
        seen.append(uptodate.builder(["x"]))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    seen += [uptodate.builder(["x"]), uptodate.builder(["y"])]
    assert len(set(seen)) == 6 and uptodate.builder(["y"]) == seen[-1]


def test_the_installed_packages_are_named_in_the_builder_s_state(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """By their distributions' folders on the path, one a line after Python's version."""
    import sys

    from brief.run import uptodate
    for name in ("b-2.dist-info", "a-1.dist-info", "c-3.egg-info", "d.txt"):
        (tmp_path / name).mkdir()
    monkeypatch.setattr(sys, "path", ["", str(tmp_path), str(tmp_path / "none")])
    assert uptodate._versions() == f"{sys.version}\na-1.dist-info\nb-2.dist-info"


def test_a_builder_file_is_hashed_again_only_when_its_signature_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A no-op build reads none of the builder's files that this process read already: what
    it knows of one whose modification time, change time, size and inode are as they were
    stands (shown with a digest the file does not have); a file rewritten is read again,
    and one changed within the last two seconds at each build (its change and the next may
    fall in one tick of the clock)."""
    from brief.run import uptodate
    from brief.session import Session
    session = Session()
    monkeypatch.setattr(uptodate, "SESSION", session)
    for folder in ("brief", "templates", "styles", "brief/__pycache__"):
        (tmp_path / folder).mkdir()
    (tmp_path / "brief/a.py").write_text("1")
    (tmp_path / "brief/a.pyc").write_text("compiled")
    (tmp_path / "brief/__pycache__/b.txt").write_text("cached")
    monkeypatch.setattr(uptodate, "PACKAGE", tmp_path / "brief")
    monkeypatch.setattr(uptodate, "TOOL_ROOT", tmp_path)
    first = uptodate.builder([])
    assert session.builder_files == {}  # (just written)
    now = time.time_ns()
    monkeypatch.setattr(time, "time_ns", lambda: now + 2_000_000_001)
    assert uptodate.builder([]) == first
    path = str(tmp_path / "brief/a.py")
    assert list(session.builder_files) == [path]
    signature, _ = session.builder_files[path]
    session.builder_files[path] = (signature, b"not its digest")
    assert uptodate.builder([]) != first
    (tmp_path / "brief/a.py").write_text("2")
    assert uptodate.builder([]) != first
    (tmp_path / "brief/a.py").write_text("1")
    assert uptodate.builder([]) == first
    monkeypatch.setattr(time, "time_ns", lambda: now + 1_999_999_999)
    session.builder_files.clear()
    uptodate.builder([])
    assert session.builder_files == {}
