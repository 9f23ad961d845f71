"""Command line: `omgoerelse build`, `omgoerelse validate`. Every command has --help."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from omgoerelse import __version__
from omgoerelse.errors import BuildError
from omgoerelse.project import Project


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="omgoerelse",
        description="Build Ankestyrelsen's reversal-rate tables into checked open-data packages.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    b = commands.add_parser("build", help="read sources/, check every table and write datapackage/",
                            description="Read the transcribed tables in sources/, tidy and check them, and "
                                        "replace datapackage/ only if everything passed.")
    b.add_argument("--root", type=Path, default=Path("."), help="the repository checkout (default: current folder)")
    b.add_argument("--check-only", action="store_true", help="read and check everything, but write nothing")
    b.add_argument("--no-site", action="store_true", help="write datapackage/ but do not build the site")
    b.set_defaults(run=run_build)

    v = commands.add_parser("validate", help="validate datapackage/ with Frictionless",
                            description="Run Frictionless validation on every datapackage.json in datapackage/.")
    v.add_argument("--root", type=Path, default=Path("."), help="the repository checkout (default: current folder)")
    v.set_defaults(run=run_validate)

    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except BuildError as e:
        print(f"error: the build stopped; nothing was published.\n{e}", file=sys.stderr)
        return 1


def run_build(args: argparse.Namespace) -> int:
    from omgoerelse.pipeline import build

    project = Project.at(args.root)
    result = build(project, write=not args.check_only, site=not args.no_site)
    if result.out is not None:
        print(f"Data: {project.rel(result.out)}/ ({len(result.tables)} tables; catalogue {project.rel(result.out)}/datapackage.json)")
    if result.site is not None:
        print(f"Site: {project.rel(result.site)}/index.html (static files for any web server; data under {project.rel(result.site)}/data/latest/)")
    else:
        print(f"All checks passed for {len(result.tables)} tables; nothing written (--check-only).")
    return 0


def run_validate(args: argparse.Namespace) -> int:
    from omgoerelse.pipeline import validate_folder

    project = Project.at(args.root)
    errors = validate_folder(project.datapackage)
    for e in errors:
        print(e, file=sys.stderr)
    print("valid" if not errors else f"{len(errors)} errors")
    return 1 if errors else 0
