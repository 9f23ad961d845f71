"""Stage 4: the table packages written, validated and released."""
