"""scripts/mutation.py's report of a run: the score, the survivors without a reason, and the
names kept for mutants a test has come to kill (the run itself: docs/testing.md)."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from helpers import ROOT

pytestmark = pytest.mark.source  # (scripts/, which mutation runs do not copy)


@pytest.fixture
def mutation():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("mutation", ROOT / "scripts/mutation.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_report_names_the_unexplained_survivors_and_the_stale_names(
        mutation, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setattr(mutation, "outcomes", lambda: {"brief.a": {
        "brief.a.x_f__mutmut_1": 1, "brief.a.x_f__mutmut_2": 0, "brief.a.x_f__mutmut_3": 0,
        "brief.a.x_f__mutmut_4": -24, "brief.a.x_f__mutmut_5": 33,
        "brief.a.x_f__mutmut_6": None}})
    monkeypatch.setattr(mutation, "reasons", lambda: {
        "brief.a.x_f__mutmut_2": "same", "brief.a.x_f__mutmut_1": "killed since",
        "brief.a.x_gone__mutmut_1": "its function went"})
    assert mutation.report(None) == 1  # (2 of 6 killed: under the target)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{'brief.a':34}     2 of     6 killed (33.3%); 2 survived, 1 reached by " \
        "no test, 1 not checked"
    assert out[1] == ("mutation score: 2 of 6 mutants killed (33.3%; target 90%); 1 reached by "
                      "no test; 1 survivors explained in tests/equivalent-mutants.txt, 1 not")
    assert out[2:] == ["  no reason: brief.a.x_f__mutmut_3",
                       "  named but killed (or no longer made): brief.a.x_f__mutmut_1",
                       "  named but killed (or no longer made): brief.a.x_gone__mutmut_1"]
    assert mutation.report({"brief.a.x_f__mutmut_2", "brief.a.x_f__mutmut_4"}) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith("mutation score: 1 of 2 mutants killed (50.0%; 95 % interval")
    monkeypatch.setattr(mutation, "reasons", lambda: {})
    assert mutation.report({"brief.a.x_f__mutmut_1", "brief.a.x_f__mutmut_4"}) == 0


def test_the_survivors_are_run_again_by_name_then_reported(
        mutation, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture,
        tmp_path: Path) -> None:
    monkeypatch.setattr(mutation, "outcomes", lambda: {"brief.a": {
        "brief.a.x_f__mutmut_1": 1, "brief.a.x_f__mutmut_2": 0, "brief.a.x_f__mutmut_3": 33,
        "brief.a.x_f__mutmut_4": None, "brief.a.x_f__mutmut_5": -24}})
    monkeypatch.setattr(mutation, "reasons", lambda: {"brief.a.x_f__mutmut_2": "same",
                                                      "brief.a.x_f__mutmut_1": "same too"})
    ran: list = []
    stats = tmp_path / "mutmut-stats.json"
    monkeypatch.setattr(mutation, "STATS", stats)
    stats.write_text("{}")
    monkeypatch.setattr(mutation, "mutmut", lambda names, children: ran.append(
        (names, children, stats.exists())) or 0)
    assert mutation.main(["--survivors", "--max-children", "3"]) == 1
    assert ran == [(["brief.a.x_f__mutmut_1", "brief.a.x_f__mutmut_2", "brief.a.x_f__mutmut_3",
                     "brief.a.x_f__mutmut_5"], 3, False)]  # (a time-out again, a named kill;
    # with the record of which tests reach each function made anew)
    assert "mutation score: 2 of 5 mutants killed" in capsys.readouterr().out
    monkeypatch.setattr(mutation, "mutmut", lambda names, children: 2)
    assert mutation.main(["--survivors"]) == 2


def test_the_kills_a_flaky_test_may_have_made_are_run_again(
        mutation, monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    """``--again TESTS``: every killed mutant of a function such a test reaches."""
    monkeypatch.setattr(mutation, "STATS", tmp_path / "mutmut-stats.json")
    (tmp_path / "mutmut-stats.json").write_text(json.dumps({
        "tests_by_mangled_function_name": {
            "brief.a.x_f": ["tests/test_a.py::test_one", "tests/test_skip.py::test_two"],
            "brief.a.x_g": ["tests/test_a.py::test_one"]}}))
    monkeypatch.setattr(mutation, "outcomes", lambda: {"brief.a": {
        "brief.a.x_f__mutmut_1": 1, "brief.a.x_f__mutmut_2": 0, "brief.a.x_g__mutmut_1": 1,
        "brief.a.x_g__mutmut_2": 1}})
    monkeypatch.setattr(mutation, "reasons", lambda: {"brief.a.x_g__mutmut_2": "same"})
    assert mutation.to_run_again(None) == ["brief.a.x_f__mutmut_2", "brief.a.x_g__mutmut_2"]
    assert mutation.to_run_again(r"test_skip\.py") == [
        "brief.a.x_f__mutmut_1", "brief.a.x_f__mutmut_2", "brief.a.x_g__mutmut_2"]


def test_the_results_are_kept_in_the_repository_and_read_back_into_a_new_clone(
        mutation, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """What a run stopped at the end of a sitting found goes into the record (one entry a
    line, the durations to the hundredth, mutmut's estimates left out); a new clone's run
    begins with it, in the form mutmut reads (each of the five keys its loader takes, no
    other); a module's results already there are kept."""
    monkeypatch.setattr(mutation, "ROOT", tmp_path)
    monkeypatch.setattr(mutation, "RECORD", tmp_path / "record")
    meta = tmp_path / "mutants/brief/a/b.py.meta"
    meta.parent.mkdir(parents=True)
    found = {"exit_code_by_key": {"brief.a.b.x_f__mutmut_1": 1, "brief.a.b.x_f__mutmut_2": None},
             "hash_by_function_name": {"x_f": "1f2e"}, "type_check_error_by_key": {},
             "durations_by_key": {"brief.a.b.x_f__mutmut_1": 0.123456},
             "estimated_durations_by_key": {"brief.a.b.x_f__mutmut_2": 4.5}}
    meta.write_text(json.dumps(found, indent=4))
    assert mutation.main(["--record"]) == 0
    kept = tmp_path / "record/brief/a/b.py.meta"
    assert json.loads(kept.read_text()) == {**found, "estimated_durations_by_key": {},
                                            "durations_by_key": {"brief.a.b.x_f__mutmut_1": 0.12}}
    assert '\n"brief.a.b.x_f__mutmut_1": 1,\n' in kept.read_text()
    other, theirs = tmp_path / "mutants/brief/c.py.meta", tmp_path / "record/brief/c.py.meta"
    other.write_text(json.dumps({**found, "exit_code_by_key": {"brief.c.y__mutmut_1": 0}}))
    theirs.write_text(json.dumps({**found, "exit_code_by_key": {"brief.c.y__mutmut_1": 1}}))
    import shutil
    shutil.rmtree(tmp_path / "mutants/brief/a")
    ran: list = []
    monkeypatch.setattr(mutation.subprocess, "run", lambda command, **kw: ran.append(
        (command[-1], meta.exists())) or subprocess_done())
    assert mutation.mutmut(["brief.a.b.x_f__mutmut_2"], 1) == 0
    assert ran == [("brief.a.b.x_f__mutmut_2", True)]
    assert json.loads(theirs.read_text())["exit_code_by_key"] == {"brief.c.y__mutmut_1": 0}
    read = json.loads(meta.read_text())  # (mutmut 3.8's SourceFileMutationData.load)
    assert sorted(read) == sorted(found) and read["exit_code_by_key"] == \
        found["exit_code_by_key"] and read["hash_by_function_name"] == {"x_f": "1f2e"}


def subprocess_done():  # type: ignore[no-untyped-def]
    import subprocess
    return subprocess.CompletedProcess([], 0)
