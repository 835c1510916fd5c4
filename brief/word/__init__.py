"""Word manuscripts in: ``import MANUSCRIPT.docx DIR`` makes a brief folder that builds
(``manuscript`` checks the file and reads what Pandoc does not, ``pandocast`` walks Pandoc's
reading of it, ``sections`` turns that into section files, ``citations`` into the brief's
references, ``importer`` writes the folder)."""
