"""Rows of the reference tables: the code lists, the source register, the discrepancy register."""

from __future__ import annotations

from omgoerelse.core.errors import BuildError, Problem, raise_if
from omgoerelse.core.project import Project
from omgoerelse.core.text import visible
from omgoerelse.core.yamlio import load_yaml, require_mapping
from omgoerelse.declarations.registry import CODELIST_FIELDS, CodeList
from omgoerelse.declarations.specs import TableSpec
from omgoerelse.sources.transcriptions import Document, SourceTable
from omgoerelse.tidy.frame import plain_value

SEP = " | "
DISCREPANCY_REGISTER = "afvigelser.yaml"  # in sources/
DISCREPANCY_KEYS = (
    "tabel",
    "kontrol",
    "kilde_dokument",
    "kilde_tabel",
    "kilde_raekke",
    "kilde_kolonne",
    "forventet",
    "fundet",
    "forklaring",
)


def codelist_spec(cl: CodeList) -> TableSpec:
    """The emitted table of a code list, described from the code list itself."""
    extra = list((cl.source or {}).get("columns", {}))
    return TableSpec(
        name=cl.name,
        kind="codelist",
        title=f"Kodeliste: {cl.title}",
        theme="Kodelister",
        description=cl.description,
        population=f"Alle koder i kodelisten {cl.name}.",
        period="Gælder alle år.",
        unit="En kode pr. række.",
        fields=[CODELIST_FIELDS[0], *extra, *CODELIST_FIELDS[1:]],
        primary_key=["kode"],
        path=cl.path,
        sources=[],
        not_shown=["Tal; kodelisten forklarer koderne, som datatabellerne bruger."],
    )


def codelist_rows(cl: CodeList, tables: dict[str, SourceTable]) -> list[dict]:
    extra = _source_columns(cl, tables)
    return [
        {
            "kode": code.kode,
            **extra.get(code.kode, {}),
            "navn": code.navn,
            "beskrivelse": code.beskrivelse,
            "trykte_navne": SEP.join(code.trykt) or None,
            "medlemmer": SEP.join(code.medlemmer) or None,
            "er_aggregat": code.er_aggregat,
        }
        for code in cl.codes.values()
    ]


def _source_columns(cl: CodeList, tables: dict[str, SourceTable]) -> dict[str, dict]:
    """Values a printed table gives for codes (e.g. the category numbers of Tabel 1)."""
    if not cl.source:
        return {}
    table = tables[cl.source["table"]]
    found, problems = {}, []
    label = cl.source["label"]
    for i, printed in enumerate(table.printed[label]):
        kode = cl.code_for(printed)
        if kode is None:
            problems.append(
                Problem(
                    str(table.path),
                    f"'{visible(printed)}' is not a printed name in code list '{cl.name}'",
                    int(table.line[i]),
                    label,
                )
            )
            continue
        found[kode] = {
            field: plain_value(table.value[column].iat[i])
            for field, column in cl.source["columns"].items()
        }
    raise_if(problems)
    return found


def register_rows(documents: dict[str, Document]) -> list[dict]:
    return [
        {
            "kode": d.id,
            "navn": d.title,
            # why the title or the publication date is formed, where the document prints neither,
            # and why a document has no address
            "beskrivelse": " ".join(n for n in (d.title_note, d.published_note, d.url_note) if n)
            or None,
            "udgiver": d.publisher,
            "udgivet": d.published,
            "data_trukket": d.data_drawn,
            "laest": d.accessed,
            "url": d.url,
        }
        for d in documents.values()
    ]


def load_discrepancies(project: Project) -> list[dict]:
    path = project.sources / DISCREPANCY_REGISTER
    shown = project.rel(path)
    data = load_yaml(path, shown)
    raise_if(require_mapping(data, shown, ("discrepancies",)))
    entries = data["discrepancies"] or []
    problems = []
    for i, entry in enumerate(entries):
        problems += require_mapping(entry, f"{shown} (entry {i + 1})", DISCREPANCY_KEYS)
        if isinstance(entry, dict) and not str(entry.get("forklaring") or "").strip():
            problems.append(
                Problem(
                    shown, f"entry {i + 1}: forklaring must explain why the figure is published"
                )
            )
    raise_if(problems)
    return entries


def discrepancy_key(entry: dict) -> tuple:
    return tuple(entry[k] for k in DISCREPANCY_KEYS[:6])


def check_register_used(project: Project, entries: list[dict], matched: set[tuple]) -> None:
    stale = [e for e in entries if discrepancy_key(e) not in matched]
    if stale:
        shown = project.rel(project.sources / DISCREPANCY_REGISTER)
        raise BuildError(
            [
                Problem(
                    shown,
                    "entry no longer matches a failing check (remove it or correct it): "
                    f"{discrepancy_key(e)}",
                )
                for e in stale
            ]
        )
