"""The data package as a whole: every table assembled in a fixed order, then written with the check
report, the general reading guide and the catalogue (datapackage.json) of all the files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from omgoerelse.checks import rules as checks
from omgoerelse.core.project import Project
from omgoerelse.declarations.registry import Registry
from omgoerelse.declarations.specs import TableSpec
from omgoerelse.publish import emit, encode
from omgoerelse.publish.guide import reading_guide
from omgoerelse.publish.provenance import table_sources
from omgoerelse.tidy.reference import codelist_rows, codelist_spec, register_rows
from omgoerelse.tidy.vintages import revisions

REPORT = "kontrolrapport.json"


def assemble(
    specs, observed, registry, tables, documents, accepted, project: Project
) -> dict[str, emit.Table]:
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
            rows = revisions(observed)
            frames[spec.name] = (spec, emit.typed_frame(spec, registry, rows))
    emitted = {}
    for name in sorted(frames):
        spec, frame = frames[name]
        guide = reading_guide(spec, len(frame), registry, tables, documents)
        publisher_of = {
            tables[t].document.id: tables[t].document.publisher for t in spec.source_tables
        }
        publishers = set(publisher_of.values())
        types = {f: registry.fields[f]["type"] for f in spec.fields}
        sources = table_sources(spec, registry, tables, frame, project)
        emitted[name] = emit.Table(spec, frame, types, sources, guide, publishers, publisher_of)
    return emitted


def write_all(
    folder: Path,
    emitted: dict[str, emit.Table],
    results: list[checks.CheckResult],
    registry: Registry,
    guide: str,
    after_table: Callable[[Path], None] | None = None,
) -> None:
    """Every table's package into folder, then the catalogue; `after_table` is called with each
    table's folder as soon as it is written."""
    references = {}
    for name, table in emitted.items():
        if not emit.foreign_keys(table.spec, registry) and table.spec.kind in (
            "codelist",
            "register",
        ):
            references[name] = (encode.csv_bytes(table.spec, table.frame), table)
    catalogue = []
    for name, table in emitted.items():
        files = emit.write_table_package(folder / name, table, registry, references)
        if after_table:
            after_table(folder / name)
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
            **encode.file_facts(report),
        }
    )
    general = guide.encode("utf-8")
    (folder / emit.GUIDE).write_bytes(general)
    catalogue.append(
        {
            "name": "laesevejledning",
            "path": emit.GUIDE,
            "title": "Læsevejledning til hele datasættet",
            "description": "Tabellerne og hvordan de hænger sammen, begreber, forbehold, kontrol, "
            "kilder, og hvordan datasættet citeres.",
            "format": "md",
            "mediatype": "text/markdown",
            "encoding": "utf-8",
            **encode.file_facts(general),
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
        # not "checks": Frictionless takes a JSON file with that key for its own checklist and
        # refuses it, now that the resource carries no type (the v2 profile allows only "table")
        "kontroller": [
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
