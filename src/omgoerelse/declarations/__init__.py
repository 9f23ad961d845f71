"""The build's declarations: the field and code-list registry and one spec per table."""
