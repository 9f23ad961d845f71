"""Stage 2: printed tables into tidy observations, with shares, vintages and reference tables."""
