"""The data build: sources → tidy observations → checks → datapackage/ and site/, all or nothing.

The packages, CITATION.cff and the site are written into the build's staging folder and checked
there (Frictionless and pyarrow for the packages, `mkdocs build --strict` for the site); only then
are they swapped in together (publish/transaction.py). A failing check, a bad input or a failure at
any stage stops the build before anything is replaced. One build at a time (publish/lock.py).
"""

from __future__ import annotations

import contextlib
import datetime
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from omgoerelse.checks import rules as checks
from omgoerelse.checks.discrepancies import run_all_checks
from omgoerelse.core.errors import BuildError, Problem
from omgoerelse.core.memory import release_memory
from omgoerelse.core.project import Project
from omgoerelse.declarations.registry import Registry, load_registry
from omgoerelse.declarations.specs import TableSpec, load_specs
from omgoerelse.publish import cite, emit, release_journal, stamp, transaction
from omgoerelse.publish.guide import general_guide
from omgoerelse.publish.lock import build_lock
from omgoerelse.publish.metadata import citation_cff
from omgoerelse.publish.package import assemble, check_report, write_all
from omgoerelse.publish.releases import (
    Release,
    ReleasedVersionChanged,
    unreleased_version,
    verify_releases,
)
from omgoerelse.publish.staging import stage_data
from omgoerelse.site.csp import add_policy
from omgoerelse.site.render import HELPERS, Renderer
from omgoerelse.sources.tables import load_tables
from omgoerelse.sources.transcriptions import SourceTable, load_register
from omgoerelse.tidy.observations import tidy
from omgoerelse.tidy.shares import add_shares
from omgoerelse.tidy.vintages import mark_newest


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
    wait: bool = False,
    into: Path | None = None,
) -> BuildResult:
    """Build; with `into`, write the validated data package there instead of publishing (a
    release freezes it)."""
    with build_lock(project, wait) as outermost:
        if outermost:  # a release's own builds must not undo the release under way
            release_journal.recover(project, say)
            transaction.recover(project, say)
        return _build(project, write, say, site and into is None, force, into)


def _build(project, write, say, site, force, into) -> BuildResult:
    inputs = None
    if write and into is None:
        inputs = stamp.inputs_digest(project, site)
        if not force and stamp.unchanged(project, inputs, site):
            say(
                "Nothing to do: the inputs are unchanged since the last build (sha256 "
                f"{inputs[:12]}) and {'datapackage/ and site/ are' if site else 'datapackage/ is'} "
                "as it left them; --force builds anyway."
            )
            return BuildResult(
                {},
                [],
                out=project.datapackage,
                site=project.root / "site" if site else None,
                skipped=True,
            )
        stamp.forget(project)  # a build that fails or is cut off leaves no stamp behind
    if not write:
        with Renderer(helpers=0) as renderer:
            return run_stages(project, None, say, False, renderer)
    outputs = transaction.Outputs(project)
    try:
        with Renderer(helpers=HELPERS if site else 0) as renderer:
            # the helper starts beside the data stages; the site needs its drawings last
            renderer.warm()
            result = run_stages(project, outputs, say, site, renderer)
        # the helper is gone before anything is published
        if into is not None:
            os.rename(outputs.stage("datapackage"), into)
            result.out = into
            return result
        say(f"      publishing {', '.join(outputs.staged)} in one step")
        outputs.commit(say)
    except OSError as e:  # a full disk, a read-only folder: said as what it is, not a trace
        raise BuildError(Problem(e.filename or project.root.name, f"could not write: {e}")) from e
    finally:
        outputs.discard()
    result.out = project.datapackage
    result.site = project.root / "site" if site else None
    assert inputs is not None  # a build that publishes is handed its inputs' digest
    stamp.record(project, inputs, site)
    return result


def run_stages(
    project: Project,
    outputs: transaction.Outputs | None,
    say: Callable[[str], None],
    site: bool,
    renderer: Renderer,
) -> BuildResult:
    """The stages; with `outputs`, everything is written into their staging folder."""
    write = outputs is not None
    steps = (6 if site else 5) if write else 3
    say(f"[1/{steps}] Reading the source register, the registry and the table specs")
    releases = verify_releases(project)
    documents = load_register(project)
    registry = load_registry(project)
    specs = load_specs(project, registry)
    tables = load_tables(project, specs, registry, documents)
    say(
        f"      {len(documents)} documents, {len(tables)} printed tables, {len(specs)} table "
        f"specs, {len(registry.codelists)} code lists, {len(releases)} releases verified"
    )

    say(f"[2/{steps}] Tidying and computing shares")
    observed = observe(specs, tables, registry)
    # code lists' extra columns
    cells_read_later = {cl.source["table"] for cl in registry.codelists.values() if cl.source}
    # the rest has been tidied
    tables = {k: t if k in cells_read_later else t.without_cells() for k, t in tables.items()}
    release_memory()
    say(f"[3/{steps}] Checking")
    results, accepted = run_all_checks(project, observed, registry, tables)
    failed = sum(len(r.failures) for r in results)
    say(
        f"      {sum(r.compared for r in results)} comparisons in {len(results)} checks; {failed} "
        f"failed, {len(accepted)} accepted from the discrepancy register"
    )
    if failed:
        raise BuildError(
            [Problem(*f.obs.place(f.measure)[:1], str(f)) for r in results for f in r.failures]
        )

    released = any(r.version == registry.dataset["version"] for r in releases)
    emitted = assemble(specs, observed, registry, tables, documents, accepted, project)
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
    if outputs is not None:
        say(f"[4/{steps}] Writing {len(emitted)} table packages to a staging folder")
        data = outputs.stage("datapackage")
        try:
            _write_data(data, emitted, results, registry, documents, releases, say, steps)
        except ReleasedVersionChanged as changed:
            # A contributor's change: build it as the next
            # unreleased version; the maintainer releases.
            registry.dataset["version"] = unreleased_version(releases)
            say(
                f"      version {changed.version} is released and this build changes its files "
                f"(first {changed.differ[0]}); building as the unreleased version"
                f" {registry.dataset['version']}. A maintainer releases it with "
                "`omgoerelse release X.Y.Z --note ...`."
            )
            emitted = result.tables = assemble(
                specs, observed, registry, tables, documents, accepted, project
            )
            _write_data(data, emitted, results, registry, documents, releases, say, steps)
        outputs.stage("CITATION.cff").write_text(citation_cff(registry), encoding="utf-8")
        if site:
            say(f"[6/{steps}] Generating the pages and charts, and building the site with MkDocs")
            guide = general_guide(emitted, registry, documents)
            build_site(
                project,
                data,
                outputs.stage("site"),
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
    return result


def _write_data(data, emitted, results, registry, documents, releases, say, steps) -> Path:
    guide = general_guide(emitted, registry, documents)
    return stage_data(
        data,
        lambda folder, after_table: write_all(
            folder, emitted, results, registry, guide, after_table
        ),
        say,
        version=registry.dataset["version"],
        releases=releases,
        step=f"[5/{steps}]",
    )


def build_site(
    project: Project,
    data: Path,
    out: Path,
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
    """Pages into docs/, `mkdocs build --strict` into `out` (staging) with the downloads from the
    staged package `data`."""
    # Material 9.8 prints an end-of-life notice otherwise
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from omgoerelse.site.pages import write_pages

    say("      pages and charts (docs/)")
    write_pages(project, data, emitted, table_charts, registry, documents, report, guide, releases)
    # Dates MkDocs writes (sitemap) come from the sources, not
    # the clock, so the site is reproducible.
    drawn = max(d.data_drawn for d in documents.values() if d.data_drawn)
    epoch = str(
        int(datetime.datetime(drawn.year, drawn.month, drawn.day, tzinfo=datetime.UTC).timestamp())
    )
    # restored after: the caller's process keeps its own
    with _environment(SOURCE_DATE_EPOCH=epoch):
        return _mkdocs_into_site(
            project, data, out, mkdocs_build, load_config, table_charts, releases, registry, say
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
    project: Project,
    data: Path,
    staging: Path,
    mkdocs_build,
    load_config,
    table_charts: dict,
    releases,
    registry,
    say,
) -> Path:
    from omgoerelse.site.downloads import copy_downloads, mark_english
    from omgoerelse.site.pages import write_pngs

    staging.mkdir()
    try:
        say("      mkdocs build --strict (into a staging folder)")
        # the one public address (dataset.yaml or OMGOERELSE_BASE_URL): sitemap and canonical links
        config = load_config(
            config_file=str(project.root / "mkdocs.yml"),
            site_dir=str(staging),
            strict=True,
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
        say("      downloads, checksums and catalogues")
        copy_downloads(data, staging, releases, registry)
    except Exception as e:
        if not isinstance(e, BuildError):
            raise BuildError(Problem("mkdocs.yml", f"the site did not build: {e}")) from e
        raise
    return staging


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
