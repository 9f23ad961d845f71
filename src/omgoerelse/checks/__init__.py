"""Stage 3: the checks official statistics need, run on every table."""
