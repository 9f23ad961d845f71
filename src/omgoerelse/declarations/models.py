"""The shape of every hand-written YAML file, as models that refuse what they do not know.

One model per kind of file: the source register and a transcription's metadata (source_models.py), a
table spec with its source mappings, checks, chart, key figure and links (spec_models.py), a code
list, the field registry, the glossary, the usage warnings and dataset.yaml (registry_models.py).
Every key is declared with a description, so a typo (`check:` for `checks:`, `lables:`) is an error
that names the file and the key, with the nearest known key (check, here), and `build/README.md` is
generated from these descriptions (keys.py, `omgoerelse keys`). Values are taken as they are:
`optional: nej` is not a truth value, and `"5"` is not a number.
"""

from __future__ import annotations

import difflib
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, ValidationError
from pydantic_core import ErrorDetails

from omgoerelse.core.errors import BuildError, Problem

Text = Annotated[StrictStr, Field(min_length=1)]
Value = StrictStr | StrictInt | StrictBool  # a code, a year or a truth value in a selection
Where = dict[StrictStr, Value]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def check(model: type[Model], data: Any, shown: str) -> Any:
    """Validate `data` (read from the file `shown`) against `model`; every fault becomes a problem
    that names the file and the key, with the nearest known key for an unknown one."""
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise BuildError([Problem(shown, _message(model, error)) for error in e.errors()]) from None


def _message(model: type[Model], error: ErrorDetails) -> str:
    where = ".".join(
        str(part)
        for part in error["loc"]
        if not str(part).startswith(("function-after", "tagged-union"))
    )
    if error["type"] == "extra_forbidden":
        key, known = str(error["loc"][-1]), _known_keys(model, error["loc"][:-1])
        near = difflib.get_close_matches(key, known, n=1)
        hint = f"; did you mean '{near[0]}'?" if near else f" (known: {', '.join(sorted(known))})"
        return f"{where}: unknown key '{key}'{hint}"
    if error["type"] == "missing":
        return f"{where}: missing key"
    if error["type"] == "union_tag_invalid":
        given, expected = (
            str(error["ctx"]["tag"]),
            [t.strip(" '") for t in str(error["ctx"]["expected_tags"]).split(",")],
        )
        near = difflib.get_close_matches(given, expected, n=1)
        hint = f"did you mean '{near[0]}'?" if near else f"known: {', '.join(expected)}"
        return f"{where}: unknown check '{given}'; {hint}"
    return f"{where}: {error['msg']}, found {error.get('input')!r}"


def _known_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys the model at `loc` knows, following the path through lists, dicts and unions."""
    candidates: list[type[BaseModel]] = [model]
    for part in loc:
        if isinstance(part, int):
            continue
        tagged = [m for m in candidates if tag(m) == part]
        if tagged:  # pydantic names a tagged union's member by its tag
            candidates = tagged
            continue
        owners = [m for m in candidates if part in m.model_fields]
        if owners:
            candidates = _inner_models(owners[0].model_fields[part].annotation) or candidates
    return list(candidates[0].model_fields) if len(candidates) == 1 else []


def _inner_models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _inner_models(arg)]


def tag(model: type[BaseModel]) -> str | None:
    """The check a model of a spec's `checks:` entry declares (its `check`); None for others."""
    field = model.model_fields.get("check")
    args = getattr(field.annotation, "__args__", ()) if field is not None else ()
    return args[0] if args else None
