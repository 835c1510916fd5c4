"""Turn a project's sections into a document: Markdown parsed into tokens and typed nodes."""
