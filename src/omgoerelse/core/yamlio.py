"""Reading YAML strictly, with errors that name the file and line.

The project's YAML is written by hand, so a slip must be an error, not a silent other meaning:
- a key given twice in one mapping is an error (PyYAML lets the second win);
- aliases (`*name`) are refused: nothing here needs them, and a few nested ones grow without bound;
- only `true`/`false` are truth values and only plain decimals are numbers: `0101` stays the text
  "0101" (YAML 1.1 reads it as the octal 65), `yes`, `no`, `on` and `1:30` stay text too.
Dates (`2025-09-11`) are still dates.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, ClassVar

import yaml

from omgoerelse.core.errors import BuildError, Problem

# libyaml's parser: 8 times faster, the same documents
_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# The base is chosen at run time (libyaml's where present), which mypy cannot type.
class StrictLoader(_BASE):  # type: ignore[misc, valid-type]
    """The safe loader with YAML 1.2's plain numbers and truths; no repeated keys, no aliases."""

    yaml_implicit_resolvers: ClassVar[dict] = {}

    def construct_object(self, node, deep=False):
        if node in self.constructed_objects:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                "aliases (*name) are not allowed: the value anchored here is used again; write it "
                "out",
                node.start_mark,
            )
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node, deep=False):
        seen, built = {}, []
        for key_node, _ in node.value:
            key = None
            if isinstance(key_node, yaml.ScalarNode) and key_node not in self.constructed_objects:
                key = self.construct_object(key_node, deep=True)
                built.append(key_node)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"the key '{key}' is given twice in one mapping (first on line "
                    f"{seen[key] + 1})",
                    key_node.start_mark,
                )
            if key is not None:
                seen[key] = key_node.start_mark.line
        for key_node in built:  # built above to compare them; building them again is not an alias
            self.constructed_objects.pop(key_node, None)
        return super().construct_mapping(node, deep=deep)


for tag, pattern, first in (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^[-+]?(?:0|[1-9][0-9]*)$", list("-+0123456789")),
    (
        "tag:yaml.org,2002:float",
        r"^[-+]?(?:(?:0|[1-9][0-9]*)\.[0-9]+(?:[eE][-+]?[0-9]+)?|\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+0123456789."),
    ),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:timestamp", r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", list("0123456789")),
):
    StrictLoader.add_implicit_resolver(tag, re.compile(pattern), first)


def load_yaml(path: Path, label: str | None = None) -> Any:
    shown = label or str(path)
    if not path.is_file():
        raise BuildError(Problem(shown, "file is missing"))
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise BuildError(Problem(shown, f"not UTF-8 text ({e.reason} at byte {e.start})")) from None
    return parse_yaml(text, shown)


def parse_yaml(text: str, shown: str) -> Any:
    try:
        return yaml.load(text, Loader=StrictLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(e, "problem", None) or str(e)
        raise BuildError(Problem(shown, f"invalid YAML: {reason}", line=line)) from None


def require_mapping(data: Any, shown: str, keys: tuple[str, ...]) -> list[Problem]:
    """Problems for a YAML document that is not a mapping or lacks required keys."""
    if not isinstance(data, dict):
        return [
            Problem(
                shown,
                f"expected a mapping with keys {', '.join(keys)}, found {type(data).__name__}",
            )
        ]
    return [Problem(shown, f"missing key '{k}'") for k in keys if k not in data]
