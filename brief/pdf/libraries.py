"""WeasyPrint loaded with its libraries (GObject, Pango, HarfBuzz, fontconfig) opened by
their sonames, without the look-ups that cost a short brief's build a sixth of its time.

WeasyPrint tries several names per library, one per platform (``weasyprint/text/ffi.py``),
and cffi hands each name the loader cannot open to ``ctypes.util.find_library``, which on
Linux runs ``ldconfig -p`` and the C compiler (``gcc -Wl,-t -l...``) for it: 22 look-ups,
about 0.15 s of the 0.9 s a cold build of a six-page brief takes (WeasyPrint issue 1125).
The list holds each library's soname (``libpango-1.0.so.0``), which the dynamic loader opens
by itself, finding what the look-up would find. So on Linux the look-ups are skipped while
WeasyPrint loads; should a library then not load, WeasyPrint is loaded again as usual."""
from __future__ import annotations

import contextlib
import ctypes.util
import io
import sys
from collections.abc import Callable, Iterator


def load(importing: Callable[[], object]) -> None:
    """``importing()`` (the imports of WeasyPrint) with no library looked up, on Linux;
    again, as usual, if a library was then not found (WeasyPrint raises OSError)."""
    if not sys.platform.startswith("linux"):
        importing()
        return
    try:
        with _no_look_ups(), contextlib.redirect_stdout(io.StringIO()):  # (its "could not
            importing()                                 # import some libraries": said again)
    except OSError:
        for name in [m for m in sys.modules if m.split(".")[0] == "weasyprint"]:
            del sys.modules[name]  # (half loaded)
        importing()


@contextlib.contextmanager
def _no_look_ups() -> Iterator[None]:
    real = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = real
