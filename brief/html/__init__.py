"""Turn a document and its index into each edition's HTML: templates, tables and charts."""
