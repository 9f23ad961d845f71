"""The fast, column-by-column tidy against the plain one (a loop over every printed cell): the same
observations, figures, markers and lines, on the real sources and on generated ones."""

from __future__ import annotations

import pytest

from conftest import copy_inputs
from omgoerelse.bench.synthetic import synthetic_tabel_4_8
from omgoerelse.declarations.registry import load_registry
from omgoerelse.declarations.specs import load_specs
from omgoerelse.sources.tables import load_tables
from omgoerelse.sources.transcriptions import load_register
from omgoerelse.tidy.frame import dimensions, plain_value
from omgoerelse.tidy.observations import tidy
from omgoerelse.tidy.plain import tidy_plainly


def _inputs(root):
    registry = load_registry(root)
    specs = load_specs(root, registry)
    return specs, load_tables(root, specs, registry, load_register(root)), registry


def _fast(spec, tables, registry) -> list[tuple]:
    obs = tidy(spec, tables, registry)
    measures = [c.removeprefix("_line:") for c in obs.columns if c.startswith("_line:")]
    out = []
    for i in range(len(obs)):
        dims = tuple(plain_value(obs[d].iat[i]) for d in dimensions(spec))
        figures = tuple(
            sorted(
                (m, plain_value(obs[m].iat[i]), plain_value(obs[f"_line:{m}"].iat[i]))
                for m in measures
                if plain_value(obs[f"_line:{m}"].iat[i]) is not None
            )
        )
        out.append(
            (
                str(obs["_source"].iat[i]),
                dims,
                figures,
                plain_value(obs["markoer"].iat[i]),
                int(obs["_line"].iat[i]),
            )
        )
    return out


def _plain(spec, tables, registry) -> list[tuple]:
    out = []
    for o in tidy_plainly(spec, tables, registry):
        figures = tuple(
            sorted(
                (k.removeprefix("_line:"), o[k.removeprefix("_line:")], o[k])
                for k in o
                if k.startswith("_line:")
            )
        )
        out.append(
            (
                o["_source"],
                tuple(o.get(d) for d in dimensions(spec)),
                figures,
                o.get("markoer"),
                o["_line"],
            )
        )
    return out


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    return _inputs(copy_inputs(tmp_path_factory.mktemp("plain")))


def test_fast_and_plain_tidy_agree_on_the_real_sources(real):
    specs, tables, registry = real
    compared = 0
    for spec in specs.values():
        if spec.kind != "observations":
            continue
        fast, plain = _fast(spec, tables, registry), _plain(spec, tables, registry)
        assert fast == plain, spec.name
        compared += len(fast)
    assert compared > 1000


def test_fast_and_plain_tidy_agree_on_generated_sources(tmp_path):
    project = copy_inputs(tmp_path)
    synthetic_tabel_4_8(project.root, provisions=3000, seed=7)
    specs, tables, registry = _inputs(project)
    spec = specs["sager_efter_bestemmelse"]
    fast, plain = _fast(spec, tables, registry), _plain(spec, tables, registry)
    assert len(fast) >= 3000 * 4 and fast == plain
