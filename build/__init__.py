"""Omgørelsesprocenter: Ankestyrelsen's appeal statistics as checked, versioned open data.

The code lives in the repository's `build/` folder and is imported as `omgoerelse`. Data flows
sources/ (tables as printed) → build (read, tidy, check) → datapackage/ (what users download).
"""

__version__ = "0.1.0"
