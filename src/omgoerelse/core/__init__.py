"""What every stage uses: errors with their place, the project's folders, strict YAML, Danish
formats, checksums and typed columns."""
