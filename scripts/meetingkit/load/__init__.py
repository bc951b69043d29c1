"""Stage 1: files on disk → documents whose values keep their line and column."""
