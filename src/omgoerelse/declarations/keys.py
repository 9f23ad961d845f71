"""The reference of every key of every declaration file, generated from the models: what
`omgoerelse keys` prints into build/README.md."""

from __future__ import annotations

from omgoerelse.declarations.models import Model, tag
from omgoerelse.declarations.registry_models import (
    Code,
    CodeList,
    CodeSource,
    Constraints,
    Contributor,
    Dataset,
    Derive,
    FieldDef,
    Licence,
    Term,
    UsageWarning,
)
from omgoerelse.declarations.source_models import Column, Document, Register, TableMeta
from omgoerelse.declarations.spec_models import (
    Chart,
    Continued,
    ExternalDenominator,
    KeyFigure,
    Link,
    Mapping,
    OwnChart,
    PercentMatchesCounts,
    Points,
    SameFigureAgrees,
    Share,
    SharesHaveCommonDenominator,
    Spec,
    SumToTotal,
)

FILES: list[tuple[str, list[type[Model]]]] = [
    (
        "build/specs/<table>.yaml",
        [
            Spec,
            Mapping,
            SumToTotal,
            PercentMatchesCounts,
            SameFigureAgrees,
            SharesHaveCommonDenominator,
            Share,
            ExternalDenominator,
            Chart,
            Points,
            OwnChart,
            Continued,
            KeyFigure,
            Link,
        ],
    ),
    ("build/registry/fields.yaml (each field)", [FieldDef, Constraints]),
    ("build/registry/codelists/<list>.yaml", [CodeList, Code, CodeSource, Derive]),
    ("build/registry/glossary.yaml (each term)", [Term]),
    ("build/registry/warnings.yaml (each warning)", [UsageWarning]),
    ("build/registry/dataset.yaml", [Dataset, Licence, Contributor]),
    ("sources/register.yaml", [Register, Document]),
    ("sources/<document>/<table>.meta.yaml", [TableMeta, Column]),
]


def keys_reference() -> str:
    """Every key of every declaration file, from the models: what `omgoerelse keys` prints."""
    out = [
        "# The keys of the declaration files",
        "",
        "Generated from the models in `src/omgoerelse/declarations/` by "
        "`omgoerelse keys > build/README.md`;",
        "a test fails when the two differ. A key not listed here is an error.",
        "",
    ]
    for title, kinds in FILES:
        out += [f"## {title}", ""]
        for kind in kinds:
            out += [
                f"### {kind.__name__}",
                "",
                (kind.__doc__ or "").strip(),
                "",
                "| key | required | description |",
                "|---|---|---|",
            ]
            for name, info in kind.model_fields.items():
                described = info.description or (
                    "Which check: `" + str(tag(kind)) + "`." if name == "check" else ""
                )
                out.append(f"| `{name}` | {'yes' if info.is_required() else 'no'} | {described} |")
            out.append("")
    return "\n".join(out).replace("\n\n\n", "\n\n")
