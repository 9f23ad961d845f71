"""The printed tables the build needs: every one a spec or code list names, each read strictly, and
every transcription used; code lists that take their codes from printed labels get them here."""

from __future__ import annotations

from omgoerelse.core.errors import BuildError, Problem, raise_if
from omgoerelse.core.project import Project
from omgoerelse.declarations.registry import Registry
from omgoerelse.declarations.specs import TableSpec
from omgoerelse.sources.transcriptions import Document, SourceTable, load_source_table


def load_tables(
    project: Project,
    specs: dict[str, TableSpec],
    registry: Registry,
    documents: dict[str, Document],
) -> dict[str, SourceTable]:
    """Every printed table a spec or code list names, read strictly; all problems at once."""
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
    """Code lists whose codes are printed labels (e.g. the provisions of Tabel 4.8)."""
    for cl in registry.codelists.values():
        for d in cl.derive:
            table = tables[d["table"]]
            labels = table.printed[d["label"]][table.value[d["label"]].notna()]
            cl.add_printed(labels.unique().tolist())
