"""Stage 5: the pages, charts and downloads of the static site."""
