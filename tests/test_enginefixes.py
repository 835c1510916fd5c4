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


def test_a_function_is_fixed_where_the_typesetter_imported_it(
        toys, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b, other = toys
    before = a.shout
    monkeypatch.setitem(sys.modules, "nameless_toy", object())  # (a module with no name)
    fixed = enginefixes._replaced(a.shout, "text.upper()", "text.upper() + '!'")
    assert fixed("hi") == "HI!" and a.shout is fixed and b.shout is fixed
    assert other.shout is before  # (not the typesetter's)
    assert inspect.getsourcefile(fixed) == a.__file__  # tracebacks name WeasyPrint's file
    assert fixed.__code__.co_firstlineno == 2  # and its lines


def test_a_method_is_fixed_on_its_class(toys) -> None:
    a = toys[0]
    fixed = enginefixes._replaced(a.Speaker.say, 'text + "."', 'shout(text) + "!"')
    assert a.Speaker().say("hi") == "HI!" and a.Speaker.say is fixed  # (its module's names)
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


def _set_everywhere(before: object, after: object) -> None:
    """``after`` where the typesetter's modules and classes hold ``before``."""
    from weasyprint.layout import LayoutContext
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("weasyprint"):
            for name, value in list(vars(module).items()):
                if value is before:
                    setattr(module, name, after)
    for name, value in list(vars(LayoutContext).items()):
        if value is before:
            setattr(LayoutContext, name, after)


def _in_place() -> list:
    from weasyprint import layout
    from weasyprint.layout import LayoutContext, block
    from weasyprint.text import line_break
    return [line_break.split_first_line, LayoutContext.get_string_or_element_for,
            block._linebox_layout, layout.layout_document]


@pytest.fixture
def unfixed():  # type: ignore[no-untyped-def]
    """The typesetter as it was installed (this process applied the fixes when it loaded
    it), for the test to apply them afresh; the fixes as they were, after."""
    enginefixes.apply()
    fixed = _in_place()
    for function in fixed:
        _set_everywhere(function, function.original)
    yield fixed
    for before, now in zip(fixed, _in_place()):
        _set_everywhere(now, before)


def test_every_fix_is_applied_once_and_keeps_the_original(unfixed) -> None:
    from weasyprint import layout
    from weasyprint.layout import LayoutContext, block
    from weasyprint.text import line_break
    assert not hasattr(line_break.split_first_line, "fixed")
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
    assert [f.original for f in fixed] == [f.original for f in unfixed]
    from weasyprint.layout import preferred
    assert preferred.split_first_line is line_break.split_first_line  # (imported by name)


def words(code) -> set[str]:  # type: ignore[no-untyped-def]
    """The names, variables and strings of a function's code, its inner functions' too."""
    found = {*code.co_names, *code.co_varnames} | {c for c in code.co_consts if isinstance(c, str)}
    for inner in code.co_consts:
        if inspect.iscode(inner):
            found |= words(inner)
    return found
