"""Omgørelsesprocenter: Ankestyrelsen's appeal statistics as checked, versioned open data.

The data flow through the sub-packages in this order: `sources` (the tables as printed) → `tidy`
(observations, shares, vintages) → `checks` → `publish` (datapackage/, releases) → `site`. `core`
serves them all; `pipeline` runs the stages, `release` freezes a version, `cli` is the command and
`client` reads published versions. A module imports only from its own stage and the ones before it.
"""

__version__ = "0.1.0"
