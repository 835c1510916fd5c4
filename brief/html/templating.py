"""Run a template of ``templates/`` (the brief's own, else the builder's) into HTML: in a
sandbox with nothing dangerous in it, bounded, and with its errors at its own lines.

- Templates get plain values only: text, numbers, truth values, lists and mappings of them,
  and a few functions of ours that only turn values into text (``PURE``). No path, no live
  object: nothing a template can reach reads, writes, lists or deletes a file.
- Jinja's immutable sandbox (no attribute of Python's internals, no method that changes a
  value); on top of it, no operation may make text or a list longer than ``MAX_LENGTH`` or
  pad, repeat or raise by a number larger than it, and a template's output may be at most
  ``MAX_OUTPUT`` characters; the memory a template run may take is bounded too, so that a
  template that doubles a text in a loop ends with a message, not with the machine's memory.
- A problem in the brief's own template (its syntax, a name it does not know, an operation
  the sandbox refuses) is a diagnostic at ``templates/NAME:LINE``; the builder's own
  templates failing is a bug of the builder.
"""
from __future__ import annotations

import base64
import functools
import re
import resource
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

import jinja2
from jinja2 import (
    ChoiceLoader,
    FileSystemLoader,
    FunctionLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
)
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup

from brief import cache
from brief.diagnostics import BuildError, Diagnostic, Loc, template_line
from brief.home import TOOL_ROOT
from brief.lifetime import lowered
from brief.read.inputs import Reader
from brief.session import SESSION

MAX_LENGTH = 100_000  # characters or items one operation of a template may make or pad to
MAX_OUTPUT = 20_000_000  # characters of HTML one template may print (the real brief: 74,000)
MAX_POWER = 64  # the largest exponent of ** in a template
MAX_MEMORY = 1_000_000_000  # bytes a template's run may take beyond what the process holds
GLOBALS = ("range", "dict", "cycler", "joiner", "namespace")  # Jinja's that templates keep:
# each holds only what the template gives it (range: at most the sandbox's 100,000 items)
_PRINTF_WIDTH = re.compile(r"%[-+ #0]*(\d+)?(?:\.(\d+))?")
_FORMAT_WIDTH = re.compile(r"\{[^{}]*:[^{}]*?(\d+)(?:\.(\d+))?[^{}]*\}")
_ENVIRONMENT = Path(__file__).read_bytes()  # (``_Compiled``: what compiled code depends on)


class _Compiled(BytecodeCache):
    """Templates compiled once: kept by the process (for ``--watch``) and on disk
    (``brief/cache.py``; measured: compiling the builder's templates costs the reading
    process 50 ms a build). Jinja checks each one's source against its checksum and the
    Python it was compiled by (its header), so a changed template (the builder's or a
    brief's own) is compiled anew; the disk's name also holds Jinja's version and this
    module's source, which set up the environment the code was compiled in."""

    def load_bytecode(self, bucket: Bucket) -> None:
        kept = SESSION.templates.get(bucket.key)
        if kept is None and (stored := cache.read("template", _disk_name(bucket))):
            kept = base64.b64decode(stored)
        if kept is not None:
            bucket.bytecode_from_string(kept)

    def dump_bytecode(self, bucket: Bucket) -> None:
        SESSION.templates[bucket.key] = code = bucket.bytecode_to_string()
        cache.write("template", _disk_name(bucket), base64.b64encode(code).decode())


def _disk_name(bucket: Bucket) -> str:
    return cache.key(bucket.key, bucket.checksum, jinja2.__version__, _ENVIRONMENT)


class _Overflow(Exception):
    """A template printed more than MAX_OUTPUT."""


def _too_large(what: str) -> SecurityError:
    return SecurityError(f"{what} larger than {MAX_LENGTH:,} is refused in a template")


def _widths(pattern: re.Pattern[str], text: str) -> None:
    for match in pattern.finditer(text):
        if any(g and int(g) > MAX_LENGTH for g in match.groups()):
            raise _too_large("a width or precision")


def _length(value: object) -> int:
    return len(value) if isinstance(value, (str, list, tuple)) else 0


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with bounded operations (see the module's docstring)."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            times = right if isinstance(right, int) else left if isinstance(left, int) else 1
            if max(_length(left), _length(right)) * max(times, 0) > MAX_LENGTH:
                raise _too_large("a repeated text or list")
        elif operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_POWER:
            raise SecurityError(f"a power above {MAX_POWER} is refused in a template")
        elif operator == "%" and isinstance(left, str):
            _widths(_PRINTF_WIDTH, left)
        elif operator == "+" and _length(left) + _length(right) > MAX_LENGTH:
            raise _too_large("a joined text or list")
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``str.format``, sandboxed by Jinja, with its widths bounded."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None

        def bounded(*args: Any, **kwargs: Any) -> str:
            _widths(_FORMAT_WIDTH, value.__self__)
            return wrapped(*args, **kwargs)
        return bounded

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        if any(isinstance(a, int) and not isinstance(a, bool) and abs(a) > MAX_LENGTH
               for a in (*args, *kwargs.values())):
            raise _too_large("a number")
        return super().call(__context, __obj, *args, **kwargs)


def _bounded(name: str, filter_: Callable) -> Callable:
    """A filter that refuses numbers larger than MAX_LENGTH (a width, a padding); what
    Jinja passes it first (its environment, for ``truncate`` and ``wordwrap``) kept."""
    @functools.wraps(filter_)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        if any(isinstance(a, int) and not isinstance(a, bool) and abs(a) > MAX_LENGTH
               for a in (*args[1:], *kwargs.values())):
            raise _too_large(f"a number given to '{name}'")
        if name == "format" and args and isinstance(args[0], str):
            _widths(_PRINTF_WIDTH, args[0])
        return filter_(*args, **kwargs)
    return bounded


def make_environment(files: Reader | None = None) -> Sandbox:
    """Jinja over the brief's own ``templates/`` (file by file, read by ``files``) and then
    the builder's."""
    def own(name: str) -> tuple[str, str, Callable[[], bool]] | None:
        if files is None:
            return None
        rel = f"templates/{name}"
        text, problems = files.text(rel, what="template", kind="template", optional=True)
        if problems:
            raise BuildError(problems)
        return None if text is None else (text, rel, lambda: False)  # (read at each build)

    env = Sandbox(loader=ChoiceLoader([FunctionLoader(own), FileSystemLoader(
        TOOL_ROOT / "templates")]), autoescape=True, undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        bytecode_cache=_Compiled())
    for name in ("center", "indent", "wordwrap", "format", "truncate", "batch", "slice"):
        env.filters[name] = _bounded(name, env.filters[name])
    env.filters["long_date"] = lambda date: date["text"]
    for name in set(env.globals) - set(GLOBALS):  # (lipsum: placeholder text has no place
        del env.globals[name]  # in a brief)
    return env


def _virtual_memory() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


@contextmanager
def _memory_bounded() -> Iterator[None]:
    """Allocations past MAX_MEMORY more than the process holds now fail (MemoryError)."""
    try:
        bound = _virtual_memory() + MAX_MEMORY
    except OSError:  # (no /proc: no bound but the time limit)
        yield
        return
    with lowered(resource.RLIMIT_AS, bound):
        yield


def render_template(env: Sandbox, name: str, values: dict[str, Any]) -> Markup:
    """The template ``name`` with ``values``; a problem of the brief's own template is a
    ``BuildError`` at its line."""
    template = None
    try:
        with _memory_bounded():
            template = env.get_template(name)
            out, length = [], 0
            for chunk in template.generate(**values):
                length += len(chunk)
                if length > MAX_OUTPUT:
                    raise _Overflow(f"it prints more than {MAX_OUTPUT:,} characters")
                out.append(chunk)
            return Markup("".join(out))
    except BuildError:
        raise
    except _Overflow as failure:
        if not template or not (template.filename or "").startswith("templates/"):
            raise
        raise BuildError([Diagnostic(Loc(template.filename), "error", f"the template "
                                     f"stopped: {failure}; make it print less",
                                     code="over-limit")]) from None
    except TemplateSyntaxError as failure:
        if not (failure.filename or "").startswith("templates/"):
            raise
        raise BuildError([Diagnostic(Loc(failure.filename or name, failure.lineno), "error",
                                     f"the template cannot be read: {failure.message}",
                                     code="template-syntax")]
                         ) from None
    except (TemplateError, ArithmeticError, LookupError, TypeError, ValueError,
            AttributeError, RecursionError, MemoryError) as failure:
        place = template_line(failure)
        if place is None:
            raise
        words = "it needs more memory than a template may take" if isinstance(
            failure, MemoryError) else "it calls itself too deeply" if isinstance(
            failure, RecursionError) else str(failure)[:300].rstrip(".") or \
            type(failure).__name__
        raise BuildError([Diagnostic(place, "error", f"the template stopped: {words}; fix "
                                     "this line of the brief's own template",
                                     code="template-error")]) from None


def css_string(text: str) -> Markup:
    """``text`` as a CSS string literal, for a <style> in the HTML."""
    escaped = "".join(c if c.isalnum() or c in " .,:;/-" else f"\\{ord(c):x} "
                      for c in str(text))
    return Markup('"{}"'.format(escaped))


PURE = (css_string,)  # the only functions among the values templates get
