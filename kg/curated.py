"""Curated sources merged into the graph, and ``kg import``.

Two curated sources are read: the asset files of Stanford CRFM's Ecosystem Graphs (YAML lists of assets with
``type``, ``name``, ``organization``, ``created_date``, ``dependencies``, ``access``, ``license``, ...) and Epoch
AI's table of notable AI models (CSV with ``Model``, ``Organization``, ``Publication date``,
``Model accessibility``, ``Base model``, ...). Each record becomes an article-like source (id
``curated:SOURCE:...``, its own date, url ``""``) whose text is one generated statement of the record; every fact
of the record has that statement as evidence, with rule and pipeline version ``curated:SOURCE``. Names go through
the same entity resolution as news: the registry first, then the entities already in the store, then the
deterministic ``type-prefix:slug`` id, so "Llama 2-70B" from Epoch lands on the node the news made for "Llama 2 70B".

What a record states:

- Ecosystem Graphs ``model`` (AIModel) and ``application`` (Product): ``organization DEVELOPED asset`` (qualifier
  ``date``: the created date); for models ``OPEN_WEIGHTS`` from ``access`` (open -> true; limited, closed -> false)
  and ``LICENSED_UNDER`` a named licence (not "unknown", "none" or "custom"); a model depending on a model is
  ``BASED_ON`` it; an application depending on a model makes the model ``AVAILABLE_VIA`` it. Datasets are skipped.
- Epoch: ``organization DEVELOPED model``; ``OPEN_WEIGHTS`` from ``Model accessibility`` (Open weights ... -> true;
  API access, Hosted access, Unreleased -> false); ``BASED_ON`` the ``Base model``.

:func:`import_paths` is what ``kg import`` runs: it also reads RDF exports back (:func:`kg.rdf.import_rdf`).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kg.errors import InputError, KGError
from kg.model import Article, Entity, Evidence, Extraction, Relation
from kg.names import entity_id, normalise, slug
from kg.stores.base import GraphStore, WriteResult
from ontology.loader import RegistryEntry

__all__ = [
    "SOURCES",
    "IMPORT_FORMATS",
    "Resolver",
    "ImportReport",
    "ecosystem_graphs_extractions",
    "epoch_extractions",
    "store_entities",
    "import_paths",
]

#: Curated sources: the name used in article ids (``curated:NAME:...``), rules and pipeline versions.
SOURCES = {"ecosystem-graphs": "Ecosystem Graphs", "epoch": "Epoch AI"}
IMPORT_FORMATS = ("auto", "ttl", "jsonld", "nq", "ecosystem-graphs", "epoch")

_SUFFIXES = {".yaml": "ecosystem-graphs", ".yml": "ecosystem-graphs", ".csv": "epoch", ".ttl": "ttl",
             ".jsonld": "jsonld", ".json-ld": "jsonld", ".json": "jsonld", ".nq": "nq"}  # fmt: skip
_EG_TYPES = {"model": "AIModel", "application": "Product"}
_NOT_A_LICENCE = {"", "unknown", "none", "custom", "n/a", "na", "unspecified", "proprietary", "other"}
_ISO = re.compile(r"(\d{4}-\d{2}-\d{2})")
#: Organization names of a curated source that mean a registry organization of another name.
_ORGANIZATION_NAMES = {"epoch": {"meta ai": "Meta"}}


class Resolver:
    """Names to entities: the registry first, then entities already in the store, then ``type-prefix:slug``.

    A lookup is by type and normalised name or alias (:func:`kg.names.normalise`); a name the resolver has minted
    an id for is remembered, so every record of an import agrees.

    Examples
    --------
    >>> from ontology import load_registry
    >>> Resolver(load_registry()).resolve("Meta Platforms", "Organization").id
    'org:meta'
    >>> Resolver().resolve("Llama 2-70B", "AIModel").id
    'model:llama-2-70b'
    """

    def __init__(self, registry: Iterable[RegistryEntry] = (), known: Iterable[dict[str, Any]] = ()):
        self._index: dict[tuple[str, str], tuple[str, str, str | None]] = {}
        for e in registry:
            for surface in (e.name, *e.aliases):
                self._index.setdefault((e.type, normalise(surface)), (e.id, e.name, e.wikidata))
        for e in known:
            for surface in (e["name"], *(e.get("aliases") or ())):
                self._index.setdefault((e["type"], normalise(surface)), (e["id"], e["name"], e.get("wikidata")))

    def resolve(self, name: str, entity_type: str) -> Entity:
        """The entity a name of the given type refers to; the name becomes an alias when it is not the canonical one."""
        name = " ".join(name.split())
        key = (entity_type, normalise(name))
        if key not in self._index:
            self._index[key] = (entity_id(entity_type, name), name, None)
        found_id, canonical, wikidata = self._index[key]
        aliases = (name,) if name != canonical else ()
        return Entity(id=found_id, name=canonical, type=entity_type, aliases=aliases, wikidata=wikidata)


def store_entities(store: GraphStore) -> list[dict[str, Any]]:
    """The entities already in the store (id, type, name, aliases, wikidata), for a :class:`Resolver`."""
    rows = store.query("MATCH (n:Entity) RETURN n.id, labels(n), n.name, n.aliases, n.wikidata", limit=10**9).rows
    return [
        {"id": i, "type": next((t for t in labels if t != "Entity"), "Entity"), "name": name,
         "aliases": aliases or [], "wikidata": wikidata}
        for i, labels, name, aliases, wikidata in rows
    ]  # fmt: skip


# -- one record -> one extraction ---------------------------------------------------------------------------


def _value(field_value: Any) -> Any:
    """Ecosystem Graphs fields are a value, or ``{value: ..., explanation: ...}``."""
    if isinstance(field_value, dict):
        return field_value.get("value")
    return field_value


def _iso_date(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    match = _ISO.match(str(value or "").strip())
    return match.group(1) if match else ""


def _names(value: Any) -> list[str]:
    if isinstance(value, list):
        items = [str(v) for v in value]
    else:
        items = re.split(r"[,;]", str(value or ""))
    return [n.strip() for n in items if n.strip() and n.strip().lower() not in {"unknown", "none", "n/a"}]


@dataclass
class _Record:
    """What one curated record states, before it becomes an Extraction."""

    source: str
    kind: str  # "model", "application"
    name: str
    entity_type: str
    file: str
    date: str
    organizations: list[str] = field(default_factory=list)
    open_weights: str | None = None  # "true" / "false"
    access: str = ""
    license: str = ""
    based_on: list[str] = field(default_factory=list)
    powered_by: list[str] = field(default_factory=list)

    def statement(self) -> str:
        parts = [f"{SOURCES[self.source]}: {self.kind} {self.name}"]
        if self.organizations:
            parts[0] += f" by {' and '.join(self.organizations)}"
        epoch = self.source == "epoch"
        if self.date:
            parts.append(f"{'published' if epoch else 'created'} {self.date}")
        if self.access:
            parts.append(f"{'accessibility' if epoch else 'access'} {self.access}")
        if self.license:
            parts.append(f"license {self.license}")
        if self.based_on:
            parts.append(f"based on {', '.join(self.based_on)}")
        if self.powered_by:
            parts.append(f"built on {', '.join(self.powered_by)}")
        return ", ".join(parts) + "."

    def extraction(self, resolver: Resolver, today: dt.date) -> Extraction:
        rule = f"curated:{self.source}"
        text = self.statement()
        date, date_source = (self.date, "given") if self.date else (today.isoformat(), "ingested")
        article = Article(
            id=f"curated:{self.source}:{self.kind}:{slug(self.name)}", text=text,
            title=f"{SOURCES[self.source]}: {self.name}", url="", source=f"{self.source}:{self.file}",
            date=date, date_source=date_source,
        )  # fmt: skip
        evidence = Evidence(article_id=article.id, sentence=text, start=0, end=len(text), rule=rule,
                            confidence=1.0, pipeline_version=rule, url="", title=article.title, date=date)  # fmt: skip
        entities: dict[str, Entity] = {}

        def add(name: str, entity_type: str) -> Entity:
            entity = resolver.resolve(name, entity_type)
            if entity.id in entities:  # merge aliases of two names for one entity
                old = entities[entity.id]
                entity = Entity(entity.id, old.name, old.type, tuple(dict.fromkeys(old.aliases + entity.aliases)),
                                old.wikidata)  # fmt: skip
            entities[entity.id] = entity
            return entity

        subject = add(self.name, self.entity_type)
        relations: list[Relation] = []

        def relate(s: Entity, relation: str, o: Entity | None, value: str = "", **qualifiers: Any) -> None:
            relations.append(Relation(subject_id=s.id, relation=relation, object_id=o.id if o else None,
                                      subject=s.name, object=o.name if o else value, evidence=evidence,
                                      qualifiers={k: v for k, v in qualifiers.items() if v}))  # fmt: skip

        for org_name in self.organizations:
            org = add(_ORGANIZATION_NAMES.get(self.source, {}).get(org_name.lower(), org_name), "Organization")
            relate(org, "DEVELOPED", subject, date=self.date)
        if self.entity_type == "AIModel":
            if self.open_weights is not None:
                relate(subject, "OPEN_WEIGHTS", None, self.open_weights)
            if self.license:
                relate(subject, "LICENSED_UNDER", None, self.license)
            for base in self.based_on:
                if normalise(base) != normalise(self.name):
                    relate(subject, "BASED_ON", add(base, "AIModel"))
        for model in self.powered_by:
            relate(add(model, "AIModel"), "AVAILABLE_VIA", subject)
        return Extraction(article=article, entities=sorted(entities.values(), key=lambda e: e.id), relations=relations)


def _read_eg_assets(path: Path) -> list[dict[str, Any]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(str(path), f"KG401 cannot read Ecosystem Graphs assets: {' '.join(str(exc).split())}") from exc
    if data is None:
        return []
    if not isinstance(data, list):
        raise InputError(str(path), "KG402 an Ecosystem Graphs asset file is a YAML list of assets")
    return [a for a in data if isinstance(a, dict) and a.get("name") and a.get("type")]


def ecosystem_graphs_extractions(
    paths: Sequence[Path], resolver: Resolver, *, today: dt.date | None = None
) -> tuple[list[Extraction], int]:
    """One Extraction per model or application asset of Ecosystem Graphs asset files.

    All files are read first, so that a dependency can be typed by its own asset whichever file holds it.

    Returns
    -------
    tuple
        The extractions, and the number of assets skipped (datasets and other types outside the schema).

    Raises
    ------
    InputError
        KG401/KG402 when a file cannot be read or is not a list of assets.
    """
    today = today or dt.date.today()
    assets = [(path, a) for path in paths for a in _read_eg_assets(Path(path))]
    kinds = {normalise(str(a["name"])): str(a["type"]).strip().lower() for _, a in assets}
    records, skipped = [], 0
    for path, a in assets:
        kind = str(a["type"]).strip().lower()
        if kind not in _EG_TYPES:
            skipped += 1
            continue
        access = str(_value(a.get("access")) or "").strip().lower()
        licence = str(_value(a.get("license")) or "").strip()
        deps = _names(_value(a.get("dependencies")) or [])
        records.append(_Record(
            source="ecosystem-graphs", kind=kind, name=" ".join(str(a["name"]).split()), entity_type=_EG_TYPES[kind],
            file=Path(path).name, date=_iso_date(_value(a.get("created_date"))),
            organizations=_names(_value(a.get("organization"))),
            open_weights={"open": "true", "limited": "false", "closed": "false"}.get(access), access=access,
            license="" if licence.lower() in _NOT_A_LICENCE else licence,
            based_on=[d for d in deps if kinds.get(normalise(d)) == "model"] if kind == "model" else [],
            powered_by=[d for d in deps if kinds.get(normalise(d)) == "model"] if kind == "application" else [],
        ))  # fmt: skip
    return [r.extraction(resolver, today) for r in records], skipped


def _epoch_open_weights(accessibility: str) -> str | None:
    value = accessibility.strip().lower()
    if value.startswith("open weights") or value.startswith("open source"):
        return "true"
    if value.startswith(("api access", "hosted access", "unreleased")):
        return "false"
    return None


def epoch_extractions(path: Path, resolver: Resolver, *, today: dt.date | None = None) -> tuple[list[Extraction], int]:
    """One Extraction per row of Epoch AI's notable AI models CSV.

    Returns
    -------
    tuple
        The extractions, and the number of rows skipped (no model name).

    Raises
    ------
    InputError
        KG403 when the file cannot be read or lacks the ``Model`` and ``Organization`` columns.
    """
    today = today or dt.date.today()
    try:
        with Path(path).open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
            columns = set(rows[0]) if rows else set()
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(str(path), f"KG403 cannot read the Epoch CSV: {exc}") from exc
    if rows and not {"Model", "Organization"} <= columns:
        found = ", ".join(sorted(columns))
        raise InputError(str(path), "KG403 an Epoch CSV needs the columns Model and Organization (and Publication "
                         f"date, Model accessibility, Base model); found {found}")
    records, skipped = [], 0
    for row in rows:
        name = " ".join((row.get("Model") or "").split())
        if not name:
            skipped += 1
            continue
        accessibility = (row.get("Model accessibility") or "").strip()
        records.append(_Record(
            source="epoch", kind="model", name=name, entity_type="AIModel", file=Path(path).name,
            date=_iso_date(row.get("Publication date")), organizations=_names(row.get("Organization")),
            open_weights=_epoch_open_weights(accessibility), access=accessibility,
            based_on=_names(row.get("Base model")),
        ))  # fmt: skip
    return [r.extraction(resolver, today) for r in records], skipped


# -- kg import ----------------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import did: one write result per article or record, the records skipped, the inputs that failed."""

    results: list[WriteResult] = field(default_factory=list)
    skipped: int = 0
    errors: list[KGError] = field(default_factory=list)

    def summary(self) -> str:
        counts = {s: sum(r.status == s for r in self.results) for s in ("added", "replaced", "unchanged")}
        return (
            f"{len(self.results)} articles: {counts['added']} added, {counts['replaced']} replaced, "
            f"{counts['unchanged']} unchanged; {self.skipped} records skipped; {len(self.errors)} failed"
        )


def _expand(paths: Iterable[str | Path]) -> list[Path]:
    out = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in _SUFFIXES)
        else:
            out.append(p)
    return out


def import_paths(
    store: GraphStore, paths: Iterable[str | Path], fmt: str = "auto", *, today: dt.date | None = None
) -> ImportReport:
    """Import RDF exports and curated sources into ``store``, every article through ``store.write_extraction``.

    Parameters
    ----------
    store : GraphStore
        Where to write.
    paths : iterable of str or Path
        Files, or directories searched recursively for ``.ttl``, ``.jsonld``, ``.nq`` (RDF exports), ``.yaml``
        (Ecosystem Graphs assets) and ``.csv`` (Epoch AI).
    fmt : str
        ``auto`` (by suffix) or one of :data:`IMPORT_FORMATS` for every path.
    today : date, optional
        The date given to curated records without one (default: today).

    Returns
    -------
    ImportReport
        Write results, skipped records and per-input errors (one bad input never stops the others).

    Examples
    --------
    >>> import_paths(store, ["ecosystem-graphs/assets/", "notable_ai_models.csv"]).summary()  # doctest: +SKIP
    '12 articles: 12 added, 0 replaced, 0 unchanged; 3 records skipped; 0 failed'
    """
    from kg.rdf import import_rdf

    report = ImportReport()
    groups: dict[str, list[Path]] = {}
    for path in _expand(paths):
        kind = fmt if fmt != "auto" else _SUFFIXES.get(path.suffix.lower())
        if not path.exists():
            report.errors.append(InputError(str(path), "KG404 no such file or directory"))
        elif kind not in IMPORT_FORMATS:
            report.errors.append(InputError(str(path), "KG405 unknown input: expected .ttl, .jsonld, .nq (RDF exports),"
                                                       " .yaml (Ecosystem Graphs) or .csv (Epoch AI)"))  # fmt: skip
        else:
            groups.setdefault(kind, []).append(path)
    for kind in ("ttl", "jsonld", "nq"):
        for path in groups.get(kind, []):
            try:
                report.results += import_rdf(store, path, kind)
            except KGError as exc:
                report.errors.append(exc)
    if not {"ecosystem-graphs", "epoch"} & groups.keys():
        return report
    from ontology import load_registry

    resolver = Resolver(load_registry(), store_entities(store))
    extractions: list[Extraction] = []
    readable = []
    for path in groups.get("ecosystem-graphs", []):
        try:
            _read_eg_assets(path)
            readable.append(path)
        except KGError as exc:
            report.errors.append(exc)
    if readable:
        found, skipped = ecosystem_graphs_extractions(readable, resolver, today=today)
        extractions += found
        report.skipped += skipped
    for path in groups.get("epoch", []):
        try:
            found, skipped = epoch_extractions(path, resolver, today=today)
            extractions += found
            report.skipped += skipped
        except KGError as exc:
            report.errors.append(exc)
    report.results += [store.write_extraction(x) for x in extractions]
    return report
