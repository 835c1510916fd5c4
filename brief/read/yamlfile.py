"""Turn YAML text into line-marked nodes, refusing what safe_load lets through.

PyYAML forgets where values came from and accepts alias bombs and duplicate keys; authors
need ``file:line`` on every problem, so we compose the node graph ourselves, from the events
of libyaml's parser (seven times PyYAML's own; the pure-Python parser where PyYAML was built
without libyaml).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from brief.diagnostics import Diagnostic, Loc
from brief.read.characters import character_problem, hidden_character


class _PurePython(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """PyYAML's own reader, scanner and parser: the events of the text, as libyaml's."""

    def __init__(self, text: str) -> None:
        yaml.reader.Reader.__init__(self, text)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)

    def dispose(self) -> None:
        pass


try:
    from yaml.cyaml import CParser as _Parser
except ImportError:  # (PyYAML built without libyaml)
    _Parser = _PurePython  # type: ignore[misc,assignment]


@dataclass
class Node:
    """A YAML value with the line it starts on (and, for a mapping entry, its key's line)."""

    value: Any  # dict[str, Node] | list[Node] | str | int | float | bool | date | None
    line: int
    key_line: int = 0


MAX_DEPTH = 32  # mappings and lists nested deeper are refused (a brief needs four)
_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null",
                                                   "seq", "map")}


class _Refused(yaml.MarkedYAMLError):
    """Valid YAML that a brief's data may not use; ``code``: the kind of refusal."""

    def __init__(self, problem: str, mark: yaml.Mark, code: str) -> None:
        super().__init__(problem=problem, problem_mark=mark)
        self.code = code


class _Loader(Composer, SafeConstructor, Resolver):
    """Plain data only: no aliases, no tags, no deep nesting; dates stay the text written."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if not tag.endswith("timestamp")]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    depth = 0

    def __init__(self, text: str) -> None:
        events = _Parser(text)
        self.check_event, self.peek_event = events.check_event, events.peek_event
        self.get_event, self.dispose = events.get_event, events.dispose
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)

    def _refuse(self, problem: str, code: str) -> None:
        raise _Refused(problem, self.peek_event().start_mark, code)

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            self._refuse("aliases (*name) are not allowed here; write the value out",
                         "yaml-refused")
        event = self.peek_event()
        tag = getattr(event, "tag", None)
        if tag not in (None, "!") and tag not in _PLAIN_TAGS:
            written = tag.replace("tag:yaml.org,2002:", "!!")
            self._refuse(f"the tag '{written}' is not allowed; write plain text, numbers, "
                         "lists and mappings", "yaml-refused")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self._refuse(f"nested more than {MAX_DEPTH} levels deep", "over-limit")
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def read_yaml(text: str, path: str, first_line: int = 1) -> tuple[Node | None, list[Diagnostic]]:
    """Parse ``text`` (which starts on ``first_line`` of ``path``) into a ``Node`` tree."""
    offset = first_line - 1
    try:
        loader = _Loader(text)
        root = loader.get_single_node()
    except (yaml.reader.ReaderError, UnicodeEncodeError) as exc:  # a character YAML refuses
        at = _character_at(exc, text)
        line = text.count("\n", 0, at) + first_line
        return None, [Diagnostic(Loc(path, line), "error", f"the character "
                                 f"U+{ord(text[at]):04X} is not allowed in YAML; delete it",
                                 code="control-character")]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else first_line
        problem = exc.problem or exc.context or "invalid YAML"
        advice = "" if isinstance(exc, _Refused) else "; fix the syntax on this line"
        code = exc.code if isinstance(exc, _Refused) else "yaml-syntax"
        return None, [Diagnostic(Loc(path, line), "error", f"malformed YAML: {problem}{advice}",
                                 code=code)]
    except yaml.YAMLError as exc:
        return None, [Diagnostic(Loc(path, first_line), "error", f"malformed YAML: {exc}",
                                 code="yaml-syntax")]
    diagnostics: list[Diagnostic] = []
    try:
        node = _convert(loader, root, path, offset, diagnostics) if root else None
    finally:
        loader.dispose()
    return node, diagnostics


def _character_at(exc: yaml.reader.ReaderError | UnicodeEncodeError, text: str) -> int:
    """Where in ``text`` the character YAML refuses is: libyaml counts bytes, PyYAML's
    reader characters; a lone surrogate is refused before either reads the text."""
    if isinstance(exc, UnicodeEncodeError):
        return exc.start
    if exc.encoding == "unicode":
        return exc.position
    return len(text.encode()[:exc.position].decode())


def _convert(loader: _Loader, node: yaml.Node, path: str, offset: int,
             diagnostics: list[Diagnostic]) -> Node:
    line = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        entries: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1 + offset
            key = str(_scalar(loader, key_node, Loc(path, key_line), diagnostics)) if isinstance(
                key_node, yaml.ScalarNode) else "?"
            if char := hidden_character(key, "\t"):
                diagnostics.append(Diagnostic(Loc(path, key_line), "error",
                                              character_problem(char),
                                              code="control-character"))
            if key in entries:
                diagnostics.append(Diagnostic(
                    Loc(path, key_line), "error",
                    f"duplicate key '{key}' (first given at line {entries[key].key_line});"
                    " keep one", code="duplicate-key"))
                continue
            child = _convert(loader, value_node, path, offset, diagnostics)
            child.key_line = key_line
            entries[key] = child
        return Node(entries, line)
    if isinstance(node, yaml.SequenceNode):
        return Node([_convert(loader, item, path, offset, diagnostics) for item in node.value],
                    line)
    value = _scalar(loader, node, Loc(path, line), diagnostics)
    if isinstance(value, str) and (char := hidden_character(value, "\t\n\r")):
        # (an escape such as "\u202E" or "\0" slips past the check of the file's text)
        diagnostics.append(Diagnostic(Loc(path, line), "error", character_problem(char),
                                      code="control-character"))
    return Node(value, line)


def _scalar(loader: _Loader, node: yaml.Node, loc: Loc, diagnostics: list[Diagnostic]) -> Any:
    """A scalar's value, or None and an error if its tag cannot read it (a key's too)."""
    try:
        return loader.construct_object(node)
    except (yaml.YAMLError, ArithmeticError, LookupError, ValueError):
        # !!int abc, !!bool '', !!int with no digits, a 5,000-digit number
        kind = str(node.tag).replace("tag:yaml.org,2002:", "")
        length = f" ({len(str(node.value))} digits)" if len(str(node.value)) > 40 else ""
        diagnostics.append(Diagnostic(loc, "error", f"malformed value: "
                                      f"'{str(node.value)[:40]}'{length} cannot be read as "
                                      f"{kind}; write it as text or a shorter number",
                                      code="bad-value"))
        return None


def plain(node: Node) -> Any:
    """A node tree as plain Python values, without line marks."""
    if isinstance(node.value, dict):
        return {k: plain(v) for k, v in node.value.items()}
    if isinstance(node.value, list):
        return [plain(v) for v in node.value]
    return node.value
