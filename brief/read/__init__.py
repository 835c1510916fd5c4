"""Turn the brief's files into a project: every input read once, through one reader that
confines and bounds it, validated, each record with its file and line."""
