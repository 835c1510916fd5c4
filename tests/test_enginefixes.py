"""How brief/pdf/enginefixes.py changes a WeasyPrint function: compiled again from its source
with the exact lines replaced, put where the typesetter looks for it, and never on a source
it was not written for (the fixes themselves: tests/test_typeset.py, test_proofread.py)."""
from __future__ import annotations

import importlib
import inspect
import sys
from pathlib import Path

import pytest

from brief.pdf import enginefixes

TOY = '''
def shout(text):
    return text.upper()


class Speaker:
    def say(self, text):
        return text + "."
'''


@pytest.fixture
def toys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Three modules: one of the typesetter's defining ``shout``, one of the typesetter's
    and one of another library importing it by name."""
    (tmp_path / "weasyprint_toy_a.py").write_text(TOY)
    (tmp_path / "weasyprint_toy_b.py").write_text("from weasyprint_toy_a import shout\n")
    (tmp_path / "other_toy.py").write_text("from weasyprint_toy_a import shout\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    names = ("weasyprint_toy_a", "weasyprint_toy_b", "other_toy")
    yield [importlib.import_module(name) for name in names]
    for name in names:
        sys.modules.pop(name, None)


def test_a_function_is_fixed_where_the_typesetter_imported_it(toys) -> None:
    a, b, other = toys
    before = a.shout
    fixed = enginefixes._replaced(a.shout, "text.upper()", "text.upper() + '!'")
    assert fixed("hi") == "HI!" and a.shout is fixed and b.shout is fixed
    assert other.shout is before  # (not the typesetter's)
    assert inspect.getsourcefile(fixed) == a.__file__  # tracebacks name WeasyPrint's file
    assert fixed.__code__.co_firstlineno == 2  # and its lines


def test_a_method_is_fixed_on_its_class(toys) -> None:
    a = toys[0]
    fixed = enginefixes._replaced(a.Speaker.say, 'text + "."', 'text + "!"')
    assert a.Speaker().say("hi") == "hi!" and a.Speaker.say is fixed
    assert fixed.__code__.co_firstlineno == 7
    assert a.shout("x") == "X"  # (the module's functions untouched)


@pytest.mark.parametrize("old", ["text.lower()", "text"], ids=["missing", "twice"])
def test_a_source_without_the_lines_exactly_once_stops_loading(toys, old: str) -> None:
    a = toys[0]
    with pytest.raises(enginefixes.EngineChanged) as raised:
        enginefixes._replaced(a.Speaker.say if old == "text" else a.shout, old, "x")
    assert str(raised.value) == (
        f"weasyprint_toy_a.{'Speaker.say' if old == 'text' else 'shout'} is not the one "
        "brief/pdf/enginefixes.py was written for; check the fix against it")


def test_every_fix_is_applied_once_and_keeps_the_original() -> None:
    from weasyprint import layout
    from weasyprint.layout import LayoutContext, block
    from weasyprint.text import line_break
    enginefixes.apply()
    fixed = [line_break.split_first_line, LayoutContext.get_string_or_element_for,
             block._linebox_layout, layout.layout_document]
    enginefixes.apply()  # again: nothing changes
    assert fixed == [line_break.split_first_line, LayoutContext.get_string_or_element_for,
                     block._linebox_layout, layout.layout_document]
    for function, used in zip(fixed, ["trimmed", "is_in_normal_flow", None,
                                      "pages_counted"]):  # (None: no new name, a test more)
        assert function.fixed is True and not hasattr(function.original, "fixed")
        assert function.__code__.co_code != function.original.__code__.co_code
        assert used is None or used in words(function.__code__) and used not in words(
            function.original.__code__)
        assert function.__code__.co_filename == function.original.__code__.co_filename
        assert function.__code__.co_firstlineno == function.original.__code__.co_firstlineno


def words(code) -> set[str]:  # type: ignore[no-untyped-def]
    """The names, variables and strings of a function's code, its inner functions' too."""
    found = {*code.co_names, *code.co_varnames} | {c for c in code.co_consts if isinstance(c, str)}
    for inner in code.co_consts:
        if inspect.iscode(inner):
            found |= words(inner)
    return found
