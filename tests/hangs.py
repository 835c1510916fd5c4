"""Under mutation, a test that loops for ever ends its run (``conftest.py`` makes it an
autouse fixture). A module of its own, importing nothing of the suite's, so that a process
that checks it (``test_harness.py``) starts in a few milliseconds."""
from __future__ import annotations

import os
import resource
from typing import Iterator

HANG_UNDER_MUTATION = 120  # seconds of processor time a test may take under mutmut (the
# slowest: 10)


def hangs_end_the_run(seconds: int = HANG_UNDER_MUTATION) -> Iterator[None]:
    """Under mutation, a test that has taken ``seconds`` of processor time ends the run by
    SIGXCPU, which mutmut counts a time-out (``scripts/mutation.py --survivors`` runs it
    again): a mutant that loops for ever otherwise held its run until mutmut's own limit,
    30 times the time of every test reaching its function (50 minutes for the Markdown
    parser's). Processor time, not the clock's: a run that only waited while the machine
    was busy with other work is not ended (when it was, after two minutes by the clock, its
    mutant was counted killed)."""
    if "__mutmut_" not in os.environ.get("MUTANT_UNDER_TEST", ""):
        yield
        return
    from brief.lifetime import lowered
    used = resource.getrusage(resource.RUSAGE_SELF)
    with lowered(resource.RLIMIT_CPU, int(used.ru_utime + used.ru_stime) + seconds):
        yield  # (mutmut's own limit, where nearer, stays)
