"""The data build: sources → tidy observations → checks → datapackage/, all or nothing.

Packages are written to a staging folder beside datapackage/, validated with Frictionless, and only
then swapped in. A failing check or a bad input stops the build before anything is replaced.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from omgoerelse.checks import rules as checks
from omgoerelse.core.errors import BuildError, Problem, raise_if
from omgoerelse.core.memory import release_memory
from omgoerelse.core.project import Project
from omgoerelse.declarations.registry import Registry, load_registry
from omgoerelse.declarations.specs import TableSpec, load_specs
from omgoerelse.publish import emit, stamp
from omgoerelse.publish import cite
from omgoerelse.publish.guide import general_guide, reading_guide
from omgoerelse.publish.metadata import citation_cff
from omgoerelse.publish.releases import (
    Release,
    ReleasedVersionChanged,
    guard_released_version,
    unreleased_version,
    verify_releases,
)
from omgoerelse.publish.validate import validate_packages
from omgoerelse.site.csp import add_policy
from omgoerelse.site.render import HELPERS, Renderer
from omgoerelse.sources.transcriptions import (
    Document,
    SourceTable,
    load_register,
    load_source_table,
)
from omgoerelse.tidy.observations import tidy
from omgoerelse.tidy.reference import (
    check_register_used,
    codelist_rows,
    codelist_spec,
    discrepancy_key,
    load_discrepancies,
    register_rows,
)
from omgoerelse.tidy.shares import add_shares
from omgoerelse.tidy.vintages import mark_newest, revisions

STAGING_PREFIX = ".datapackage-staging-"
OLD_PREFIX = ".datapackage-old-"
SITE_STAGING_PREFIX = ".site-staging-"
REPORT = "kontrolrapport.json"


@dataclass
class BuildResult:
    tables: dict[str, emit.Table]
    results: list[checks.CheckResult]
    out: Path | None = None
    site: Path | None = None
    accepted: list[dict] = field(default_factory=list)
    skipped: bool = False  # nothing changed since the last build, so nothing was done


def say_to_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def build(
    project: Project,
    write: bool = True,
    say: Callable[[str], None] = say_to_stderr,
    site: bool = True,
    force: bool = False,
) -> BuildResult:
    recover_interrupted_swap(project)
    if write:
        inputs = stamp.inputs_digest(project, site)
        if not force and stamp.unchanged(project, inputs, site):
            say(
                f"Nothing to do: the inputs are unchanged since the last build (sha256 {inputs[:12]}) and "
                f"{'datapackage/ and site/ are' if site else 'datapackage/ is'} as it left them; --force builds anyway."
            )
            return BuildResult(
                {},
                [],
                out=project.datapackage,
                site=project.root / "site" if site else None,
                skipped=True,
            )
        stamp.forget(project)  # a build that fails or is cut off leaves no stamp behind
    with Renderer(helpers=HELPERS if write and site else 0) as renderer:
        renderer.warm()  # the helper starts beside the data stages; the site needs its drawings last
        return run_stages(project, write, say, site, inputs if write else None, renderer)


def run_stages(
    project: Project,
    write: bool,
    say: Callable[[str], None],
    site: bool,
    inputs: str | None,
    renderer: Renderer,
) -> BuildResult:
    steps = (6 if site else 5) if write else 3
    say(f"[1/{steps}] Reading the source register, the registry and the table specs")
    releases = verify_releases(project)
    documents = load_register(project)
    registry = load_registry(project)
    specs = load_specs(project, registry)
    tables = load_tables(project, specs, registry, documents)
    say(
        f"      {len(documents)} documents, {len(tables)} printed tables, {len(specs)} table specs, {len(registry.codelists)} code lists, "
        f"{len(releases)} releases verified"
    )

    say(f"[2/{steps}] Tidying and computing shares")
    observed = observe(specs, tables, registry)
    cells_read_later = {
        cl.source["table"] for cl in registry.codelists.values() if cl.source
    }  # code lists' extra columns
    tables = {
        k: t if k in cells_read_later else t.without_cells() for k, t in tables.items()
    }  # the rest has been tidied
    release_memory()
    say(f"[3/{steps}] Checking")
    results, accepted = run_all_checks(project, observed, registry, tables)
    failed = sum(len(r.failures) for r in results)
    say(
        f"      {sum(r.compared for r in results)} comparisons in {len(results)} checks; {failed} failed, {len(accepted)} accepted from the discrepancy register"
    )
    if failed:
        raise BuildError(
            [Problem(*f.obs.place(f.measure)[:1], str(f)) for r in results for f in r.failures]
        )

    released = any(r.version == registry.dataset["version"] for r in releases)
    emitted = assemble(specs, observed, registry, tables, documents, accepted)
    if (
        not released
    ):  # at a million rows the frames are memory; a released version may need them again
        del observed, tables
    release_memory()
    result = BuildResult(emitted, results, accepted=accepted)
    if write and site:
        from omgoerelse.site.charts import charts_for

        # drawn by the helpers while the packages are written
        table_charts = charts_for(emitted, registry, renderer)
    if write:
        say(f"[4/{steps}] Writing {len(emitted)} table packages to a staging folder")
        try:
            result.out = _write_and_publish(
                project, emitted, results, registry, documents, releases, say, steps
            )
        except ReleasedVersionChanged as changed:
            # A contributor's change: build it as the next unreleased version; the maintainer releases.
            registry.dataset["version"] = unreleased_version(releases)
            say(
                f"      version {changed.version} is released and this build changes {len(changed.differ)} of its "
                f"files (e.g. {changed.differ[0]}); building as the unreleased version {registry.dataset['version']}. "
                "A maintainer releases it with `omgoerelse release X.Y.Z --note ...`."
            )
            emitted = result.tables = assemble(
                specs, observed, registry, tables, documents, accepted
            )
            result.out = _write_and_publish(
                project, emitted, results, registry, documents, releases, say, steps
            )
        (project.root / "CITATION.cff").write_text(citation_cff(registry), encoding="utf-8")
        if site:
            say(f"[6/{steps}] Generating the pages and charts, and building the site with MkDocs")
            guide = general_guide(emitted, registry, documents)
            result.site = build_site(
                project,
                emitted,
                table_charts,
                renderer,
                registry,
                documents,
                check_report(results, registry),
                guide,
                releases,
                say,
            )
        stamp.record(project, inputs, site)
    return result


def _write_and_publish(
    project, emitted, results, registry, documents, releases, say, steps
) -> Path:
    guide = general_guide(emitted, registry, documents)
    return publish(
        project,
        lambda folder: write_all(folder, emitted, results, registry, guide),
        say,
        version=registry.dataset["version"],
        releases=releases,
        step=f"[5/{steps}]",
    )


def build_site(
    project: Project,
    emitted,
    table_charts: dict,
    renderer: Renderer,
    registry: Registry,
    documents,
    report: dict,
    guide: str,
    releases: list[Release],
    say: Callable[[str], None] = say_to_stderr,
) -> Path:
    """Pages into docs/, `mkdocs build --strict` into a staging folder, downloads copied in, then swapped in."""
    os.environ.setdefault(
        "NO_MKDOCS_2_WARNING", "1"
    )  # Material 9.8 prints an end-of-life notice otherwise
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from omgoerelse.site.pages import write_pages

    say("      pages and charts (docs/)")
    write_pages(project, emitted, table_charts, registry, documents, report, guide, releases)
    # Dates MkDocs writes (sitemap) come from the sources, not the clock, so the site is reproducible.
    drawn = max(d.data_drawn for d in documents.values() if d.data_drawn)
    epoch = str(
        int(datetime.datetime(drawn.year, drawn.month, drawn.day, tzinfo=datetime.UTC).timestamp())
    )
    with _environment(
        SOURCE_DATE_EPOCH=epoch
    ):  # restored after: the caller's process keeps its own
        return _mkdocs_into_site(
            project, mkdocs_build, load_config, table_charts, releases, registry, say
        )


@contextlib.contextmanager
def _environment(**values: str):
    """Set environment variables for the duration of a block, then put back what was there."""
    before = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in before.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _mkdocs_into_site(
    project: Project, mkdocs_build, load_config, table_charts: dict, releases, registry, say
) -> Path:
    from omgoerelse.site.pages import copy_downloads, mark_english, write_pngs

    out = project.root / "site"
    staging = Path(tempfile.mkdtemp(prefix=SITE_STAGING_PREFIX, dir=project.root))
    try:
        say("      mkdocs build --strict (into a staging folder)")
        # the one public address (dataset.yaml or OMGOERELSE_BASE_URL) gives the sitemap and canonical links
        config = load_config(
            config_file=str(project.root / "mkdocs.yml"), site_dir=str(staging), strict=True,
            site_url=cite.base_url(registry),
        )
        config["plugins"].run_event("startup", command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config["plugins"].run_event("shutdown")
        mark_english(staging)
        add_policy(staging)
        write_pngs(table_charts, project.root / "docs", staging)
        say("      downloads, checksums and catalogues; then the site is swapped in")
        copy_downloads(project.datapackage, staging, releases, registry)
        swap_in(staging, out)
    except Exception as e:
        if not isinstance(e, BuildError):
            raise BuildError(Problem("mkdocs.yml", f"the site did not build: {e}")) from e
        raise
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return out


def load_tables(
    project: Project,
    specs: dict[str, TableSpec],
    registry: Registry,
    documents: dict[str, Document],
) -> dict[str, SourceTable]:
    """Every printed table a spec or code list names, each read strictly; all problems reported together."""
    wanted = {t for spec in specs.values() for t in spec.source_tables}
    wanted |= {cl.source["table"] for cl in registry.codelists.values() if cl.source}
    wanted |= {d["table"] for cl in registry.codelists.values() for d in cl.derive}
    tables, problems = {}, []
    for table_id in sorted(wanted):
        try:
            tables[table_id] = load_source_table(project, table_id, documents)
        except BuildError as e:
            problems += e.problems
    for path in sorted(project.sources.glob("*/*.csv")):
        table_id = f"{path.parent.name}/{path.stem}"
        if table_id not in wanted:
            problems.append(
                Problem(project.rel(path), "transcribed, but no table spec or code list uses it")
            )
    raise_if(problems)
    derive_codes(registry, tables)
    return tables


def derive_codes(registry: Registry, tables: dict[str, SourceTable]) -> None:
    """Code lists whose codes are the printed labels of some tables (e.g. the provisions of Tabel 4.8)."""
    for cl in registry.codelists.values():
        for d in cl.derive:
            table = tables[d["table"]]
            labels = table.printed[d["label"]][table.value[d["label"]].notna()]
            cl.add_printed(labels.unique().tolist())


def observe(
    specs: dict[str, TableSpec], tables: dict[str, SourceTable], registry: Registry
) -> dict[str, tuple[TableSpec, pd.DataFrame]]:
    """Tidy every observation table, in an order where a table's denominator table comes first."""
    observed: dict[str, tuple[TableSpec, pd.DataFrame]] = {}
    pending = [s for s in specs.values() if s.kind == "observations"]
    while pending:
        ready = [s for s in pending if _denominator_table(s) in (None, *observed)]
        if not ready:
            names = ", ".join(s.name for s in pending)
            raise BuildError(
                Problem(
                    "build/specs", f"share denominators refer to each other in a circle: {names}"
                )
            )
        for spec in ready:
            obs = tidy(spec, tables, registry)
            add_shares(spec, obs, observed | {spec.name: (spec, obs)}, tables)
            observed[spec.name] = (spec, obs)
            pending.remove(spec)
    mark_newest(observed, tables)  # a figure's versions may stand in several tables
    return observed


def _denominator_table(spec: TableSpec) -> str | None:
    table = ((spec.share or {}).get("denominator") or {}).get("table")
    return None if table == spec.name else table


def run_all_checks(
    project: Project, observed, registry: Registry, tables: dict[str, SourceTable]
) -> tuple[list[checks.CheckResult], list[dict]]:
    """Run every table's checks; failures listed in the discrepancy register become accepted."""
    register = {discrepancy_key(e): e for e in load_discrepancies(project)}
    results, accepted, matched = [], [], set()
    for result in checks.run_checks(checks.Context(registry, observed, tables)):
        for failure in list(result.failures):
            entry = register.get(failure.key())
            if entry and _same_numbers(entry, failure):
                result.failures.remove(failure)
                result.accepted.append((failure, entry["forklaring"]))
                accepted.append(entry)
                matched.add(failure.key())
        results.append(result)
    check_register_used(project, list(register.values()), matched)
    return results, accepted


def _same_numbers(entry: dict, failure: checks.Failure) -> bool:
    """The register entry names the very numbers the check found (so a changed figure fails again)."""
    return _number(entry["fundet"]) == _number(failure.found) and _number(
        entry["forventet"]
    ) == _number(failure.expected)


def _number(x: object) -> object:
    try:
        return None if x is None else Decimal(str(x)).normalize()
    except InvalidOperation:
        return str(x)


def assemble(specs, observed, registry, tables, documents, accepted) -> dict[str, emit.Table]:
    """Every emitted table with its rows, sources and reading guide, in a fixed order."""
    frames: dict[str, tuple[TableSpec, pd.DataFrame]] = {}
    for cl in registry.codelists.values():
        spec = codelist_spec(cl)
        frames[cl.name] = (spec, emit.typed_frame(spec, registry, codelist_rows(cl, tables)))
    for spec in specs.values():
        if spec.kind == "observations":
            frames[spec.name] = (spec, emit.typed(spec, registry, observed[spec.name][1]))
        elif spec.kind == "register":
            frames[spec.name] = (spec, emit.typed_frame(spec, registry, register_rows(documents)))
        elif spec.kind == "discrepancies":
            frames[spec.name] = (
                spec,
                emit.typed_frame(
                    spec, registry, [{f: e.get(f) for f in spec.fields} for e in accepted]
                ),
            )
        elif spec.kind == "revisions":
            rows = revisions(observed, tables)
            frames[spec.name] = (spec, emit.typed_frame(spec, registry, rows))
    emitted = {}
    for name in sorted(frames):
        spec, frame = frames[name]
        guide = reading_guide(spec, len(frame), registry, tables, documents)
        publishers = {tables[t].document.publisher for t in spec.source_tables}
        types = {f: registry.fields[f]["type"] for f in spec.fields}
        emitted[name] = emit.Table(
            spec, frame, types, _frictionless_sources(spec, tables), guide, publishers
        )
    return emitted


def _frictionless_sources(spec: TableSpec, tables: dict[str, SourceTable]) -> list[dict]:
    out = []
    for table_id in spec.source_tables:
        t = tables[table_id]
        d = t.document
        drawn = f" Data trukket {d.data_drawn.isoformat()}." if d.data_drawn else ""
        source = {
            "title": f"{d.publisher}: {d.title} ({d.published}), {t.number}: {t.heading}.{drawn}"
        }
        if d.url:
            source["path"] = d.url
        out.append(source)
    return out


def write_all(
    folder: Path,
    emitted: dict[str, emit.Table],
    results: list[checks.CheckResult],
    registry: Registry,
    guide: str,
) -> None:
    references = {}
    for name, table in emitted.items():
        if not emit.foreign_keys(table.spec, registry) and table.spec.kind in (
            "codelist",
            "register",
        ):
            references[name] = (
                emit.csv_bytes(table.spec, table.frame),
                emit.schema(table.spec, registry),
            )
    catalogue = []
    for name, table in emitted.items():
        files = emit.write_table_package(folder / name, table, registry, references)
        prefixed = {f"{name}/{rel}": facts for rel, facts in files.items()}
        catalogue += emit.resources(table, registry, prefixed, prefix=f"{name}/", named=True)
    report = emit.json_bytes(check_report(results, registry))
    (folder / REPORT).write_bytes(report)
    catalogue.append(
        {
            "name": "kontrolrapport",
            "path": REPORT,
            "title": "Kontrolrapport",
            "description": "De kontroller, programmet har kørt på hver tabel, og deres resultat.",
            "format": "json",
            "mediatype": "application/json",
            **emit.file_facts(report),
        }
    )
    general = guide.encode("utf-8")
    (folder / emit.GUIDE).write_bytes(general)
    catalogue.append(
        {
            "name": "laesevejledning",
            "path": emit.GUIDE,
            "title": "Læsevejledning til hele datasættet",
            "format": "md",
            "mediatype": "text/markdown",
            "encoding": "utf-8",
            **emit.file_facts(general),
        }
    )
    ds = registry.dataset
    descriptor = emit.package_descriptor(
        ds["name"], ds["title"], ds["description"], registry, catalogue
    )
    (folder / "datapackage.json").write_bytes(emit.json_bytes(descriptor))


def check_report(results: list[checks.CheckResult], registry: Registry) -> dict:
    return {
        "version": registry.dataset["version"],
        "checks": [
            {
                "tabel": r.table,
                "kontrol": r.check,
                "beskrivelse": r.description,
                "parametre": r.params,
                "sammenligninger": r.compared,
                "fejl": len(r.failures),
                "accepterede_afvigelser": [
                    {"afvigelse": str(f), "forklaring": why} for f, why in r.accepted
                ],
            }
            for r in results
        ],
    }


def validate_folder(folder: Path) -> list[str]:
    """Full Frictionless validation (descriptors and every row) of every datapackage.json below folder."""
    import frictionless

    errors = []
    for descriptor in sorted(folder.glob("**/datapackage.json")):
        report = frictionless.validate(str(descriptor))
        if not report.valid:
            for task in report.tasks:
                errors += [f"{descriptor}: {task.name}: {e.message}" for e in task.errors]
            errors += [f"{descriptor}: {e.message}" for e in report.errors]
    return errors


def publish(
    project: Project,
    write: Callable[[Path], None],
    say: Callable[[str], None],
    version: str,
    releases: list[Release],
    step: str = "",
) -> Path:
    """Write into a staging folder, validate it, and swap it in place of datapackage/ (never changing a release)."""
    out = project.datapackage
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=project.root))
    try:
        write(staging)
        release_memory()
        say(
            f"{step} Validating (descriptors with Frictionless, rows with pyarrow) and publishing".strip()
        )
        errors = validate_packages(
            staging
        )  # descriptors by Frictionless, rows by pyarrow (fast at any size)
        if errors:
            raise BuildError([Problem("datapackage (staging)", e) for e in errors])
        guard_released_version(releases, version, staging)
        swap_in(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return out


def swap_in(staging: Path, out: Path) -> None:
    staging.chmod(0o755)  # mkdtemp makes it private; the published folder is for everyone to read
    old = out.with_name(f".{out.name}-old-{os.getpid()}")
    if out.exists():
        os.rename(out, old)
    os.rename(staging, out)
    shutil.rmtree(old, ignore_errors=True)


def recover_interrupted_swap(project: Project) -> None:
    """If a build died between the two renames of swap_in, put the last published output back."""
    for out in (project.datapackage, project.root / "site"):
        olds = sorted(project.root.glob(f".{out.name}-old-*"))
        if olds and not out.exists():
            os.rename(olds[-1], out)
    for leftover in [*project.root.glob(".site-old-*")]:
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in [
        *project.root.glob(f"{OLD_PREFIX}*"),
        *project.root.glob(f"{STAGING_PREFIX}*"),
        *project.root.glob(f"{SITE_STAGING_PREFIX}*"),
    ]:
        shutil.rmtree(leftover, ignore_errors=True)
