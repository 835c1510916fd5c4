"""Turn YAML text into line-marked nodes, refusing what safe_load lets through.

PyYAML forgets where values came from and accepts alias bombs and duplicate keys; authors
need ``file:line`` on every problem, so we compose the node graph ourselves.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from .model import Diagnostic, Loc


@dataclass
class Node:
    """A YAML value with the line it starts on (and, for a mapping entry, its key's line)."""

    value: Any  # dict[str, Node] | list[Node] | str | int | float | bool | date | None
    line: int
    key_line: int = 0


class _Loader(yaml.SafeLoader):
    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.MarkedYAMLError(
                problem="aliases (*name) are not allowed here; write the value out",
                problem_mark=mark)
        return super().compose_node(parent, index)


def read_yaml(text: str, path: str, first_line: int = 1) -> tuple[Node | None, list[Diagnostic]]:
    """Parse ``text`` (which starts on ``first_line`` of ``path``) into a ``Node`` tree."""
    offset = first_line - 1
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else first_line
        problem = exc.problem or exc.context or "invalid YAML"
        return None, [Diagnostic(Loc(path, line), "error",
                                 f"malformed YAML: {problem}; fix the syntax on this line")]
    except yaml.YAMLError as exc:
        return None, [Diagnostic(Loc(path, first_line), "error", f"malformed YAML: {exc}")]
    diagnostics: list[Diagnostic] = []
    try:
        node = _convert(loader, root, path, offset, diagnostics) if root else None
    finally:
        loader.dispose()
    return node, diagnostics


def _convert(loader: _Loader, node: yaml.Node, path: str, offset: int,
             diagnostics: list[Diagnostic]) -> Node:
    line = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        entries: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = str(loader.construct_object(key_node)) if isinstance(
                key_node, yaml.ScalarNode) else "?"
            key_line = key_node.start_mark.line + 1 + offset
            if key in entries:
                diagnostics.append(Diagnostic(
                    Loc(path, key_line), "error",
                    f"duplicate key '{key}' (first given at line {entries[key].key_line});"
                    " keep one"))
                continue
            child = _convert(loader, value_node, path, offset, diagnostics)
            child.key_line = key_line
            entries[key] = child
        return Node(entries, line)
    if isinstance(node, yaml.SequenceNode):
        return Node([_convert(loader, item, path, offset, diagnostics) for item in node.value],
                    line)
    return Node(loader.construct_object(node), line)
