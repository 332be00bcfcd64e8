"""The Add articles page: paste text, upload files or give a URL; preview what was found; then store it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st
from spacy import displacy

from explorer.elements import TYPE_COLOURS
from explorer.spans import entity_spans
from kg.errors import InputError, KGError
from kg.model import Article, Extraction
from kg.pipeline import extract
from kg.sources import parse_html, parse_jsonl, parse_text, read_url
from kg.stores import GraphStore

__all__ = ["articles_page", "read_upload", "preview_html"]

_PREVIEW, _DONE = "add_preview", "add_done"
_UPLOAD_TYPES = ["txt", "md", "markdown", "html", "htm", "jsonl"]


def read_upload(name: str, data: bytes) -> list[Article | KGError]:
    """The articles in one uploaded file, by its suffix (as ``kg ingest`` reads files)."""
    suffix = Path(name).suffix.lower()
    try:
        if suffix in (".html", ".htm"):
            return [parse_html(data, source=name)]
        text = data.decode("utf-8-sig")
        if suffix == ".jsonl":
            return list(parse_jsonl(text, source=name))
        return [parse_text(text, source=name, markdown=suffix in (".md", ".markdown"))]
    except UnicodeDecodeError:
        return [InputError(name, "not a text file (binary or not UTF-8); save it as UTF-8")]
    except KGError as exc:
        return [exc]


def preview_html(extraction: Extraction) -> str:
    """The article text with every occurrence of an extracted entity marked, by displaCy in manual mode."""
    doc = {"text": extraction.article.text, "ents": entity_spans(extraction.article.text, extraction.entities),
           "title": None}  # fmt: skip
    return displacy.render(doc, style="ent", manual=True, jupyter=False,
                           options={"colors": {t.upper(): c for t, c in TYPE_COLOURS.items()} | TYPE_COLOURS})


def _relations(extraction: Extraction) -> list[dict[str, Any]]:
    return [{"subject": r.subject, "relation": r.relation, "object": r.object,
             **{k: v for k, v in r.qualifiers.items() if v not in (None, "", False)},
             "sentence": r.evidence.sentence} for r in extraction.relations]  # fmt: skip


def _collect(pasted: str, uploads: list[Any], url: str) -> list[Article | KGError]:
    items: list[Article | KGError] = []
    if pasted.strip():
        try:
            items.append(parse_text(pasted, source="pasted text"))
        except KGError as exc:
            items.append(exc)
    for upload in uploads or []:
        items.extend(read_upload(upload.name, upload.getvalue()))
    if url.strip():
        if url.strip().startswith(("http://", "https://")):
            items.extend(read_url(url.strip()))
        else:
            items.append(InputError(url, "not an http(s) URL"))
    return items


def articles_page(store: GraphStore) -> None:
    """Read and extract articles, show the entities and relations found, and write them on confirmation."""
    st.header("Add articles")
    pasted = st.text_area("Paste an article (a first line holding a URL, then a title line, are optional)",
                          key="add_text", height=160)  # fmt: skip
    uploads = st.file_uploader("Or upload files", type=_UPLOAD_TYPES, accept_multiple_files=True, key="add_files")
    url = st.text_input("Or give the URL of a page or a feed", key="add_url")
    if st.button("Extract", type="primary", key="add_extract"):
        items = _collect(pasted, uploads, url)
        articles = [a for a in items if isinstance(a, Article)]
        errors = [str(e) for e in items if not isinstance(e, Article)]
        extractions: list[Extraction] = []
        if articles:
            with st.spinner(f"Extracting facts from {len(articles)} article(s)…"):
                for result in extract(articles):
                    (errors.append(str(result)) if isinstance(result, KGError) else extractions.append(result))
        if not items:
            errors.append("Nothing to read: paste text, upload a file or give a URL.")
        st.session_state[_PREVIEW] = {"extractions": extractions, "errors": errors}
        st.session_state.pop(_DONE, None)

    done = st.session_state.get(_DONE)
    if done:
        st.success(done)
    preview = st.session_state.get(_PREVIEW)
    if not preview:
        return
    for error in preview["errors"]:
        st.error(error)
    extractions = preview["extractions"]
    for extraction in extractions:
        article = extraction.article
        st.subheader(article.title or article.id)
        st.caption(f"{article.date or 'no date'} · {len(extraction.entities)} entities · "
                   f"{len(extraction.relations)} relations · id {article.id}")  # fmt: skip
        st.html(preview_html(extraction))
        if extraction.relations:
            st.dataframe(_relations(extraction), hide_index=True)
        else:
            st.caption("No relations found.")
    if extractions and st.button(f"Add {len(extractions)} article(s) to the graph", key="add_confirm"):
        bar = st.progress(0.0, text="Writing…")
        statuses: dict[str, int] = {}
        failures = []
        for i, extraction in enumerate(extractions, start=1):
            try:
                status = store.write_extraction(extraction).status
                statuses[status] = statuses.get(status, 0) + 1
            except KGError as exc:
                failures.append(str(exc))
            bar.progress(i / len(extractions), text=f"Wrote {i} of {len(extractions)}")
        st.cache_data.clear()  # overview counts and rankings are stale now
        summary = ", ".join(f"{n} {status}" for status, n in sorted(statuses.items())) or "nothing written"
        st.session_state[_DONE] = f"Added to the graph: {summary}." + (f" Failed: {'; '.join(failures)}"
                                                                      if failures else "")  # fmt: skip
        st.session_state.pop(_PREVIEW, None)
        st.rerun()
