"""The benchmark and its synthetic sources (never published)."""
