"""Stage 1: the source register and the tables transcribed as printed, read strictly."""
