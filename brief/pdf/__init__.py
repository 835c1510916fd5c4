"""Turn an edition's HTML into a checked, finished PDF: typeset, proofread, finished."""
