#!/usr/bin/env python3
"""Build the brief: content/ → output/brief.pdf. See ``brief/cli.py`` (also installed as the
``brief-builder`` command) and the README."""
from brief.cli import command, main  # noqa: F401  (main: the same, for a caller's process)

if __name__ == "__main__":
    command()
