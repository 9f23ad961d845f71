"""The reading guide (LAESEVEJLEDNING.md) of a table, generated from its spec and the glossary.

Every guide has the same sections, in Danish: what the table shows, its fields, the terms, what it
does not show, caveats, notes, sources and how to cite it. The sentences are in
publish/templates/; this module gathers what they print.
"""

from __future__ import annotations

from pathlib import Path

from omgoerelse.core.templating import Templates
from omgoerelse.declarations.registry import Registry
from omgoerelse.declarations.specs import TableSpec
from omgoerelse.publish.cite import citation_text
from omgoerelse.publish.emit import XLSX_MAX_ROWS, has_xlsx
from omgoerelse.sources.transcriptions import Document, SourceTable

GUIDES = Templates(Path(__file__).resolve().parent / "templates")
# as laesevejledning.md writes it: a table's page shows the guide up to here, with its own citation
CITE_HEADING = "## Sådan citerer du"


def reading_guide(
    spec: TableSpec,
    n_rows: int,
    registry: Registry,
    tables: dict[str, SourceTable],
    documents: dict[str, Document],
) -> str:
    fields = [
        {
            "name": f,
            "title": registry.fields[f]["title"],
            "description": registry.fields[f]["description"],
            "unit": registry.fields[f].get("unit"),
        }
        for f in spec.fields
    ]
    return GUIDES.render(
        "laesevejledning.md",
        spec=spec,
        rows=n_rows,
        excel=has_xlsx(n_rows),
        excel_max_rows=XLSX_MAX_ROWS,
        fields=fields,
        terms=[registry.glossary[t] for t in spec.terms],
        warnings={w: registry.warnings[w] for w in spec.usage_warnings},
        source_tables=[tables[t] for t in spec.source_tables],
        citation=citation_text(
            registry, spec, {tables[t].document.publisher for t in spec.source_tables}
        ),
        credit=registry.dataset["credit"],
    )


def general_guide(tables: dict, registry: Registry, documents: dict[str, Document]) -> str:
    """The dataset's reading guide: tables by theme, all terms, all caveats, sources, citing."""
    themes: dict[str, list] = {}
    for table in tables.values():
        themes.setdefault(table.spec.theme, []).append(table.spec)
    return GUIDES.render(
        "laesevejledning_samlet.md",
        dataset=registry.dataset,
        themes=sorted(themes.items()),
        glossary=registry.glossary,
        warnings=registry.warnings,
        documents=list(documents.values()),
        citation=citation_text(registry),
    )
