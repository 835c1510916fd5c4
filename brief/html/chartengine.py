"""Draw Vega-Lite charts with vl-convert in a process of its own.

vl-convert runs V8 inside the process that calls it: a chart that exhausts the engine's
memory, or a text that makes it panic, aborts that process with a native dump. Here the
engine runs in a child process (``python -m brief.html.chartengine``), one chart per request, so
that such a chart ends the child with a message at the chart's line and the build goes on
to report the rest; a chart that runs too long is stopped; the child dies with its parent.

The protocol is one JSON object per line each way: ``{"spec", "config", "fonts",
"locales"}`` (font folders to measure text with; d3's number and time locales, or null),
answered by ``{"svg"}`` or ``{"error"}``; and ``{"picture", "fonts"}``, an SVG drawn as a PNG
at twice its size (the Word edition's fallback for readers without SVG: ``png``), answered
by ``{"png"}`` (in base64) or ``{"error"}``.
"""
from __future__ import annotations

import base64
import json
import os
import resource
import select
import signal
import subprocess
import sys
import time
from typing import Any

from brief.lifetime import started_by_me

VEGA_LITE = "6.4"  # the version drawn: that of its JSON Schema (brief/markdown/chartspec.py)
SECONDS = 60  # one chart may take this long (a chart of the real brief: 0.07 s)
STOP_WAIT = 5  # seconds an engine that stopped answering has to end before it is killed
MEMORY = 512_000_000  # bytes of data one chart may add to what the engine holds (V8
# reserves far more address space, unused: the data limit counts what it writes to)


def _data_held() -> int:
    """The bytes of data this process holds (what ``RLIMIT_DATA`` counts)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmData:"):
                return int(line.split()[1]) * 1024
    raise OSError("no VmData in /proc/self/status")


def _bound_next_chart() -> None:
    """Writing to more than MEMORY bytes beyond what the engine holds now fails: the bound
    is one chart's, whatever V8 itself holds (about 560 MB here, more on other machines)."""
    hard = resource.getrlimit(resource.RLIMIT_DATA)[1]
    bound = _data_held() + MEMORY
    resource.setrlimit(resource.RLIMIT_DATA, (
        bound if hard == resource.RLIM_INFINITY else min(bound, hard), hard))


class EngineStopped(Exception):
    """The chart stopped the engine, or took too long; the message says which, in words."""


class ChartError(Exception):
    """The chart cannot be drawn (``brief/html/charts.py``); the message says why, for the
    author, and ``code`` names the kind (docs/errors.md)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


class ChartEngine:
    """The chart engine's process, started on the first chart, started again after a chart
    stopped it."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None

    def svg(self, spec: dict, config: dict, fonts: list[str],
            locales: tuple[dict, dict] | None = None, seconds: float = SECONDS) -> str:
        """The chart as SVG; ``ValueError`` with Vega-Lite's words when the specification is
        wrong; ``EngineStopped`` when the chart stopped the engine."""
        return self._asked({"spec": spec, "config": config, "fonts": fonts,
                            "locales": locales}, seconds)["svg"]

    def png(self, svg: str, fonts: list[str], seconds: float = SECONDS) -> bytes:
        """The SVG picture ``svg`` as a PNG at twice its size, its text in the fonts of the
        folders ``fonts``; ``ValueError`` if it cannot be drawn; ``EngineStopped``."""
        return base64.b64decode(self._asked({"picture": svg, "fonts": fonts}, seconds)["png"])

    def _asked(self, request: dict, seconds: float) -> dict:
        if self.process is None or self.process.poll() is not None:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "brief.html.chartengine"], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=started_by_me())
        try:
            assert self.process.stdin is not None
            self.process.stdin.write(json.dumps(request).encode() + b"\n")
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            raise self._stopped() from None
        reply = self._reply(seconds)
        if "error" in reply:
            raise ValueError(reply["error"])
        return reply

    def _reply(self, seconds: float) -> dict:
        assert self.process is not None and self.process.stdout is not None
        deadline, data = time.monotonic() + seconds, bytearray()
        fd = self.process.stdout.fileno()
        while not data.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                self.close()
                raise EngineStopped(f"it took longer than {seconds:.0f} s; make the chart "
                                    "smaller or simpler")
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                raise self._stopped()
            data += chunk
        return json.loads(data)

    def _stopped(self) -> EngineStopped:
        """Why the engine's process ended, from its exit and what it printed."""
        assert self.process is not None
        try:
            self.process.wait(timeout=STOP_WAIT)
            said = self.process.stderr.read().decode("utf-8", "replace") \
                if self.process.stderr else ""
        except subprocess.TimeoutExpired:
            said = ""
        status = self.process.returncode
        self.close()
        if "out of memory" in said.lower() or "heap limit" in said.lower():
            return EngineStopped("it ran out of memory; draw fewer rows or a smaller chart")
        if "panicked" in said:
            line = next(x for x in said.splitlines() if "panicked" in x)
            return EngineStopped(f"it failed on this chart ({line.strip()[:200]}); simplify "
                                 "the chart, its expressions and the texts it makes, until "
                                 "it draws")
        if status is None:  # (it closed its output but ran on: killed by ``close``)
            return EngineStopped("it stopped answering; simplify the chart until it draws")
        if status < 0:
            return EngineStopped(f"it was ended by signal {signal.Signals(-status).name}")
        return EngineStopped(f"it ended with exit status {status}")

    def close(self) -> None:
        if self.process is not None:
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()
            for pipe in (self.process.stdin, self.process.stdout, self.process.stderr):
                if pipe is not None:
                    pipe.close()
            self.process = None


def serve() -> None:
    """The engine's process: one chart per line of standard input, until it ends."""
    import vl_convert
    vl_convert.get_themes()  # (starts V8, so that what it holds is not counted to a chart)
    registered: set[str] = set()
    for line in sys.stdin.buffer:
        request = json.loads(line)
        _bound_next_chart()
        for folder in request["fonts"]:
            if folder not in registered:
                vl_convert.register_font_directory(folder)
                registered.add(folder)
        reply: dict[str, Any]
        try:
            if "picture" in request:
                reply = {"png": base64.b64encode(vl_convert.svg_to_png(
                    request["picture"], scale=2)).decode("ascii")}
            else:
                numbers, times = request["locales"] or (None, None)
                reply = {"svg": vl_convert.vegalite_to_svg(
                    request["spec"], vl_version=VEGA_LITE, config=request["config"],
                    allowed_base_urls=[],
                    format_locale=numbers, time_format_locale=times)}
        except ValueError as failure:
            reply = {"error": str(failure)}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    serve()
