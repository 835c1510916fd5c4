#!/usr/bin/env python3
"""Build the brief: content/ → output/brief.pdf. See ``brief/cli.py`` (also installed as the
``brief-builder`` command) and the README."""
import sys

from brief.cli import main

if __name__ == "__main__":
    sys.exit(main())
