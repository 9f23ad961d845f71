"""The registry: every field defined once, the code lists, the glossary and the usage warnings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from slugify import slugify

from omgoerelse.core.errors import BuildError, Problem, raise_if
from omgoerelse.core.project import Project
from omgoerelse.core.text import nfc
from omgoerelse.core.yamlio import load_yaml
from omgoerelse.declarations import models, registry_models

TRANSLITERATION = [
    ["æ", "ae"],
    ["ø", "oe"],
    ["å", "aa"],
    ["Æ", "ae"],
    ["Ø", "oe"],
    ["Å", "aa"],
    ["§", "p"],
]


def slug(text: str) -> str:
    """An ASCII snake_case code for a printed label, Danish letters transliterated: p_104."""
    # A comma between digits ("§§ 42,43") separates two paragraphs; slugify would read it as 4243.
    return slugify(text.replace(",", " "), separator="_", replacements=TRANSLITERATION)


FIELD_TYPES = {"string", "integer", "number", "boolean", "date"}
CODELIST_FIELDS = ["kode", "navn", "beskrivelse", "trykte_navne", "medlemmer", "er_aggregat"]


class Code(
    NamedTuple
):  # immutable and quick to make: a derived code list can hold hundreds of thousands
    kode: str
    navn: str
    beskrivelse: str | None
    trykt: tuple[str, ...]
    medlemmer: tuple[str, ...]
    total: bool
    # A group printed as one part beside the others ("Andre love"): it sums its members, but a table
    # that prints it never prints them beside it, so its rows are parts, not totals.
    restgruppe: bool = False

    @property
    def er_aggregat(self) -> bool:
        return self.total or bool(self.medlemmer)


@dataclass
class CodeList:
    name: str
    title: str
    description: str
    codes: dict[str, Code]
    source: dict | None = (
        None  # a printed table that supplies extra columns (e.g. aarsag's numbers)
    )
    path: str = ""
    derive: list[dict] = field(default_factory=list)  # printed tables whose labels become codes
    # Lookups built once from `codes` (a large code list
    # would make every lookup a scan); reset on change.
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    def _remembered(self, key, make):
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def add_printed(self, labels: list[str]) -> None:
        """A code for each printed label (its slug); labels with the same slug share one code."""
        self._memo = {}
        for printed, kode in zip(labels, [slug(t) for t in labels], strict=True):
            code = self.codes.get(kode)
            if code is None:
                self.codes[kode] = Code(kode, printed, None, (printed,), (), False)
            elif printed not in code.trykt:
                self.codes[kode] = Code(
                    kode,
                    code.navn,
                    code.beskrivelse,
                    (*code.trykt, printed),
                    code.medlemmer,
                    code.total,
                )

    def code_for(self, printed: str) -> str | None:
        """The code a printed label stands for, or None if the label is unknown or ambiguous."""
        return self.unambiguous().get(printed)

    def unambiguous(self) -> dict[str, str]:
        """Each printed label that stands for exactly one code, with it (code_for for many)."""
        return self._remembered("unambiguous", self._unambiguous)

    def _unambiguous(self) -> dict[str, str]:
        first: dict[str, str] = {}
        ambiguous: set[str] = set()
        for c in self.codes.values():
            for label in c.trykt:
                if first.setdefault(label, c.kode) != c.kode:
                    ambiguous.add(label)
        return {label: kode for label, kode in first.items() if label not in ambiguous}

    def names(self) -> dict[str, str]:
        """Each code's name, as pages, charts and the Excel copies show it beside the code."""
        return self._remembered("names", lambda: {k: c.navn for k, c in self.codes.items()})

    def aggregates(self) -> frozenset[str]:
        """The codes that sum others (a total, or a code with members)."""
        return self._remembered(
            "aggregates", lambda: frozenset(k for k, c in self.codes.items() if c.er_aggregat)
        )

    def totals(self) -> frozenset[str]:
        """The codes whose rows are totals wherever printed: each aggregate but a residual group."""
        return self._remembered(
            "totals",
            lambda: frozenset(
                k for k, c in self.codes.items() if c.er_aggregat and not c.restgruppe
            ),
        )

    def partition(self, kode: str, present: set[str]) -> tuple[list[str], bool]:
        """The present codes that make up an aggregate, and whether they cover it completely.

        Members missing from `present` are replaced by their own members where they have some. A
        total without listed members covers every other present code not inside another one.
        """
        code = self.codes[kode]
        if not code.medlemmer:
            covered = self.descendants(kode) & present
            # a set operation: a derived list has 200,000 codes
            inside = set().union(*(self.descendants(q) for q in covered & self.aggregates()))
            return sorted(covered - inside), True
        parts, complete = [], True
        for member in code.medlemmer:
            if member in present:
                parts.append(member)
            elif self.codes[member].medlemmer:
                sub, sub_complete = self.partition(member, present)
                parts += sub
                complete = complete and sub_complete
            else:
                complete = False
        return parts, complete

    def descendants(self, kode: str) -> frozenset[str]:
        """Every code an aggregate covers, through nested aggregates; a total covers all others."""
        code = self.codes[kode]
        if code.total:
            return self._remembered(("descendants", kode), lambda: frozenset(self.codes) - {kode})
        return self._remembered(
            ("descendants", kode),
            lambda: frozenset().union(*({m} | self.descendants(m) for m in code.medlemmer)),
        )


@dataclass
class Registry:
    fields: dict[str, dict]
    codelists: dict[str, CodeList]
    glossary: dict[str, dict]
    warnings: dict[str, dict]
    dataset: dict
    paths: dict[str, str] = field(default_factory=dict)

    def codelist_of(self, field_name: str) -> CodeList | None:
        name = self.fields[field_name].get("codelist")
        return self.codelists.get(name) if name else None


def load_registry(project: Project) -> Registry:
    reg = project.registry
    fields = _load_fields(project, reg / "fields.yaml")
    codelists = {}
    for path in sorted((reg / "codelists").glob("*.yaml")):
        cl = _load_codelist(project, path)
        codelists[cl.name] = cl
    glossary = _load_texts(project, reg / "glossary.yaml", registry_models.Term)
    warnings = _load_texts(project, reg / "warnings.yaml", registry_models.UsageWarning)
    dataset = load_yaml(reg / "dataset.yaml", project.rel(reg / "dataset.yaml"))
    models.check(registry_models.Dataset, dataset, project.rel(reg / "dataset.yaml"))
    registry = Registry(fields, codelists, glossary, warnings, dataset)
    _check_codelist_references(project, registry)
    return registry


def _load_fields(project: Project, path: Path) -> dict[str, dict]:
    return _load_entries(project, path, registry_models.FieldDef, "field ")


def _load_codelist(project: Project, path: Path) -> CodeList:
    shown = project.rel(path)
    data = load_yaml(path, shown)
    models.check(registry_models.CodeList, data, shown)
    if data["name"] != path.stem:
        raise BuildError(
            Problem(shown, f"name '{data['name']}' must match the file name '{path.stem}'")
        )
    codes: dict[str, Code] = {}
    problems = []
    for entry in data["codes"] or []:
        if entry["kode"] in codes:
            problems.append(Problem(shown, f"code '{entry['kode']}' is defined twice"))
        codes[entry["kode"]] = Code(
            kode=entry["kode"],
            navn=entry["navn"],
            beskrivelse=entry.get("beskrivelse"),
            trykt=tuple(nfc(t) for t in entry.get("trykt") or ()),  # as transcriptions are
            medlemmer=tuple(entry.get("medlemmer") or ()),
            total=bool(entry.get("total")),
            restgruppe=bool(entry.get("restgruppe")),
        )
    for code in codes.values():
        for member in code.medlemmer:
            if member not in codes:
                problems.append(
                    Problem(shown, f"code '{code.kode}' lists unknown member '{member}'")
                )
    raise_if(problems)
    cl = CodeList(
        data["name"],
        data["title"],
        data["description"],
        codes,
        data.get("source"),
        shown,
        list(data.get("derive") or []),
    )
    _check_no_cycles(cl)
    return cl


def _check_no_cycles(cl: CodeList) -> None:
    def visit(kode: str, trail: tuple[str, ...]) -> None:
        if kode in trail:
            raise BuildError(
                Problem(cl.path, f"code '{kode}' is its own member: {' → '.join((*trail, kode))}")
            )
        for member in cl.codes[kode].medlemmer:
            visit(member, (*trail, kode))

    for kode in cl.codes:
        visit(kode, ())


def _load_texts(project: Project, path: Path, model: type[models.Model]) -> dict[str, dict]:
    return _load_entries(project, path, model)


def _load_entries(
    project: Project, path: Path, model: type[models.Model], kind: str = ""
) -> dict[str, dict]:
    """Names mapped to entries, each checked against the model; every fault reported at once."""
    shown = project.rel(path)
    data = load_yaml(path, shown)
    if not isinstance(data, dict):
        raise BuildError(Problem(shown, "expected a mapping of names to entries"))
    problems = []
    for name, entry in data.items():
        try:
            models.check(model, entry, f"{shown} ({kind}{name})")
        except BuildError as e:
            problems += e.problems
    raise_if(problems)
    return data


def _check_codelist_references(project: Project, registry: Registry) -> None:
    known = set(registry.codelists) | {"kilder"}
    problems = [
        Problem(
            project.rel(project.registry / "fields.yaml"),
            f"field '{name}' refers to unknown code list '{spec['codelist']}'",
        )
        for name, spec in registry.fields.items()
        if spec.get("codelist") and spec["codelist"] not in known
    ]
    raise_if(problems)
