"""The input layer: turn files, directories and URLs into :class:`~kg.model.Article` objects.

Supported inputs are plain text (``.txt``), Markdown (``.md``, ``.markdown``), HTML (``.html``, ``.htm``),
JSON Lines (``.jsonl``, one article per line), and http(s) URLs serving an HTML page, plain text or an
RSS/Atom feed. A bad input never stops a batch: it becomes an :class:`~kg.errors.InputError` in the
stream, and the other inputs still yield their articles.
"""

from __future__ import annotations

import email.utils
import hashlib
import http.client
import io
import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

import feedparser
import lxml.html
import trafilatura
import yaml

from kg.errors import InputError
from kg.model import Article

__all__ = [
    "read_articles",
    "read_path",
    "read_url",
    "parse_text",
    "parse_html",
    "parse_jsonl",
    "parse_feed",
    "content_id",
    "USER_AGENT",
]

#: The User-Agent sent with every request.
USER_AGENT = "kg/0.1 (+https://example.org/kg)"

_MARKDOWN_SUFFIXES = {".md", ".markdown"}
_HTML_SUFFIXES = {".html", ".htm"}
_SUFFIXES = {".txt", ".jsonl", *_MARKDOWN_SUFFIXES, *_HTML_SUFFIXES}

_MAX_BYTES = 20 * 2**20
_MAX_TITLE = 200
#: A feed entry with less text than this is a teaser: the article is read from the entry's link.
_MIN_FEED_TEXT = 200
_URL_LINE = re.compile(r"https?://\S+")
_HEADING = re.compile(r" {0,3}#{1,6}[ \t]+(.+)")
_HEADING_MARKS = re.compile(r"^ {0,3}#{1,6}[ \t]+", re.MULTILINE)
_BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr")


class _Response(NamedTuple):
    body: bytes
    content_type: str
    charset: str | None
    url: str


def read_articles(
    inputs: Iterable[str | Path], *, timeout: float = 10.0, today: date | None = None
) -> Iterator[Article | InputError]:
    """Yield the articles found in ``inputs``: file paths, directories or http(s) URLs.

    An input (or a JSON line, or a feed entry) that cannot be read yields an :class:`InputError` in
    place of its article; this function never raises for bad input. ``today`` is the date given to
    articles whose date is unknown (default: the current date).
    """
    for item in inputs:
        if isinstance(item, str) and item.startswith(("http://", "https://")):
            yield from read_url(item, timeout=timeout, today=today)
        else:
            yield from read_path(item, today=today)


def read_path(path: str | Path, *, today: date | None = None) -> Iterator[Article | InputError]:
    """Yield the articles in a file, or in the supported files under a directory (recursive, sorted).

    In a directory, hidden files and directories and files of other types are skipped.
    """
    source = str(path)
    path = Path(path)
    if not source.strip():
        yield InputError(source, "no such file or directory")  # Path("") would mean the current directory
    elif path.is_dir():
        for child in _walk(path):
            yield from _read_file(child, str(child), today)
    elif path.is_file():
        yield from _read_file(path, source, today)
    else:
        yield InputError(source, "no such file or directory")


def read_url(url: str, *, timeout: float = 10.0, today: date | None = None) -> Iterator[Article | InputError]:
    """Fetch ``url`` and yield its article (HTML page or plain text) or one article per feed entry."""
    try:
        response = _fetch(url, timeout)
        if _is_feed(response):
            yield from parse_feed(response.body, source=url, timeout=timeout, today=today)
        else:
            yield _parse_response(response, source=url, today=today)
    except InputError as e:
        yield e


def content_id(text: str) -> str:
    """A stable article id from its content: the sha256 of the whitespace-normalised text, 16 hex digits.

    >>> content_id("Hello  world") == content_id("Hello world\\n")
    True
    """
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


def parse_text(text: str, *, source: str, markdown: bool = False, today: date | None = None) -> Article:
    """Parse a plain-text or Markdown article.

    The header is, in order of precedence: a first line holding a bare URL followed by a title line;
    YAML front matter (``title``, ``url``, ``date``, ``id``); a Markdown ``# Heading``; or a short first
    line followed by more text. The article text is everything after the URL line or front matter,
    title included; in Markdown the heading marks are dropped.

    Raises :class:`InputError` if the text is empty or its front matter is malformed.
    """
    text = text.removeprefix("\ufeff").strip()
    if not text:
        raise InputError(source, "empty article")
    meta, text, after_url = _split_header(text, source)
    title = str(meta.get("title") or "").strip()
    if markdown:
        heading = _HEADING.match(text)
        title = title or (heading.group(1).strip() if heading else "")
        text = _HEADING_MARKS.sub("", text)
    if not text:
        raise InputError(source, "empty article")
    return _article(
        text,
        title=title or _guess_title(text, after_url=after_url),
        url=str(meta.get("url") or ""),
        source=source,
        given_id=meta.get("id"),
        given_date=meta.get("date"),
        today=today,
    )


def parse_html(html: str | bytes, *, source: str, url: str = "", today: date | None = None) -> Article:
    """Parse an HTML page: its main text (boilerplate removed), title, date and canonical URL.

    ``url`` is where the page was fetched from; without it, the page's canonical URL is used.
    Raises :class:`InputError` if no article text is found.
    """
    body = trafilatura.extract(
        html, url=url or None, include_comments=False, include_tables=False, favor_precision=True
    )
    if not body or not body.strip():
        raise InputError(source, "no article text found in the HTML")
    meta = trafilatura.extract_metadata(html, default_url=url or None)
    title = (meta.title or "").strip()
    return _article(
        _with_title(title, body.strip()),
        title=title,
        url=url or meta.url or "",
        source=source,
        page_date=meta.date,
        today=today,
    )


def parse_jsonl(text: str, *, source: str, today: date | None = None) -> Iterator[Article | InputError]:
    """Yield one article per line of JSON Lines (fields ``id``, ``title``, ``text``, ``url``, ``published``).

    Only ``text`` is required. A bad line yields an :class:`InputError` whose source is ``source:LINE``.
    """
    for lineno, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                yield _jsonl_article(line, source=source, where=f"{source}:{lineno}", today=today)
            except InputError as e:
                yield e


def parse_feed(
    data: str | bytes, *, source: str, timeout: float = 10.0, today: date | None = None
) -> Iterator[Article | InputError]:
    """Yield one article per entry of an RSS or Atom feed.

    An entry with at least 200 characters of content or summary is used as is; for a shorter one the
    article is fetched from the entry's link. An entry that cannot be read yields an :class:`InputError`.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    # A stream, because feedparser would try to open a str or bytes argument as a file name or URL.
    feed = feedparser.parse(io.BytesIO(data))
    if feed.bozo and not feed.entries:
        yield InputError(source, f"not a valid RSS or Atom feed ({feed.get('bozo_exception')})")
        return
    for index, entry in enumerate(feed.entries):
        entry_source = entry.get("link") or f"{source}#{entry.get('id') or index}"
        try:
            yield _feed_article(entry, source=entry_source, timeout=timeout, today=today)
        except InputError as e:
            yield e


def _walk(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*"), key=lambda p: p.relative_to(root).parts):
        if (
            not any(part.startswith(".") for part in path.relative_to(root).parts)
            and path.suffix.lower() in _SUFFIXES
            and path.is_file()
        ):
            yield path


def _read_file(path: Path, source: str, today: date | None) -> Iterator[Article | InputError]:
    suffix = path.suffix.lower()
    try:
        if suffix not in _SUFFIXES:
            raise InputError(
                source, f"unsupported file type {suffix or '(none)'!r}: use {', '.join(sorted(_SUFFIXES))}"
            )
        data = path.read_bytes()
        if suffix in _HTML_SUFFIXES:
            _check_not_binary(data, source)
            yield parse_html(data, source=source, today=today)
        elif suffix == ".jsonl":
            yield from parse_jsonl(_decode(data, source), source=source, today=today)
        else:
            yield parse_text(
                _decode(data, source), source=source, markdown=suffix in _MARKDOWN_SUFFIXES, today=today
            )
    except OSError as e:
        yield InputError(source, f"cannot read: {e.strerror or e}")
    except InputError as e:
        yield e


def _check_not_binary(data: bytes, source: str) -> None:
    if b"\x00" in data:
        raise InputError(source, "not a text file (binary or not UTF-8): it contains NUL bytes")


def _decode(data: bytes, source: str, charset: str | None = None) -> str:
    _check_not_binary(data, source)
    try:
        return data.decode(charset or "utf-8-sig")
    except (UnicodeDecodeError, LookupError) as e:
        raise InputError(source, f"not a text file (binary or not UTF-8): {e}; save it as UTF-8") from None


def _split_header(text: str, source: str) -> tuple[dict[str, Any], str, bool]:
    """Split off a URL line or YAML front matter: (metadata, the rest, whether a URL line was found)."""
    first, _, rest = text.partition("\n")
    if _URL_LINE.fullmatch(first.strip()):
        return {"url": first.strip()}, rest.strip(), True
    if first.rstrip() == "---":
        meta, body = _split_front_matter(rest, source)
        return meta, body, False
    return {}, text, False


def _split_front_matter(rest: str, source: str) -> tuple[dict[str, Any], str]:
    """Split the text after an opening ``---`` line into the front matter and the body."""
    match = re.search(r"^---[ \t]*$", rest, re.MULTILINE)
    if match is None:
        raise InputError(source, "front matter opened with '---' is never closed by a '---' line")
    try:
        meta = yaml.safe_load(rest[: match.start()])
    except yaml.YAMLError as e:
        raise InputError(source, f"malformed YAML front matter: {' '.join(str(e).split())}") from None
    if meta is not None and not isinstance(meta, dict):
        raise InputError(source, "malformed YAML front matter: expected 'key: value' lines")
    return meta or {}, rest[match.end() :].strip()


def _guess_title(text: str, *, after_url: bool) -> str:
    first, _, rest = text.partition("\n")
    first = first.strip()
    # A line right after a URL line is a title by convention; elsewhere only a headline-like line is.
    if after_url or (rest.strip() and len(first) <= _MAX_TITLE and not first.endswith(".")):
        return first
    return ""


def _jsonl_article(line: str, *, source: str, where: str, today: date | None) -> Article:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as e:
        raise InputError(where, f"not valid JSON: {e.msg} at column {e.colno}") from None
    if not isinstance(record, dict):
        raise InputError(where, "not a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(where, 'no "text" field, or it is empty')
    title = str(record.get("title") or "").strip()
    return _article(
        _with_title(title, text.strip()),
        title=title,
        url=str(record.get("url") or ""),
        source=source,
        given_id=record.get("id"),
        given_date=record.get("published"),
        today=today,
    )


def _feed_article(entry: Any, *, source: str, timeout: float, today: date | None) -> Article:
    title = _fragment_text(entry.get("title", "")).replace("\n", " ")
    link = entry.get("link", "")
    given_date = _struct_date(entry.get("published_parsed") or entry.get("updated_parsed"))
    html_parts = [c.get("value", "") for c in entry.get("content", [])] or [entry.get("summary", "")]
    text = "\n".join(_fragment_text(part) for part in html_parts).strip()
    if len(text) >= _MIN_FEED_TEXT or (text and not link):
        return _article(
            _with_title(title, text), title=title, url=link, source=source, given_date=given_date, today=today
        )
    if not link:
        raise InputError(source, "feed entry has no text and no link")
    article = _parse_response(_fetch(link, timeout), source=source, today=today)
    if given_date:
        article = replace(article, date=given_date, date_source="given")
    return replace(article, title=article.title or title)


def _fragment_text(fragment: str) -> str:
    """The text of an HTML fragment (feed content), one line per block element."""
    if not fragment.strip():
        return ""
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def _fetch(url: str, timeout: float) -> _Response:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(_MAX_BYTES + 1)
            headers = response.headers
            final_url = response.geturl()
    except urllib.error.HTTPError as e:
        raise InputError(url, f"cannot fetch: HTTP {e.code} {e.reason}") from None
    except urllib.error.URLError as e:
        raise InputError(url, f"cannot fetch: {e.reason}") from None
    except (OSError, http.client.HTTPException, ValueError) as e:
        raise InputError(url, f"cannot fetch: {e or type(e).__name__}") from None
    if len(body) > _MAX_BYTES:
        raise InputError(url, f"cannot fetch: the response is larger than {_MAX_BYTES // 2**20} MB")
    return _Response(body, headers.get_content_type(), headers.get_content_charset(), final_url)


def _is_feed(response: _Response) -> bool:
    if "html" in response.content_type:
        return False
    if any(word in response.content_type for word in ("xml", "rss", "atom")):
        return True
    head = response.body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<rss", b"<feed")) or (head.startswith(b"<?xml") and b"<html" not in head)


def _parse_response(response: _Response, *, source: str, today: date | None) -> Article:
    """The article in a fetched HTML page or plain-text document."""
    kind = response.content_type
    if "html" in kind:
        _check_not_binary(response.body, source)
        return parse_html(response.body, source=source, url=response.url, today=today)
    if kind.startswith("text/"):
        article = parse_text(
            _decode(response.body, source, response.charset),
            source=source,
            markdown=kind == "text/markdown",
            today=today,
        )
        return article if article.url else replace(article, url=response.url)
    raise InputError(source, f"unsupported content type {kind!r}: expected HTML, plain text or a feed")


def _with_title(title: str, body: str) -> str:
    """The article text with its title as the first line (a headline is text to extract from, too)."""
    if not title or body.startswith(title):
        return body
    return f"{title}\n\n{body}"


def _article(
    text: str,
    *,
    title: str,
    url: str,
    source: str,
    given_id: object = None,
    given_date: object = None,
    page_date: str | None = None,
    today: date | None = None,
) -> Article:
    article_id = str(given_id).strip() if given_id not in (None, "") else content_id(text)
    if day := _normalise_date(given_date):
        day_source = "given"
    elif day := _normalise_date(page_date):
        day_source = "page"
    else:
        day, day_source = (today or date.today()).isoformat(), "ingested"
    return Article(
        id=article_id, text=text, title=title, url=url, source=source, date=day, date_source=day_source
    )


def _normalise_date(value: object) -> str:
    """``YYYY-MM-DD`` from a date, an ISO 8601 or RFC 2822 string; ``""`` if it cannot be read."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str) or not value.strip():
        return ""
    value = value.strip()
    try:
        return datetime.fromisoformat(value).date().isoformat()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError):
        return ""


def _struct_date(value: time.struct_time | None) -> str:
    return date(*value[:3]).isoformat() if value else ""
