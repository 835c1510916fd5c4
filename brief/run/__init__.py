"""How builds run: editions in parallel, the second process, the no-op skip, watch, the
outputs written together, new briefs."""
