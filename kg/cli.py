"""The ``kg`` command line: each command parses options, calls one public function, and formats the result."""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from kg import __version__
from kg.errors import KGError

APP_PATH = Path(__file__).resolve().parent.parent / "app.py"


def _fail_cleanly(func: Callable) -> Callable:
    """Turn a KGError into one line on stderr and exit code 1; anything else is a bug and keeps its traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KGError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper


def store_option(func: Callable) -> Callable:
    """``--db`` / ``--store``: a data directory (embedded FalkorDB) or falkor://host:port."""
    return click.option(
        "--db",
        "--store",
        "db",
        envvar=["KG_STORE", "KG_DB"],
        default="kg-data",
        show_default=True,
        help="Data directory of the embedded store, or falkor://host:port. Env: KG_STORE or KG_DB.",
    )(func)


def _open(db: str):
    from kg.stores import open_store

    return open_store(db)


@click.group()
@click.version_option(__version__, prog_name="kg")
def cli() -> None:
    """A knowledge graph of the AI ecosystem, built from news, with evidence on every fact."""


def _echo_errors(errors: list[KGError]) -> None:
    for error in errors:
        click.echo(f"error: {error}", err=True)


def _extract_id(article) -> str:
    """Files are known by their stem (what ../shared/eval/score.py expects); everything else by article id."""
    path = Path(article.source)
    if path.suffix.lower() in {".txt", ".md", ".markdown", ".html", ".htm"} and path.exists():
        return path.stem
    return article.id


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True)
@click.option("--output", "-o", type=click.File("w"), default="-", help="Write here instead of stdout.")
@click.option("--workers", type=int, default=1, show_default=True, help="Processes for spaCy.")
@_fail_cleanly
def extract(inputs: tuple[str, ...], fmt: str, output, workers: int) -> None:
    """Extract entities and facts from files, directories or URLs, without a store.

    Example:

        kg extract ../shared/eval/dev --format jsonl > pred.jsonl
    """
    from kg.pipeline import extract as run_extract
    from kg.pipeline import read_inputs

    articles, errors = read_inputs(inputs)
    _echo_errors(errors)
    for item in run_extract(articles, workers=workers):
        if isinstance(item, KGError):
            errors.append(item)
            _echo_errors([item])
            continue
        if fmt == "jsonl":
            record = item.to_dict()
            record["id"] = _extract_id(item.article)
            output.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            output.write(f"# {item.article.title or item.article.id}\n")
            rows = [[r.subject, r.relation, r.object, f"{r.evidence.confidence:.2f}"] for r in item.relations]
            output.write(_table(["subject", "relation", "object", "conf"], rows) + "\n\n")
    if errors:
        sys.exit(1)


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@store_option
@click.option("--workers", type=int, default=1, show_default=True, help="Processes for spaCy.")
@_fail_cleanly
def ingest(inputs: tuple[str, ...], db: str, workers: int) -> None:
    """Read articles from files, directories, JSONL corpora, URLs or feeds into the graph.

    Re-ingesting an article changes nothing. Inputs that cannot be read are reported, one line each,
    and the rest go through (exit code 1 if any failed).

    Example:

        kg ingest corpus/ https://example.org/feed.xml --db kg-data
    """
    from kg.pipeline import ingest as run_ingest
    from kg.pipeline import read_inputs

    articles, errors = read_inputs(inputs)
    _echo_errors(errors)
    with _open(db) as store, click.progressbar(length=len(articles), label="ingesting", file=sys.stderr) as bar:
        report = run_ingest(articles, store, workers=workers, on_article=lambda _: bar.update(1))
    _echo_errors(report.errors)
    report.errors[:0] = errors
    click.echo(f"{len(articles) + len(errors)} inputs: {report.summary()}")
    if report.errors:
        sys.exit(1)


def _parse_param(_ctx, _param, values: tuple[str, ...]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for item in values:
        key, sep, raw = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{item!r} is not KEY=VALUE")
        try:
            params[key] = json.loads(raw)
        except json.JSONDecodeError:
            params[key] = raw
    return params


@cli.command()
@click.argument("cypher")
@click.option("--param", "-p", "params", multiple=True, callback=_parse_param,
              help="KEY=VALUE, value parsed as JSON when it is JSON. Use $KEY in the query.")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--write", is_flag=True, help="Allow the query to change the graph.")
@click.option("--timeout", type=int, default=30_000, show_default=True, help="Milliseconds.")
@click.option("--limit", type=int, default=10_000, show_default=True, help="Maximum rows returned.")
@store_option
@_fail_cleanly
def query(cypher: str, params: dict[str, Any], fmt: str, write: bool, timeout: int, limit: int, db: str) -> None:
    """Run a Cypher query; read-only unless --write (the store refuses writes).

    Example:

        kg query 'MATCH (o)-[r:ACQUIRED]->(t {name: $name}) RETURN o.name, r.amount' -p name="Scale AI"
    """
    with _open(db) as store:
        result = store.query(cypher, params, write=write, timeout_ms=timeout, limit=limit)
    click.echo(_format_rows(result.columns, result.rows, fmt))
    if result.truncated:
        click.echo(f"(truncated at {limit} rows)", err=True)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@store_option
@_fail_cleanly
def stats(as_json: bool, db: str) -> None:
    """Count entities by type, articles, evidence, and facts by relation.

    Example:

        kg stats --json
    """
    with _open(db) as store:
        counts = store.stats()
    if as_json:
        click.echo(json.dumps(counts, indent=1))
        return
    click.echo(_format_stats(counts))


def _format_stats(counts: dict[str, Any]) -> str:
    lines = ["nodes:"] + [f"  {k:<16}{v:>8}" for k, v in counts["nodes"].items()]
    lines += ["facts:"] + [f"  {k:<16}{v:>8}" for k, v in counts["facts"].items()]
    return "\n".join(lines)


def base_iri_option(func: Callable) -> Callable:
    """``--base-iri``: where RDF instance data lives (entities at BASE id/..., articles at BASE article/...)."""
    return click.option(
        "--base-iri",
        envvar="KG_BASE_IRI",
        default=None,
        help="Base IRI of entities, articles, facts and evidence in RDF (default https://w3id.org/ai-kg/). "
        "Env: KG_BASE_IRI.",
    )(func)


@cli.command()
@click.option("--format", "fmt", required=True,
              type=click.Choice(["json", "graphml", "csv", "ttl", "jsonld", "nq", "gexf"]))  # fmt: skip
@click.option("--output", "-o", type=click.Path(path_type=Path),
              help="File (default stdout) or, for csv, a directory (required).")  # fmt: skip
@base_iri_option
@store_option
@_fail_cleanly
def export(fmt: str, output: Path | None, base_iri: str | None, db: str) -> None:
    """Export the graph with its evidence: json, graphml, gexf, csv (neo4j-admin), or RDF (ttl, jsonld, nq).

    RDF carries provenance: Turtle and JSON-LD reify every fact (rdf:Statement) with its evidence, N-Quads puts
    what each article states in a named graph per article. csv writes node and relationship files for
    `neo4j-admin database import full`.

    Example:

        kg export --format ttl -o kg.ttl
    """
    from kg import export as exporters

    if fmt == "csv" and output is None:
        raise click.UsageError("--format csv writes several files: give a directory with --output")
    with _open(db) as store:
        paths = exporters.export_to(store, fmt, output, base_iri=base_iri)
    for path in paths:
        click.echo(f"wrote {path}", err=True)
    if fmt == "csv":
        click.echo(f"load into Neo4j with: {exporters.neo4j_admin_command(paths)}", err=True)


@cli.command()
@click.option("--file", "path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Validate this RDF export (.ttl, .jsonld, .nq) instead of the store.")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@base_iri_option
@store_option
@_fail_cleanly
def validate(path: Path | None, fmt: str, base_iri: str | None, db: str) -> None:
    """Check the graph against the SHACL shapes of ontology/shapes.ttl; exit 1 when it does not conform.

    Example:

        kg validate --db kg-data
    """
    from kg.rdf import validate as run_validate

    if path is not None:
        report = run_validate(path=path, base=base_iri)
    else:
        with _open(db) as store:
            report = run_validate(store, base=base_iri)
    if fmt == "json":
        data = {"conforms": report.conforms, "triples": report.triples,
                "violations": [v.__dict__ for v in report.violations]}
        click.echo(json.dumps(data, indent=1, ensure_ascii=False))
    else:
        if report.violations:
            rows = [[v.focus, v.path, v.value, v.message] for v in report.violations]
            click.echo(_table(["focus", "path", "value", "message"], rows))
        verdict = "conforms" if report.conforms else f"does not conform: {len(report.violations)} violations"
        click.echo(f"{report.triples} triples checked against ontology/shapes.ttl: {verdict}")
    if not report.conforms:
        sys.exit(1)


@cli.command()
@click.argument("sparql", required=False)
@click.option("--example", type=int, help="Run example query N of kg.rdf.SPARQL_EXAMPLES (1-based) instead.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--limit", type=int, default=10_000, show_default=True, help="Maximum rows returned.")
@click.option("--no-inference", is_flag=True, help="Do not materialise sub-properties and symmetric properties.")
@base_iri_option
@store_option
@_fail_cleanly
def sparql(sparql: str | None, example: int | None, fmt: str, limit: int, no_inference: bool,
           base_iri: str | None, db: str) -> None:  # fmt: skip
    """Run a SPARQL query over the graph as RDF, with the ontology (kg:, rdfs:, prov:, schema: ... predeclared).

    Sub-properties are materialised, so kg:competesWith also finds kg:parityWith and kg:outperforms claims.

    Example:

        kg sparql 'SELECT ?name WHERE { ?m rdfs:label "Muse Spark" ; kg:competesWith ?o . ?o rdfs:label ?name }'
    """
    from kg.rdf import SPARQL_EXAMPLES, run_sparql

    if example is not None:
        if not 1 <= example <= len(SPARQL_EXAMPLES):
            raise click.BadParameter(f"there are {len(SPARQL_EXAMPLES)} examples", param_hint="--example")
        sparql = SPARQL_EXAMPLES[example - 1].query
    if not sparql:
        raise click.UsageError("give a SPARQL query, or --example N")
    with _open(db) as store:
        result = run_sparql(store, sparql, base=base_iri, inference=not no_inference, limit=limit)
    click.echo(_format_rows(result.columns, result.rows, fmt))
    if result.truncated:
        click.echo(f"(truncated at {limit} rows)", err=True)


@cli.command(name="import")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", default="auto", show_default=True,
              type=click.Choice(["auto", "ttl", "jsonld", "nq", "ecosystem-graphs", "epoch"]),
              help="auto: by suffix (.ttl .jsonld .nq exports, .yaml Ecosystem Graphs, .csv Epoch AI).")  # fmt: skip
@store_option
@_fail_cleanly
def import_(inputs: tuple[str, ...], fmt: str, db: str) -> None:
    """Import RDF exports, Ecosystem Graphs asset files (YAML) and Epoch AI's notable models (CSV) into the graph.

    Each article or curated record is written atomically; importing the same input again changes nothing.
    Inputs that cannot be read are reported, one line each (exit code 1 if any failed).

    Example:

        kg import ecosystem-graphs/assets/ notable_ai_models.csv kg.ttl --db kg-data
    """
    from kg.curated import import_paths

    with _open(db) as store:
        report = import_paths(store, inputs, fmt)
    _echo_errors(report.errors)
    click.echo(report.summary())
    if report.errors:
        sys.exit(1)


@cli.command()
@click.option("--source", "sources", multiple=True, type=click.Choice(["ecosystem-graphs", "epoch"]),
              help="Compare with this curated source only (repeatable).")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@store_option
@_fail_cleanly
def conflicts(sources: tuple[str, ...], fmt: str, db: str) -> None:
    """List where news facts and curated facts disagree, and news facts a curated source lacks.

    Example:

        kg conflicts --source ecosystem-graphs --format csv
    """
    from kg.conflicts import find_conflicts

    with _open(db) as store:
        found = find_conflicts(store, sources=list(sources) or None)
    columns = ["kind", "source", "entity", "relation", "news", "curated", "article", "sentence"]
    click.echo(_format_rows(columns, [[getattr(c, k) for k in columns] for c in found], fmt))


@cli.command(name="eval")
@click.argument("gold_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--pred", "pred", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Score these predictions (JSONL, as `kg extract` writes) instead of extracting.")  # fmt: skip
@click.option("--ids", help="Only these article ids, comma-separated.")
@click.option("--errors", "show_errors", is_flag=True, help="List false positives and negatives per article.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (the keys of ../shared/eval/score.py --json).")
@click.option("--workers", type=int, default=1, show_default=True, help="Processes for spaCy.")
@_fail_cleanly
def eval_(gold_dir: Path, pred: Path | None, ids: str | None, show_errors: bool, as_json: bool, workers: int) -> None:
    """Score extraction against gold articles: precision, recall, F1 for entities and relations.

    Without --pred, runs the extractors on the gold texts (NNN.txt beside NNN.json) first.

    Example:

        kg eval ../shared/eval/dev --errors
    """
    from kg.evaluate import evaluate, predict

    wanted = ids.split(",") if ids else None
    predictions = pred if pred is not None else predict(gold_dir, ids=wanted, workers=workers)
    report = evaluate(gold_dir, predictions, ids=wanted)
    if as_json:
        click.echo(json.dumps(report.to_dict(errors=show_errors), indent=1))
    else:
        click.echo(report.format(errors=show_errors))


@cli.command()
@click.argument("article_ids", nargs=-1, required=True)
@store_option
@_fail_cleanly
def forget(article_ids: tuple[str, ...], db: str) -> None:
    """Remove articles: their evidence, and every fact and entity left with none.

    Example:

        kg forget 3f2a9c0d1e4b5a6f
    """
    with _open(db) as store:
        for article_id in article_ids:
            result = store.forget(article_id)
            click.echo(
                f"forgot {article_id}: {result.evidence_removed} evidence, "
                f"{result.facts_removed} facts, {result.entities_removed} entities removed"
            )


@cli.command()
@click.option("--to", "target", required=True, help="The store to copy into: a data directory or a Neo4j URI.")
@store_option
@_fail_cleanly
def sync(target: str, db: str) -> None:
    """Copy the whole graph into another store (embedded to Neo4j and back); idempotent.

    Example:

        KG_NEO4J_PASSWORD=secret kg sync --db kg-data --to bolt://localhost:7687
    """
    from kg.sync import sync as run_sync

    with _open(db) as source, _open(target) as destination:
        total = len(source.article_ids())
        with click.progressbar(length=total, label="copying articles", file=sys.stderr) as bar:
            results = run_sync(source, destination, on_article=lambda _: bar.update(1))
    counts = {s: sum(r.status == s for r in results) for s in ("added", "replaced", "unchanged")}
    click.echo(f"{len(results)} articles: {counts['added']} added, {counts['replaced']} replaced, "
               f"{counts['unchanged']} unchanged")


@cli.command()
@store_option
@click.option("--no-app", is_flag=True, envvar="KG_NO_APP", help="Do not start the explorer. Env: KG_NO_APP=1.")
@click.option("--port", type=int, default=8501, show_default=True, help="Port of the explorer.")
@_fail_cleanly
def demo(db: str, no_app: bool, port: int) -> None:
    """Build the demo graph from the bundled sample corpus, show it, and start the explorer.

    Example:

        KG_NO_APP=1 kg demo --db /tmp/demo-kg
    """
    from kg.examples import EXAMPLES
    from kg.pipeline import SAMPLE_CORPUS, read_inputs
    from kg.pipeline import ingest as run_ingest

    articles, errors = read_inputs(sorted(SAMPLE_CORPUS.glob("[0-9]*.md")))
    _echo_errors(errors)
    with _open(db) as store:
        with click.progressbar(length=len(articles), label="ingesting the sample corpus", file=sys.stderr) as bar:
            report = run_ingest(articles, store, on_article=lambda _: bar.update(1))
        _echo_errors(report.errors)
        click.echo(f"\nSample corpus ({SAMPLE_CORPUS}): {report.summary()}\n")
        click.echo(f"The graph in {db}:\n{_format_stats(store.stats())}\n")
        for example in EXAMPLES:
            result = store.query(example.cypher)
            click.echo(f"-- {example.title}\n{example.cypher}\n{_table(result.columns, result.rows)}\n")
    if not no_app:
        _run_app(db, port)


@cli.command()
@store_option
@click.option("--port", type=int, default=8501, show_default=True)
def app(db: str, port: int) -> None:
    """Start the explorer (Streamlit) on the store.

    Example:

        kg app --db kg-data --port 8501
    """
    _run_app(db, port)


def _run_app(db: str, port: int) -> None:
    click.echo(f"Starting the explorer on http://localhost:{port} (Ctrl+C stops it)")
    env = dict(os.environ, KG_DB=db)
    args = [sys.executable, "-m", "streamlit", "run", str(APP_PATH), "--server.headless", "true",
            "--server.port", str(port), "--browser.gatherUsageStats", "false"]  # fmt: skip
    os.execve(sys.executable, args, env)


# -- formatting -------------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return "" if value is None else str(value)


def _table(columns: list[str], rows: list[list[Any]], max_width: int = 80) -> str:
    cells = [[_cell(v)[:max_width] for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    line = lambda values: "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()  # noqa: E731
    out = [line(columns), line(["-" * w for w in widths])] + [line(r) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def _format_rows(columns: list[str], rows: list[list[Any]], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([dict(zip(columns, r, strict=True)) for r in rows], indent=1, ensure_ascii=False, default=str)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(columns)
        writer.writerows([[_cell(v) for v in r] for r in rows])
        return buffer.getvalue().rstrip("\n")
    return _table(columns, rows)


def main() -> None:
    cli()
