"""Metadata for catalogues and citation: DCAT-AP-DK, schema.org JSON-LD and CITATION.cff."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import rdflib
import yaml
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, RDFS, SKOS, XSD

from conftest import next_patch, table_count
from omgoerelse.core.checksums import read_sums
from omgoerelse.publish.releases import load_releases

REPO = Path(__file__).resolve().parents[1]
SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
SDO = rdflib.Namespace("https://schema.org/")
VCARD = rdflib.Namespace("http://www.w3.org/2006/vcard/ns#")
HAS_VERSION = rdflib.URIRef(str(DCAT) + "hasVersion")  # DCAT 3, which rdflib's DCAT lacks
VERSION = rdflib.URIRef(str(DCAT) + "version")


def test_dcat_catalogue_parses_and_carries_the_required_properties(built):
    data = built.root / "site/data"
    graph = rdflib.Graph().parse(
        data=(data / "dcat.jsonld").read_text(encoding="utf-8"), format="json-ld"
    )
    [catalogue] = graph.subjects(RDF.type, DCAT.Catalog)
    for prop in (
        DCTERMS.title,
        DCTERMS.description,
        DCTERMS.publisher,
        FOAF.homepage,
        DCTERMS.license,
    ):
        assert graph.value(catalogue, prop) is not None, prop
    tables = set(graph.objects(catalogue, DCAT.dataset))
    names = json.loads((data / "latest/datapackage.json").read_text(encoding="utf-8"))["resources"]
    assert len(tables) == len([r for r in names if r.get("format") == "csv"]) == table_count()
    releases = load_releases(built)
    sums = {r.version: read_sums(r.folder / "SHA256SUMS") for r in releases}
    for table in tables:
        for prop in (
            DCTERMS.title,
            DCTERMS.description,
            DCTERMS.publisher,
            DCTERMS.language,
            DCAT.theme,
            DCAT.contactPoint,
        ):
            assert graph.value(table, prop) is not None, (table, prop)
        versions = list(graph.objects(table, HAS_VERSION))
        # every released version that holds the table (a table added later has fewer)
        name = str(graph.value(table, DCTERMS.identifier)).rsplit("/", 1)[1]
        holding = [v for v, files in sums.items() if f"{name}/{name}.csv" in files]
        assert sorted(str(graph.value(v, OWL.versionInfo)) for v in versions) == sorted(holding)
        for dataset in [table, *versions]:
            distributions = list(graph.objects(dataset, DCAT.distribution))
            assert len(distributions) == 4  # CSV, Parquet, XLSX, datapackage.json
            for d in distributions:
                for prop in (
                    DCAT.accessURL,
                    DCTERMS.format,
                    DCTERMS.license,
                    DCAT.mediaType,
                ):
                    assert graph.value(d, prop) is not None, (d, prop)
        for v in versions:
            version = str(graph.value(v, OWL.versionInfo))
            for d in graph.objects(v, DCAT.distribution):
                path = str(d).split(f"/data/{version}/", 1)[1]
                assert path in sums[version], path
                checksum = graph.value(graph.value(d, SPDX.checksum), SPDX.checksumValue)
                served = (data / version / path).read_bytes()
                assert str(checksum) == hashlib.sha1(served).hexdigest(), path


def test_the_catalogue_holds_only_what_both_dcat_ap_3_and_dcat_ap_dk_accept(built):
    """What the official shapes (DCAT-AP 3.0.1 and DCAT-AP-DK 2.0.2) found wrong before, held
    here as triples, since the shapes themselves cannot be kept in this repository: a checksum
    in SHA-1 (the only algorithm DCAT-AP-DK allows) with its classes and a hex value; no byte
    size (the two profiles require different datatypes for it); one creator per dataset; every
    referenced thing typed with the class its range wants."""
    graph = catalogue_graph(built)
    distributions = set(graph.subjects(RDF.type, DCAT.Distribution))
    assert distributions and not list(graph.subject_objects(DCAT.byteSize))
    for d in distributions:
        [checksum] = graph.objects(d, SPDX.checksum)
        assert (checksum, RDF.type, SPDX.Checksum) in graph
        algorithm = graph.value(checksum, SPDX.algorithm)
        assert algorithm == SPDX.checksumAlgorithm_sha1
        assert (algorithm, RDF.type, SPDX.ChecksumAlgorithm) in graph
        value = graph.value(checksum, SPDX.checksumValue)
        assert value.datatype == XSD.hexBinary and re.fullmatch(r"[0-9a-f]{40}", str(value))
        assert (graph.value(d, DCAT.mediaType), RDF.type, DCTERMS.MediaType) in graph
        assert (graph.value(d, DCTERMS.format), RDF.type, DCTERMS.MediaTypeOrExtent) in graph
    datasets = set(graph.subjects(RDF.type, DCAT.Dataset))
    for dataset in datasets:
        assert len(list(graph.objects(dataset, DCTERMS.creator))) == 1, dataset
        theme = graph.value(dataset, DCAT.theme)
        assert (theme, RDF.type, SKOS.Concept) in graph and graph.value(theme, SKOS.prefLabel)
        assert (graph.value(dataset, DCAT.contactPoint), RDF.type, VCARD.Kind) in graph
        assert (graph.value(dataset, DCTERMS.language), RDF.type, DCTERMS.LinguisticSystem) in (
            graph
        )
        assert (graph.value(dataset, DCTERMS.spatial), RDF.type, DCTERMS.Location) in graph
    [catalogue] = graph.subjects(RDF.type, DCAT.Catalog)
    assert (graph.value(catalogue, DCAT.themeTaxonomy), RDF.type, SKOS.ConceptScheme) in graph


def catalogue_graph(built) -> rdflib.Graph:
    text = (built.root / "site/data/dcat.jsonld").read_text(encoding="utf-8")
    return rdflib.Graph().parse(data=text, format="json-ld")


def test_a_harvester_makes_one_dataset_per_table_with_its_versions_inside(built):
    """As CKAN's DCAT harvester reads a catalogue: every subject typed dcat:Dataset becomes a
    dataset. One per table, no two with the same title; the versions ride along."""
    graph = catalogue_graph(built)
    harvested = set(graph.subjects(RDF.type, DCAT.Dataset))
    titles = [str(graph.value(d, DCTERMS.title)) for d in harvested]
    assert len(harvested) == table_count() and len(set(titles)) == len(titles)
    versions = {v for d in harvested for v in graph.objects(d, HAS_VERSION)}
    assert versions and not versions & harvested
    assert all(graph.value(v, VERSION) is not None for v in versions)
    # yet each version is a dataset to a reader that follows classes (DCAT-AP 3's range for
    # dcat:hasVersion): its class is declared a subclass of dcat:Dataset
    classes = {graph.value(v, RDF.type) for v in versions}
    assert len(classes) == 1 and (classes.pop(), RDFS.subClassOf, DCAT.Dataset) in graph


def test_each_table_is_credited_to_the_publishers_of_its_figures(built):
    graph = catalogue_graph(built)
    credited = {
        str(graph.value(d, DCTERMS.identifier)).rsplit("/", 1)[1]: [
            str(graph.value(c, FOAF.name))
            for prop in (DCTERMS.creator, DCTERMS.contributor)
            for c in graph.objects(d, prop)
        ]
        for d in graph.subjects(RDF.type, DCAT.Dataset)
    }
    # the publisher with the most rows is the creator; the others contribute
    assert credited["danmarkskort"] == ["Social- og Boligministeriet", "Norddjurs Kommune"]
    assert credited["sager_efter_udfald"] == ["Ankestyrelsen"]
    assert all(credited.values())


def test_the_catalogue_s_references_carry_the_classes_the_dcat_ap_ranges_want(built):
    graph = catalogue_graph(built)
    [catalogue] = graph.subjects(RDF.type, DCAT.Catalog)
    licences = set(graph.objects(None, DCTERMS.license))
    assert licences and all((lic, RDF.type, DCTERMS.LicenseDocument) in graph for lic in licences)
    pages = set(graph.objects(None, DCAT.landingPage)) | {graph.value(catalogue, FOAF.homepage)}
    assert all((page, RDF.type, FOAF.Document) in graph for page in pages)
    for prop in (DCTERMS.issued, DCTERMS.modified, DCAT.themeTaxonomy):
        assert graph.value(catalogue, prop) is not None, prop


def test_every_table_page_has_schema_org_dataset(built):
    pages = sorted((built.root / "site/tabeller").glob("*/index.html"))
    assert len(pages) == table_count()
    for page in pages:
        [block] = re.findall(
            r'<script type="application/ld\+json">(.*?)</script>',
            page.read_text(encoding="utf-8"),
            re.S,
        )
        about = json.loads(block)
        assert about["@context"] == "https://schema.org" and about["@type"] == "Dataset"
        # offline: the same vocabulary, no fetch
        about["@context"] = {"@vocab": "https://schema.org/"}
        graph = rdflib.Graph().parse(data=json.dumps(about), format="json-ld")
        [dataset] = graph.subjects(RDF.type, SDO.Dataset)
        for prop in (
            "name",
            "description",
            "url",
            "license",
            "creator",
            "version",
            "distribution",
            "keywords",
            "citation",
            "includedInDataCatalog",
            "dateModified",
        ):
            assert graph.value(dataset, SDO[prop]) is not None, (page, prop)
        assert len(about["description"]) >= 50, page
        assert (
            about["version"] in about["distribution"][0]["contentUrl"]
            or "/latest/" in about["distribution"][0]["contentUrl"]
        )
    about = json.loads(
        re.findall(
            r'<script type="application/ld\+json">(.*?)</script>',
            (built.root / "site/tabeller/landstal/index.html").read_text(encoding="utf-8"),
            re.S,
        )[0]
    )
    assert about["temporalCoverage"] == "2011/2024"
    assert {v["name"] for v in about["variableMeasured"]} >= {"antal_sager", "procent_trykt"}
    assert {c["name"] for c in about["creator"]} >= {"Ankestyrelsen", "Social- og Boligministeriet"}


def test_citation_cff_is_current_and_complete(built):
    committed = (REPO / "CITATION.cff").read_text(encoding="utf-8")
    assert committed == (built.root / "CITATION.cff").read_text(encoding="utf-8"), (
        "CITATION.cff is generated: run omgoerelse build"
    )
    cff = yaml.safe_load(committed)
    assert {"cff-version", "message", "title", "authors", "version", "date-released"} <= set(cff)
    names = [a["name"] for a in cff["authors"]]
    assert names[0] == "Ankestyrelsen" and len(names) == len(set(names)) >= 2, "the publisher first"
    assert all(set(a) == {"name"} for a in cff["authors"]), "organisations, never parsed as persons"
    dataset = yaml.safe_load((REPO / "build/registry/dataset.yaml").read_text(encoding="utf-8"))
    built_version = json.loads(
        (built.datapackage / "datapackage.json").read_text(encoding="utf-8")
    )["version"]
    assert (
        cff["version"] == built_version
        and cff["date-released"] == dataset["version_date"].isoformat()
    )
    assert built_version in (dataset["version"], f"{next_patch(dataset['version'])}-dev"), (
        "released, or the next unreleased"
    )
