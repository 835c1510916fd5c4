"""How builds run: processes (the captured-run helper, the pool, the worker), the no-op
skip, watch, the outputs written together, the standard streams, new briefs."""
