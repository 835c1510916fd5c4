"""What this process keeps from one build for the next: a watch's rebuilds, and the builds
of the processes it forks, start warm. Caches only: a fresh session gives the same outputs,
more slowly. The one piece of state a module of the builder holds (``tests/test_layers.py``
checks), beside the timings of the build under way (``timings.STAGES``)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Session:
    # this process's temporary folder, and the process that made it (``cache.run_folder``)
    run_folder: tuple[int, Path] | None = None
    # the latest layout, whose pages a rebuild of the same edition may reuse
    # (``pdf/splice.py``: one, since a watch builds one edition of one brief), and how many
    # pages the latest layout reused
    last_layout: object = None
    reused_pages: int = 0
    # stylesheets parsed by the typesetter, by (URL, SHA-256 of the text, fetcher), and the
    # key of each by its id (``pdf/typeset.py``)
    stylesheets: dict[tuple, object] = field(default_factory=dict)
    stylesheet_keys: dict[int, tuple] = field(default_factory=dict)
    # templates compiled by Jinja, by its bucket key (``html/templating.py``)
    templates: dict[str, bytes] = field(default_factory=dict)
    # the SHA-256 of each of the builder's own files, by path, with the file's signature
    # (modification and change times, size, inode) when it was read (``run/uptodate.py``)
    builder_files: dict[str, tuple[tuple[int, ...], bytes]] = field(default_factory=dict)


SESSION = Session()
