"""Stage 2: documents → problems (JSON Schema first, then the semantic rules)."""
