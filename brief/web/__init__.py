"""Turn the screen edition into the web edition: its page (page.py), its metadata and
citation files (head.py), and the folder of files (edition.py)."""
