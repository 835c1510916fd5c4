"""Turn a document into its index: numbers, labels, cross-references and formatted citations."""
