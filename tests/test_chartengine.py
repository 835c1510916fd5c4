"""The chart engine's process (brief/html/chartengine.py) stood in for by small Python
processes: why it stopped, said in words; a reply too slow; a reply in pieces."""
from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

from brief.html.chartengine import ChartEngine, EngineStopped


def engine_running(code: str) -> ChartEngine:
    engine = ChartEngine()
    engine.process = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return engine


@pytest.mark.parametrize("code, said", [
    ("import sys; sys.stderr.write('fatal: Out of memory\\n'); sys.exit(1)",
     "it ran out of memory; draw fewer rows or a smaller chart"),
    ("import sys; sys.stderr.write('Reached heap limit\\n'); sys.exit(1)",
     "it ran out of memory; draw fewer rows or a smaller chart"),
    ("import sys; sys.stderr.write('note\\n  thread main panicked at x.rs:1  \\nmore\\n');"
     "sys.exit(101)", "it failed on this chart (thread main panicked at x.rs:1); simplify "
     "the chart, its expressions and the texts it makes, until it draws"),
    ("import os, signal; os.kill(os.getpid(), signal.SIGKILL)",
     "it was ended by signal SIGKILL"),
    ("import sys; sys.stderr.write('bye\\n'); sys.exit(3)", "it ended with exit status 3"),
    ("pass", "it ended with exit status 0"),
    ("import sys; sys.stderr.buffer.write(b'\\xff thread main panicked at y.rs:2'); "
     "sys.exit(101)", "it failed on this chart (\ufffd thread main panicked at y.rs:2); "
     "simplify the chart, its expressions and the texts it makes, until it draws"),
    ("import sys; sys.stderr.write('panicked ' + 'x' * 300); sys.exit(101)",
     f"it failed on this chart (panicked {'x' * 191}); simplify the chart, its expressions "
     "and the texts it makes, until it draws")])
def test_why_the_engine_stopped_is_said_in_words(code: str, said: str) -> None:
    engine = engine_running(code)
    stopped = engine._stopped()
    assert isinstance(stopped, EngineStopped) and str(stopped) == said
    assert engine.process is None


def test_an_engine_that_ends_before_it_answers_or_takes_too_long_is_stopped() -> None:
    engine = engine_running("import sys; sys.stdin.readline(); sys.exit(4)")
    with pytest.raises(EngineStopped, match="^it ended with exit status 4$"):
        engine.svg({}, {}, [])
    assert engine.process is None
    engine = engine_running("import time; time.sleep(30)")
    process = engine.process
    with pytest.raises(EngineStopped, match=r"^it took longer than 0 s; make the chart "
                                            "smaller or simpler$"):
        engine._reply(0.2)
    assert engine.process is None and process is not None and process.returncode is not None


def test_a_reply_in_pieces_is_read_whole_and_an_error_is_vega_lite_s_words() -> None:
    engine = engine_running(
        "import sys, time\nfor reply in ('{\"svg\": \"<svg/>\"}\\n', '{\"error\": \"bad\"}\\n'):"
        "\n    sys.stdin.readline()\n    sys.stdout.write(reply[:5]); sys.stdout.flush()"
        "\n    time.sleep(0.1); sys.stdout.write(reply[5:9]); sys.stdout.flush()"
        "\n    time.sleep(0.1); sys.stdout.write(reply[9:]); sys.stdout.flush()\n")
    try:  # (a second left when the last piece comes: it is waited for, not a time-out)
        assert engine.svg({}, {}, [], seconds=1.05) == "<svg/>"
        with pytest.raises(ValueError, match="^bad$"):
            engine.svg({}, {}, [], seconds=10)
    finally:
        engine.close()


def test_an_engine_that_stops_answering_but_does_not_end_is_killed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from brief.html import chartengine
    monkeypatch.setattr(chartengine, "STOP_WAIT", 0.2)
    engine = engine_running("import os, sys, time; os.close(1); time.sleep(30)")
    process = engine.process
    with pytest.raises(EngineStopped, match="^it stopped answering; simplify the chart "
                                          "until it draws$"):
        engine.svg({}, {}, [], seconds=10)
    assert engine.process is None and process is not None and process.returncode == -9


@pytest.fixture
def data_limit_kept() -> Iterator[tuple[int, int]]:
    """This process's data limit, set again as it was after the test."""
    kept = resource.getrlimit(resource.RLIMIT_DATA)
    yield kept
    resource.setrlimit(resource.RLIMIT_DATA, kept)


def test_each_chart_may_write_to_the_bound_more_than_the_engine_holds_before_it(
        data_limit_kept: tuple[int, int]) -> None:
    """The bound is a chart's, not the engine's: what V8 holds already (560 MB here, more on
    another machine) is not taken from it."""
    from brief.html import chartengine
    held = chartengine._data_held()
    status = Path("/proc/self/status").read_text()
    assert held == int(status.split("VmData:")[1].split()[0]) * 1024 > 0
    chartengine._bound_next_chart()
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    assert 0 <= soft - chartengine.MEMORY - held < 50_000_000 and hard == data_limit_kept[1]



def test_a_process_status_without_its_data_size_is_an_error(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from brief.html import chartengine
    monkeypatch.setattr(chartengine, "open", lambda path, encoding: io.StringIO(
        "Name:\tpython\nVmRSS:\t1 kB\n"), raising=False)
    with pytest.raises(OSError, match="^no VmData in /proc/self/status$"):
        chartengine._data_held()


def test_a_hard_data_limit_below_the_bound_is_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    from brief.html import chartengine
    set_to: list[tuple[int, tuple[int, int]]] = []
    monkeypatch.setattr(chartengine, "_data_held", lambda: 600)
    monkeypatch.setattr(resource, "setrlimit", lambda which, limits: set_to.append(
        (which, limits)))
    for hard in (chartengine.MEMORY, chartengine.MEMORY + 601, resource.RLIM_INFINITY):
        monkeypatch.setattr(resource, "getrlimit", lambda which, hard=hard: (7, hard))
        chartengine._bound_next_chart()
    assert set_to == [
        (resource.RLIMIT_DATA, (chartengine.MEMORY, chartengine.MEMORY)),
        (resource.RLIMIT_DATA, (chartengine.MEMORY + 600, chartengine.MEMORY + 601)),
        (resource.RLIMIT_DATA, (chartengine.MEMORY + 600, resource.RLIM_INFINITY))]


def test_the_engine_answers_each_line_with_a_chart_or_vega_lite_s_words(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    """``serve``, the engine's own loop, in this process, with a vl-convert that records what
    it is asked (the real one's V8, once started, hangs in a process forked after it, as
    mutmut forks one per mutant; the charts it draws: test_language.py, test_datasets.py):
    each line's chart drawn as asked, in the locale asked for and nothing fetched, the fonts
    of a folder registered once, the next chart's memory bounded first, a wrong
    specification's message."""
    import io
    import json
    import types

    from brief.html import chartengine
    asked: list = []

    def vegalite_to_svg(spec: dict, **options: object) -> str:
        asked.append((spec, options))
        if spec.get("mark") == "nothing":
            raise ValueError("Vega-Lite to SVG conversion failed: no mark 'nothing'")
        return "<svg>1\u202f234,5</svg>"
    engine = types.SimpleNamespace(get_themes=lambda: asked.append("started"),
                                   register_font_directory=lambda f: asked.append(f),
                                   vegalite_to_svg=vegalite_to_svg)
    monkeypatch.setitem(sys.modules, "vl_convert", engine)
    bounded: list[int] = []
    monkeypatch.setattr(chartengine, "_bound_next_chart", lambda: bounded.append(len(asked)))
    spec = {"mark": "bar"}
    french = {"decimal": ",", "thousands": "\u202f", "grouping": [3], "currency": ["", ""]}
    months = {"dateTime": "%A %e %B %Y", "months": ["janvier"]}
    lines = [{"spec": spec, "config": {"font": "F"}, "fonts": ["a", "b"],
              "locales": [french, months]},
             {"spec": {"mark": "nothing"}, "config": {}, "fonts": ["b", "c"], "locales": None}]
    stdin = io.TextIOWrapper(io.BytesIO("".join(json.dumps(r) + "\n" for r in lines).encode()))
    monkeypatch.setattr("sys.stdin", stdin)
    chartengine.serve()
    assert capsys.readouterr().out.splitlines() == [
        json.dumps({"svg": "<svg>1\u202f234,5</svg>"}),
        json.dumps({"error": "Vega-Lite to SVG conversion failed: no mark 'nothing'"})]
    options = {"vl_version": chartengine.VEGA_LITE, "allowed_base_urls": []}
    assert asked == ["started", "a", "b", (spec, {**options, "config": {"font": "F"},
                                                   "format_locale": french,
                                                   "time_format_locale": months}),
                     "c", ({"mark": "nothing"}, {**options, "config": {},
                                                 "format_locale": None,
                                                 "time_format_locale": None})]
    assert bounded == [1, 4]  # (before each chart: after the engine started, not before)


def test_the_engine_is_started_to_die_with_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """(Its start asked for, in this process; that such a child dies: test_lifetime.py.)"""
    import os

    from brief import lifetime
    started: list[dict] = []

    class Started(Exception):
        pass

    def popen(command: list[str], **options: object) -> None:
        started.append({"command": command, **options})
        raise Started
    monkeypatch.setattr(subprocess, "Popen", popen)
    with pytest.raises(Started):
        ChartEngine().svg({}, {}, [])
    [asked] = started
    assert asked["command"] == [sys.executable, "-m", "brief.html.chartengine"]
    dies = asked["preexec_fn"]
    assert (dies.func, dies.args) == (lifetime.die_with_parent, (os.getpid(),))


def test_the_largest_chart_the_limits_allow_draws_within_the_engine_s_memory() -> None:
    """A chart of a dataset of the most rows a dataset may have, each a mark with a colour
    and a tooltip, drawn by the real engine under its per-chart memory bound (it takes some
    130 MB more)."""
    from brief.read.datasets import MAX_ROWS
    rows = [{"x": n, "y": (n * 7919) % 1000, "group": f"group {n % 12}",
             "label": f"row number {n} of the dataset"} for n in range(MAX_ROWS)]
    spec = {"data": {"values": rows}, "width": 600, "height": 400, "mark": "point",
            "encoding": {"x": {"field": "x", "type": "quantitative"},
                         "y": {"field": "y", "type": "quantitative"},
                         "color": {"field": "group", "type": "nominal"},
                         "tooltip": [{"field": "label"}]}}
    engine = ChartEngine()
    try:
        svg = engine.svg(spec, {}, [])
    finally:
        engine.close()
    assert svg.count("row number 19999 of the dataset") == 1 and svg.count("<path") >= MAX_ROWS


def test_the_engine_draws_an_svg_picture_as_a_png_at_twice_its_size_in_the_fonts_given(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    """(``serve`` in this process, as above, with a vl-convert that records what it is
    asked; the real one's PNGs: test_word.py.) A picture request registers its fonts and is
    answered in base64; one resvg cannot read, with its words; ``ChartEngine.png`` decodes."""
    import base64
    import io
    import json
    import types

    from brief.html import chartengine
    asked: list = []

    def svg_to_png(svg: str, scale: float) -> bytes:
        asked.append((svg, scale))
        if svg == "<oops":
            raise ValueError("svg parsing failed")
        return b"\x89PNG drawn"
    monkeypatch.setitem(sys.modules, "vl_convert", types.SimpleNamespace(
        get_themes=lambda: None, register_font_directory=lambda f: asked.append(f),
        svg_to_png=svg_to_png))
    monkeypatch.setattr(chartengine, "_bound_next_chart", lambda: None)
    lines = [{"picture": "<svg/>", "fonts": ["a"]}, {"picture": "<oops", "fonts": ["a"]}]
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(
        "".join(json.dumps(r) + "\n" for r in lines).encode())))
    chartengine.serve()
    assert capsys.readouterr().out.splitlines() == [
        json.dumps({"png": base64.b64encode(b"\x89PNG drawn").decode()}),
        json.dumps({"error": "svg parsing failed"})]
    assert asked == ["a", ("<svg/>", 2), ("<oops", 2)]
    engine = engine_running("import sys\nsys.stdin.readline()\nsys.stdout.write("
                            "'{\"png\": \"iVBORw==\"}\\n'); sys.stdout.flush()\n"
                            "sys.stdin.readline()\n")
    try:
        assert engine.png("<svg/>", ["a"]) == b"\x89PNG"
    finally:
        engine.close()
