"""Command line: `omgoerelse build`, `keys`, `validate`, `release`, `download` and `benchmark`;
every command has --help. Process-wide matters (the garbage collector, signals) live here, not in
the stages.
"""

from __future__ import annotations

import argparse
import datetime
import signal
import sys
from pathlib import Path

from omgoerelse import __version__
from omgoerelse.core.errors import BuildError
from omgoerelse.core.project import Project

# Signals that end a command as Ctrl-C does: through every `finally` and `with`, so the chart
# helper is shut down and waited for, a swap under way is undone, and no helper outlives the build.
STOPPING = (signal.SIGTERM, signal.SIGHUP)


class Stopped(BaseException):
    """A signal asked the command to stop (not an error of the command's own)."""

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(signal.Signals(signum).name)


def _stop(signum: int, _frame) -> None:
    raise Stopped(signum)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="omgoerelse",
        description="Build Ankestyrelsen's reversal-rate tables into checked open-data packages.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    # Every command that works on a checkout takes --root.
    checkout = argparse.ArgumentParser(add_help=False)
    checkout.add_argument(
        "--root",
        type=Path,
        default=Path("."),
        help="the repository checkout (default: current folder)",
    )

    b = commands.add_parser(
        "build",
        parents=[checkout],
        help="read sources/, check every table and write datapackage/",
        description="Read the transcribed tables in sources/, tidy and check them, and "
        "replace datapackage/ only if everything passed.",
    )
    b.add_argument(
        "--check-only", action="store_true", help="read and check everything, but write nothing"
    )
    b.add_argument(
        "--no-site", action="store_true", help="write datapackage/ but do not build the site"
    )
    b.add_argument(
        "--force", action="store_true", help="build even if nothing changed since the last build"
    )
    b.add_argument(
        "--wait",
        action="store_true",
        help="if another build or release is running in this checkout, wait for it (default: stop)",
    )
    b.set_defaults(run=run_build)

    k = commands.add_parser(
        "keys",
        help="print every key the declaration files may hold (build/README.md)",
        description="Print, as Markdown, every key of the specs, the registry, the source register "
        "and the transcriptions' metadata, with what it means; generated from the models.",
    )
    k.set_defaults(run=run_keys)

    t = commands.add_parser(
        "tjek",
        parents=[checkout],
        help="tjek dine afskrifter og få svar på dansk (for bidragydere)",
        description="Læs og kontroller alle kilder og tabeller uden at skrive noget, og sig på "
        "dansk, hvad der er galt og hvor (fil, linje, kolonne).",
    )
    t.set_defaults(run=run_check_in_danish)

    v = commands.add_parser(
        "validate",
        parents=[checkout],
        help="validate datapackage/ with Frictionless",
        description="Run Frictionless validation on every datapackage.json in datapackage/.",
    )
    v.set_defaults(run=run_validate)

    r = commands.add_parser(
        "release",
        parents=[checkout],
        help="freeze the current data as a new version in releases/",
        description="Check that the version step fits the changes since the last release "
        "(major, minor or patch), set the version in dataset.yaml, build, and "
        "freeze every file of every table in releases/<version>/.",
    )
    r.add_argument(
        "version",
        nargs="?",
        help="the new version, e.g. 1.0.1 (default: the version in dataset.yaml)",
    )
    r.add_argument(
        "--note", required=True, help="a short note, in Danish, on what the release brings"
    )
    r.add_argument(
        "--placeholder-address",
        action="store_true",
        help="release although the public address is a placeholder (.example, .invalid, localhost):"
        " only for a test",
    )
    r.add_argument(
        "--date",
        type=datetime.date.fromisoformat,
        default=datetime.date.today(),
        help="the release date, YYYY-MM-DD (default: today)",
    )
    r.add_argument(
        "--wait",
        action="store_true",
        help="if a build or release is running in this checkout, wait for it (default: stop)",
    )
    r.set_defaults(run=run_release)

    d = commands.add_parser(
        "download",
        help="download a table's files from the site, each checked against its sha256",
        description="Download every file of a table (CSV, Parquet, XLSX, datapackage.json, reading "
        "guide, code lists) from the published site, checked against the version's "
        "SHA256SUMS and cached; then copy them to --to.",
    )
    d.add_argument("table", help="the table's name, e.g. sager_efter_udfald")
    d.add_argument(
        "--version",
        dest="data_version",
        default="latest",
        help="a released version such as 1.0.0, or latest (default)",
    )
    d.add_argument(
        "--to",
        type=Path,
        default=Path("."),
        help="folder to put the table's folder in (default: current folder)",
    )
    d.add_argument(
        "--base-url",
        help="the site's address (default: dataset.yaml's base_url or OMGOERELSE_BASE_URL)",
    )
    d.add_argument(
        "--deadline",
        type=float,
        help="the most seconds one file's download may take in all (default: 120)",
    )
    d.set_defaults(run=run_download)

    m = commands.add_parser(
        "benchmark",
        parents=[checkout],
        help="measure the build, the site and the client; print a table of figures",
        description="Time and memory of clean and unchanged builds of the real data, the data "
        "stage on synthetic sources up to a million rows against a DuckDB baseline, "
        "bytes and Lighthouse scores of the site, the client against "
        "pandas, and the site with all 98 municipalities' pages (synthetic council papers, never "
        "published) against a bare mkdocs build. Needs the test extra "
        "(pip install -e '.[test]'). Writes benchmarks/results.json, which the site shows.",
    )
    m.add_argument(
        "--no-million", action="store_true", help="skip the run at a million rows (several minutes)"
    )
    m.add_argument(
        "--no-lighthouse",
        action="store_true",
        help="skip Lighthouse (it installs from npm on first use)",
    )
    m.add_argument(
        "--no-save", action="store_true", help="print only; do not write benchmarks/results.json"
    )
    m.add_argument(
        "--only",
        choices=["kommuner"],
        help="run one measurement alone and print it (not saved): kommuner is the site with "
        "all 98 municipalities' pages from synthetic council papers",
    )
    m.set_defaults(run=run_benchmark)

    args = parser.parse_args(argv)
    # put back when the command ends: a caller that runs main() in its own process keeps its own
    handlers = {stopping: signal.signal(stopping, _stop) for stopping in STOPPING}
    try:
        return args.run(args)
    except BuildError as e:
        print(f"error: the {args.command} stopped; {e.published}.\n{e}", file=sys.stderr)
        return 1
    except ModuleNotFoundError as e:  # the client alone (pip install omgoerelse) has no build
        print(
            f"error: this command needs the build's libraries ({e.name} is missing); install them "
            "with: pip install 'omgoerelse[build]'",
            file=sys.stderr,
        )
        return 1
    except (Stopped, KeyboardInterrupt) as e:
        signum = e.signum if isinstance(e, Stopped) else int(signal.SIGINT)
        print(
            f"error: the {args.command} was stopped ({signal.Signals(signum).name}); what was "
            "published before it is as it was.",
            file=sys.stderr,
        )
        return 128 + signum
    # the client's: offline with nothing cached, unknown table, bad bytes
    except (
        OSError,
        KeyError,
        ValueError,
    ) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    finally:
        for stopping, handler in handlers.items():
            signal.signal(stopping, handler)


def run_build(args: argparse.Namespace) -> int:
    from omgoerelse.pipeline import build

    project = Project.at(args.root)
    result = build(
        project,
        write=not args.check_only,
        site=not args.no_site,
        force=args.force,
        wait=args.wait,
    )
    if result.out is not None:
        tables = "unchanged" if result.skipped else f"{len(result.tables)} tables"
        print(
            f"Data: {project.rel(result.out)}/ ({tables}; catalogue "
            f"{project.rel(result.out)}/datapackage.json)"
        )
    if result.site is not None:
        print(
            f"Site: {project.rel(result.site)}/index.html (static files for any web server; data "
            f"under {project.rel(result.site)}/data/latest/)"
        )
    if args.check_only:
        print(f"All checks passed for {len(result.tables)} tables; nothing written (--check-only).")
    return 0


def run_release(args: argparse.Namespace) -> int:
    from omgoerelse.pipeline import say_to_stderr
    from omgoerelse.release import make_release

    project = Project.at(args.root)
    release = make_release(
        project,
        args.version,
        args.note,
        args.date,
        say_to_stderr,
        args.placeholder_address,
        wait=args.wait,
    )
    print(
        f"Released {release.version} ({release.date.isoformat()}): {project.rel(release.folder)}/; "
        f"the site has it under site/data/{release.version}/"
    )
    return 0


def run_download(args: argparse.Namespace) -> int:
    import shutil

    from omgoerelse.client import fetch

    deadline = {"deadline": args.deadline} if args.deadline else {}
    paths = fetch(args.table, args.data_version, base_url=args.base_url, **deadline)
    target = args.to / args.table
    for name, path in paths.items():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target / name)
        print(f"{target / name}", file=sys.stderr)
    print(
        f"{len(paths)} files of {args.table} ({args.data_version}), each checked against its "
        f"sha256: {target}/"
    )
    return 0


def run_benchmark(args: argparse.Namespace) -> int:
    from omgoerelse.bench.benchmark import run

    run(
        Project.at(args.root),
        million=not args.no_million,
        lighthouse=not args.no_lighthouse,
        save=not args.no_save,
        say=lambda m: print(m, file=sys.stderr, flush=True),
        only=args.only,
    )
    return 0


def run_validate(args: argparse.Namespace) -> int:
    from omgoerelse.publish.validate import validate_folder

    project = Project.at(args.root)
    errors = validate_folder(project.datapackage)
    for e in errors:
        print(e, file=sys.stderr)
    print("valid" if not errors else f"{len(errors)} errors")
    return 1 if errors else 0


def run_keys(args) -> int:
    from omgoerelse.declarations.keys import keys_reference

    sys.stdout.write(keys_reference())
    return 0


def run_check_in_danish(args) -> int:
    """`omgoerelse tjek`: the build's checks without writing anything, answered in plain Danish."""
    from omgoerelse.core.danish_messages import in_danish
    from omgoerelse.pipeline import build

    project = Project.at(args.root)
    try:
        build(project, write=False, say=lambda _message: None)
    except BuildError as e:
        print(f"Der er {len(e.problems)} ting at rette:", file=sys.stderr)
        for problem in e.problems:
            print(f"- {in_danish(problem)}", file=sys.stderr)
        return 1
    print("Alt er i orden: tallene kan læses, og alle kontroller består.")
    return 0
