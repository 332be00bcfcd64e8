"""Tests of kg.sources: files, directories and URLs (served from a local HTTP server) into articles."""

from __future__ import annotations

import hashlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.model import Article
from kg.sources import (
    USER_AGENT,
    content_id,
    parse_html,
    parse_jsonl,
    parse_text,
    read_articles,
    read_path,
    read_url,
)

DATA = Path(__file__).parent / "data" / "sources"
TODAY = date(2025, 6, 1)
BODY = "Lumen Labs released Orbit-2 on Friday.\nThe weights are published under the Apache 2.0 licence.\n"

KEPT_SUMMARY = "Delta Systems hired a new chief scientist from a university lab in Zurich. " * 4
DEAD_LINK_FEED = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Mixed</title>
<item><title>Gone</title><link>{{{{base}}}}/missing-page</link><description>Teaser.</description></item>
<item><title>Kept</title><link>{{{{base}}}}/news/kept</link><description>{KEPT_SUMMARY}</description></item>
</channel></rss>
"""

#: path -> (fixture file or inline body, content type)
ROUTES = {
    "/article.html": ("article.html", "text/html; charset=utf-8"),
    "/teaser.html": ("teaser-page.html", "text/html; charset=utf-8"),
    "/plain.txt": ("plain.txt", "text/plain; charset=utf-8"),
    "/feed.rss": ("feed.rss", "application/rss+xml"),
    "/feed.atom": ("feed.atom", "application/atom+xml"),
    "/feed-sniffed": ("feed.rss", "application/octet-stream"),
    "/dead-link.rss": (DEAD_LINK_FEED, "application/rss+xml"),
    "/image.png": ("\x89PNG\r\n", "image/png"),
}


class _Handler(BaseHTTPRequestHandler):
    user_agents: list[str] = []

    def do_GET(self) -> None:
        type(self).user_agents.append(self.headers.get("User-Agent", ""))
        if self.path not in ROUTES:
            self.send_error(404, "Not Found")
            return
        name, content_type = ROUTES[self.path]
        text = (DATA / name).read_text(encoding="utf-8") if (DATA / name).is_file() else name
        body = text.replace("{{base}}", f"http://127.0.0.1:{self.server.server_port}").encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def _read(inputs: list[str | Path], **kwargs: object) -> list[Article | InputError]:
    return list(read_articles(inputs, today=TODAY, **kwargs))


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --- plain text and Markdown ------------------------------------------------------------------------------


def test_parse_text_url_and_title_lines(tmp_path: Path) -> None:
    text = "\nhttps://news.example.com/orbit-2\nLumen Labs releases Orbit-2\n\n" + BODY
    path = _write(tmp_path / "a.txt", text)
    [article] = _read([path])
    assert article == Article(
        id=content_id(article.text),
        text="Lumen Labs releases Orbit-2\n\n" + BODY.strip(),
        title="Lumen Labs releases Orbit-2",
        url="https://news.example.com/orbit-2",
        source=str(path),
        date="2025-06-01",
        date_source="ingested",
    )


def test_parse_text_front_matter_honoured(tmp_path: Path) -> None:
    header = "title: Orbit-2 is out\nurl: https://news.example.com/o2\ndate: 2025-03-14\nid: o2"
    text = f"---\n{header}\n---\n\n{BODY}"
    [article] = _read([_write(tmp_path / "a.md", text)])
    assert (article.id, article.title, article.url) == ("o2", "Orbit-2 is out", "https://news.example.com/o2")
    assert (article.date, article.date_source) == ("2025-03-14", "given")
    assert article.text == BODY.strip()


@pytest.mark.parametrize("given", ["2025-03-14T09:30:00+00:00", "Fri, 14 Mar 2025 09:30:00 GMT"])
def test_parse_text_front_matter_date_formats_normalised(given: str) -> None:
    article = parse_text(f"---\ndate: '{given}'\n---\n{BODY}", source="x.md", today=TODAY)
    assert (article.date, article.date_source) == ("2025-03-14", "given")


def test_parse_text_unparseable_date_falls_through_to_ingested() -> None:
    article = parse_text(f"---\ndate: last Friday\n---\n{BODY}", source="x.md", today=TODAY)
    assert (article.date, article.date_source) == ("2025-06-01", "ingested")
    assert article.id == content_id(BODY)


def test_parse_text_markdown_heading_is_title_and_marks_dropped() -> None:
    text = "# Lumen Labs releases Orbit-2.\n\nIntro paragraph.\n\n## Licence\n\nApache 2.0, **no** limits.\n"
    article = parse_text(text, source="x.md", markdown=True, today=TODAY)
    assert article.title == "Lumen Labs releases Orbit-2."
    assert article.text == (
        "Lumen Labs releases Orbit-2.\n\nIntro paragraph.\n\nLicence\n\nApache 2.0, **no** limits."
    )


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Short headline\n\nThe body follows.", "Short headline"),
        ("This first line is a sentence.\nThe body follows.", ""),
        ("A" * 201 + "\nThe body follows.", ""),
        ("A single line without a body", ""),
    ],
)
def test_parse_text_first_line_is_title_only_when_headline_like(text: str, title: str) -> None:
    article = parse_text(text, source="x.txt", today=TODAY)
    assert (article.title, article.text) == (title, text)


def test_parse_text_utf8_bom_accepted(tmp_path: Path) -> None:
    [article] = _read([_write(tmp_path / "bom.txt", "\ufeffCafé news\n\nA café opened.".encode())])
    assert (article.title, article.text) == ("Café news", "Café news\n\nA café opened.")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("---\ntitle: [unclosed\n---\nBody text.", "malformed YAML front matter"),
        ("---\n- a\n- list\n---\nBody text.", "malformed YAML front matter"),
        ("---\ntitle: never closed\nBody text.", "never closed"),
        ("https://news.example.com/only-a-url\n", "empty article"),
    ],
)
def test_parse_text_bad_header_raises(text: str, reason: str) -> None:
    with pytest.raises(InputError, match=reason) as info:
        parse_text(text, source="bad.md")
    assert info.value.source == "bad.md"


# --- HTML -------------------------------------------------------------------------------------------------


def test_parse_html_boilerplate_dropped_title_and_date_from_page(tmp_path: Path) -> None:
    path = _write(tmp_path / "page.html", (DATA / "article.html").read_bytes())
    [article] = _read([path])
    assert article.title == "Lumen Labs releases Orbit-2 open-weight model"
    assert article.text.startswith(article.title + "\n")
    assert "released Orbit-2, a language model whose weights" in article.text
    for boilerplate in ("cookies", "Subscribe", "Home", "Copyright", "Privacy policy", "By Ada Example"):
        assert boilerplate not in article.text
    assert (article.date, article.date_source) == ("2025-03-14", "page")
    assert article.url == "https://news.example.com/2025/03/lumen-labs-orbit-2"
    assert article.source == str(path)


def test_parse_html_title_prepended_when_not_in_body() -> None:
    paragraphs = "".join(f"<p>Paragraph {i} of an article about the Heron 3 model.</p>" for i in range(6))
    html = f"<html><head><title>Heron 3 released</title></head><body><article>{paragraphs}</article></body>"
    article = parse_html(html, source="page.html", today=TODAY)
    assert article.text.startswith("Heron 3 released\n\nParagraph 0 of an article")
    assert article.date_source == "ingested"


@pytest.mark.parametrize(
    "body",
    [
        "",
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/ai'>AI</a></li></ul></nav><footer>(c)</footer>",
    ],
)
def test_parse_html_without_text_raises(body: str) -> None:
    html = f"<html><head><title>Empty</title></head><body>{body}</body></html>"
    with pytest.raises(InputError, match="no article text found in the HTML"):
        parse_html(html, source="empty.html")


# --- JSON Lines -------------------------------------------------------------------------------------------


def test_parse_jsonl_malformed_line_does_not_stop_the_others(tmp_path: Path) -> None:
    url = "https://x.example/1"
    lines = [
        json.dumps({"id": "a1", "title": "Orbit-2", "text": BODY, "url": url, "published": "2025-03-14"}),
        '{"id": "a2", "text": "truncated',
        "",
        json.dumps({"text": "Second good article.", "published": "not a date"}),
    ]
    path = _write(tmp_path / "batch.jsonl", "\n".join(lines) + "\n")
    first, error, last = _read([path])
    assert isinstance(first, Article) and isinstance(last, Article)
    assert (first.id, first.title, first.url, first.source) == ("a1", "Orbit-2", url, str(path))
    assert first.text == "Orbit-2\n\n" + BODY.strip()
    assert (first.date, first.date_source) == ("2025-03-14", "given")
    assert isinstance(error, InputError) and error.source == f"{path}:2"
    assert "not valid JSON" in error.reason
    assert (last.id, last.date_source) == (content_id("Second good article."), "ingested")


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("[1, 2]", "not a JSON object"),
        ('{"title": "No text"}', '"text"'),
        ('{"text": "   "}', '"text"'),
        ('{"text": 42}', '"text"'),
    ],
)
def test_parse_jsonl_bad_record_names_its_line(line: str, reason: str) -> None:
    [error] = parse_jsonl(f"\n{line}\n", source="in.jsonl")
    assert isinstance(error, InputError)
    assert error.source == "in.jsonl:2"
    assert reason in error.reason


# --- directories and bad files ----------------------------------------------------------------------------


def test_read_path_directory_recursive_sorted_hidden_and_unknown_skipped(tmp_path: Path) -> None:
    text = "Title\n\nSome text."
    files = {
        "b.txt": text,
        "a/z.md": text,
        "a/nested/y.markdown": text,
        "a.htm": (DATA / "article.html").read_text(),
        "c.jsonl": json.dumps({"text": "JSON article."}),
        ".hidden.txt": text,
        ".git/x.txt": text,
        "notes.csv": "a,b\n",
        "data.json": "{}",
        "image.png": b"\x89PNG\r\n\x1a\n",
    }
    for name, content in files.items():
        _write(tmp_path / name, content)
    results = list(read_path(tmp_path, today=TODAY))
    assert all(isinstance(item, Article) for item in results)
    expected = ["a/nested/y.markdown", "a/z.md", "a.htm", "b.txt", "c.jsonl"]
    assert [item.source for item in results] == [str(tmp_path / name) for name in expected]


def test_read_path_explicit_file_of_unknown_type_is_an_error(tmp_path: Path) -> None:
    [error] = read_path(_write(tmp_path / "notes.csv", "a,b\n"))
    assert isinstance(error, InputError)
    assert "unsupported file type '.csv'" in error.reason


def test_content_id_stable_for_same_text_and_whitespace() -> None:
    expected = hashlib.sha256(b"Lumen Labs released Orbit-2.").hexdigest()[:16]
    assert content_id("Lumen Labs released\nOrbit-2. ") == expected
    assert content_id("  Lumen Labs  released Orbit-2.") == expected


def test_content_id_differs_for_different_text() -> None:
    assert content_id("Lumen Labs released Orbit-2.") != content_id("Lumen Labs released Orbit-3.")


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("latin1.txt", "Caf\xe9 news\n\nA caf\xe9 opened.".encode("latin-1"), "not a text file"),
        ("nul.txt", b"Some text\x00with a NUL byte", "not a text file"),
        ("picture.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
        ("nul.html", b"<html><body>\x00</body></html>", "not a text file"),
        ("latin1.jsonl", '{"text": "caf\xe9"}'.encode("latin-1"), "not a text file"),
        ("empty.txt", b"", "empty article"),
        ("blank.md", b"  \n\t\n", "empty article"),
        ("missing.txt", None, "no such file or directory"),
    ],
)
def test_read_articles_bad_input_yields_one_error_and_the_rest_goes_through(
    tmp_path: Path, name: str, content: bytes | None, reason: str
) -> None:
    good1 = _write(tmp_path / "good1.txt", "First\n\nA good article.")
    good2 = _write(tmp_path / "good2.txt", "Second\n\nAnother good article.")
    bad = tmp_path / name if content is None else _write(tmp_path / name, content)
    first, error, last = _read([good1, str(bad), good2])
    assert (first.title, last.title) == ("First", "Second")
    assert isinstance(error, InputError)
    assert error.source == str(bad)
    assert reason in error.reason
    assert str(error).startswith(f"{bad}: ")


@pytest.mark.parametrize("item", ["", "no/such/file.txt", "ftp://example.com/a.txt", "www.example.com/news"])
def test_read_articles_neither_path_nor_url(item: str) -> None:
    [error] = _read([item])
    assert isinstance(error, InputError)
    assert (error.source, error.reason) == (item, "no such file or directory")


# --- URLs -------------------------------------------------------------------------------------------------


def test_read_url_html_page(server: str) -> None:
    [article] = read_url(f"{server}/article.html", today=TODAY)
    assert (article.source, article.url) == (f"{server}/article.html", f"{server}/article.html")
    assert article.title == "Lumen Labs releases Orbit-2 open-weight model"
    assert "Privacy policy" not in article.text and "Marta Example" in article.text
    assert (article.date, article.date_source) == ("2025-03-14", "page")


def test_read_url_sends_user_agent(server: str) -> None:
    _Handler.user_agents.clear()
    list(read_url(f"{server}/plain.txt"))
    assert _Handler.user_agents == [USER_AGENT]


def test_read_url_plain_text(server: str) -> None:
    [article] = read_url(f"{server}/plain.txt", today=TODAY)
    assert article.title == "Atlas Compute signs cloud deal with Brightline Bank"
    assert article.text == (DATA / "plain.txt").read_text().strip()
    assert (article.url, article.date_source) == (f"{server}/plain.txt", "ingested")


@pytest.mark.parametrize("path", ["/feed.rss", "/feed-sniffed"])
def test_read_url_rss_full_entry_used_and_teaser_link_fetched(server: str, path: str) -> None:
    full, teaser = read_url(f"{server}{path}", today=TODAY)
    assert (full.source, full.url) == (f"{server}/news/northwind-nairobi", f"{server}/news/northwind-nairobi")
    assert full.title == "Northwind AI opens a research lab in Nairobi"
    assert full.text.startswith(full.title + "\n\nNorthwind AI said on Tuesday")
    assert "led by Amina Example, who previously" in full.text and "<b>" not in full.text
    assert (full.date, full.date_source) == ("2025-03-11", "given")
    assert full.id == content_id(full.text)

    assert teaser.source == f"{server}/teaser.html"
    assert "Tomas Example will join the board" in teaser.text
    assert "newsletter" not in teaser.text
    assert (teaser.date, teaser.date_source) == ("2025-02-27", "given")


def test_read_url_atom_feed(server: str) -> None:
    [article] = read_url(f"{server}/feed.atom", today=TODAY)
    assert article.title == "Heron 3 model card published"
    assert article.source == f"{server}/news/heron-3"
    assert "context window of 128,000 tokens" in " ".join(article.text.split())
    assert (article.date, article.date_source) == ("2025-04-02", "given")


def test_read_url_feed_entry_with_dead_link_is_one_error(server: str) -> None:
    error, kept = read_url(f"{server}/dead-link.rss", today=TODAY)
    assert isinstance(error, InputError)
    assert error.source == f"{server}/missing-page"
    assert "HTTP 404" in error.reason
    assert isinstance(kept, Article) and kept.title == "Kept"


@pytest.mark.parametrize(
    ("path", "reason"),
    [("/no-such-page", "cannot fetch: HTTP 404"), ("/image.png", "unsupported content type 'image/png'")],
)
def test_read_url_bad_response_is_an_error(server: str, path: str, reason: str) -> None:
    [error] = read_url(f"{server}{path}")
    assert isinstance(error, InputError)
    assert error.source == f"{server}{path}"
    assert reason in error.reason


def test_read_url_unreachable_fails_quickly(server: str) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    start = time.monotonic()
    results = _read([f"http://127.0.0.1:{port}/article.html", f"{server}/plain.txt"], timeout=5)
    assert time.monotonic() - start < 5
    error, article = results
    assert isinstance(error, InputError) and error.reason.startswith("cannot fetch:")
    assert isinstance(article, Article)


def test_read_url_timeout_is_an_error() -> None:
    with socket.create_server(("127.0.0.1", 0)) as silent:
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/slow"
        [error] = read_url(url, timeout=0.3)
    assert isinstance(error, InputError)
    assert error.source == url
    assert "timed out" in error.reason
