"""The declarations' models: every key documented, the reference generated, one list of checks."""

from __future__ import annotations

import typing
from pathlib import Path

from omgoerelse.checks.rules import CHECKS
from omgoerelse.declarations import keys, models, registry_models, source_models, spec_models

REPO = Path(__file__).resolve().parents[1]


def test_the_keys_reference_is_generated_from_the_models():
    written = (REPO / "build/README.md").read_text(encoding="utf-8")
    assert written == keys.keys_reference(), "run `omgoerelse keys > build/README.md`"


def test_every_key_of_every_model_is_documented_and_listed():
    listed = {kind for _, kinds in keys.FILES for kind in kinds}
    every = {
        m
        for module in (source_models, spec_models, registry_models)
        for m in vars(module).values()
        if isinstance(m, type) and issubclass(m, models.Model) and m is not models.Model
    }
    assert every == listed, "a model missing from the reference"
    reference = keys.keys_reference()
    for kind in every:
        assert (kind.__doc__ or "").strip(), kind
        for name, info in kind.model_fields.items():
            assert info.description or name == "check", (kind.__name__, name)
            assert f"| `{name}` |" in reference


def test_one_list_of_checks_the_specs_may_declare():
    declarable = {name for name, kind in CHECKS.items() if kind.declared_as is not None}
    union = typing.get_args(typing.get_args(spec_models.Check)[0])
    assert {models.tag(m) for m in union} == declarable
    assert all(
        CHECKS[name].declared_as is next(m for m in union if models.tag(m) == name)
        for name in declarable
    )
    assert all(kind.description and kind.run for kind in CHECKS.values())
