"""``python build.py book BOOK.yaml``: several briefs bound into one briefing book.

``plan.py`` reads the book file; ``make.py`` builds the briefs (twice at most: as they print
alone, then with the folios they take in the book), ``front.py`` typesets the pack's cover
and contents, and ``bind.py`` binds them into one PDF."""
