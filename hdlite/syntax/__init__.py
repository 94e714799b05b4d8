"""The syntax pass: source files (HDevelop XML and plain text), grammar, parser, AST."""
