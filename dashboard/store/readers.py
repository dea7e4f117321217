"""Turning files into articles: text plus the metadata each format carries.

A file that cannot be read as an article still yields an entry, with the
reason in `error`, so the store can record the failure and the batch goes on.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

MAX_ARTICLE_BYTES = 2 * 1024 * 1024
TEXT_SUFFIXES = frozenset({".txt", ".text"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSON_SUFFIXES = frozenset({".json", ".jsonl"})
SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES
_TITLE_LINE_MAX = 200


def normalize_text(text: str) -> str:
    """The canonical form stored, parsed and hashed: NFC, `\\n` line ends, no outer blanks."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def text_hash(text: str) -> str:
    """Content identity of an article: the same text is the same article, whoever published it."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ArticleMeta:
    """An article's text and what is known about it before geoparsing."""

    text: str
    title: str = ""
    outlet: str = ""
    url: str = ""
    published: date | None = None
    source: str = ""  # where it came from: a path, or "path#3" for the 3rd item of a JSON file
    digest: str = field(default="", compare=False)  # set when there is no text to hash

    @cached_property
    def content_hash(self) -> str:
        return self.digest or text_hash(self.text)


@dataclass(frozen=True)
class SourceArticle:
    """One article read from a file, or the reason it could not be read."""

    meta: ArticleMeta
    error: str | None = None


# A folder's own documentation, not news: skipped when a folder is searched.
_NOT_ARTICLES = ("README", "LICENSE", "LICENCE", "CHANGELOG", "CONTRIBUTING")


def discover(paths: Iterable[Path]) -> list[Path]:
    """Files to ingest: given files as they are, folders searched for known article types
    (their README and LICENSE files left out)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and p.suffix.lower() in SUFFIXES
                and not p.stem.upper().startswith(_NOT_ARTICLES)
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif path.is_file():
            found.append(path)
        else:
            raise FileNotFoundError(f"no such file or folder: {path}")
    return found


def count_articles(path: Path) -> int:
    """How many articles `read_file` will yield, cheaply, for the progress bar."""
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        with path.open("rb") as handle:
            return max(1, sum(1 for line in handle if line.strip()))
    if suffix == ".json":
        try:
            data = json.loads(path.read_bytes())
        except (ValueError, OSError):
            return 1
        return max(1, len(data)) if isinstance(data, list) else 1
    return 1


def read_file(path: Path) -> Iterator[SourceArticle]:
    """The articles in one file (JSON files may hold many), failures included."""
    suffix = path.suffix.lower()
    if suffix in JSON_SUFFIXES:
        yield from _read_json(path, lines=suffix == ".jsonl")
        return
    raw = path.read_bytes()
    if len(raw) > MAX_ARTICLE_BYTES:
        yield _failure(path, raw, f"too large: {len(raw) / 1e6:.1f} MB (limit 2 MB)")
        return
    text, error = decode(raw)
    if error is not None:
        yield _failure(path, raw, error)
        return
    if suffix in HTML_SUFFIXES:
        yield _from_html(path, raw, text)
    elif suffix in MARKDOWN_SUFFIXES:
        yield _from_markdown(path, raw, text)
    else:
        yield _checked(
            ArticleMeta(text=normalize_text(text), title=_first_line_title(text), source=str(path))
        )


def decode(raw: bytes) -> tuple[str, str | None]:
    """UTF-8 text from bytes, or the reason these bytes are not an article."""
    if b"\x00" in raw[:8192]:
        return "", "binary file, not text"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return "", f"not UTF-8 text (invalid byte at offset {exc.start})"
    if not text.strip():
        return "", "empty article"
    return text, None


def parse_published(value: Any) -> date | None:
    """A publication date from front matter or JSON: a date, or an ISO date/time string."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
        except ValueError:
            return None
    return None


def unreadable(path: Path, exc: OSError) -> SourceArticle:
    """A file the system would not let us read; its path stands in for its content."""
    return _failure(path, f"unreadable:{path}".encode(), f"cannot read the file: {exc.strerror}")


def _failure(path: Path | str, raw: bytes, error: str) -> SourceArticle:
    meta = ArticleMeta(text="", source=str(path), digest=hashlib.sha256(raw).hexdigest())
    return SourceArticle(meta, error)


def _checked(meta: ArticleMeta) -> SourceArticle:
    if not meta.text:
        return SourceArticle(meta, "empty article")
    if len(meta.text.encode("utf-8")) > MAX_ARTICLE_BYTES:
        return SourceArticle(meta, "too large: article text over 2 MB")
    return SourceArticle(meta)


def _first_line_title(text: str) -> str:
    """A plain-text article usually starts with its headline on a line of its own."""
    lines = normalize_text(text).split("\n", 1)
    first = lines[0].lstrip("#").strip()
    return first if len(lines) > 1 and len(first) <= _TITLE_LINE_MAX else ""


def _from_markdown(path: Path, raw: bytes, text: str) -> SourceArticle:
    front, body = _split_front_matter(text)
    if front is None:
        return _checked(
            ArticleMeta(text=normalize_text(body), title=_first_line_title(body), source=str(path))
        )
    try:
        fields = yaml.safe_load(front) or {}
    except yaml.YAMLError as exc:
        return _failure(path, raw, f"bad front matter: {str(exc).splitlines()[0]}")
    if not isinstance(fields, dict):
        return _failure(path, raw, "bad front matter: not a mapping of fields")
    return _checked(_meta_from_fields(fields, normalize_text(body), str(path), body))


def _split_front_matter(text: str) -> tuple[str | None, str]:
    lines = text.lstrip("\ufeff").split("\n")
    if not lines or lines[0].strip() != "---":
        return None, text
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :])
    return None, text


def _meta_from_fields(
    fields: Mapping[str, Any], text: str, source: str, title_fallback_text: str = ""
) -> ArticleMeta:
    def field_text(name: str) -> str:
        value = fields.get(name)
        return str(value).strip() if value is not None else ""

    return ArticleMeta(
        text=text,
        title=field_text("title") or _first_line_title(title_fallback_text),
        outlet=field_text("outlet"),
        url=field_text("url"),
        published=parse_published(fields.get("published", fields.get("date"))),
        source=source,
    )


def _from_html(path: Path, raw: bytes, html: str) -> SourceArticle:
    import trafilatura  # heavy import, only when HTML is ingested

    document = trafilatura.bare_extraction(html, with_metadata=True)
    text = normalize_text(getattr(document, "text", None) or "")
    if not text:
        return _failure(path, raw, "no article text found in the HTML")
    fields = {
        "title": getattr(document, "title", None),
        "outlet": getattr(document, "sitename", None) or getattr(document, "hostname", None),
        "url": getattr(document, "url", None),
        "published": getattr(document, "date", None),
    }
    return _checked(_meta_from_fields(fields, text, str(path)))


def _read_json(path: Path, *, lines: bool) -> Iterator[SourceArticle]:
    raw = path.read_bytes()
    text, error = decode(raw)
    if error is not None:
        yield _failure(path, raw, error)
        return
    if lines:
        for number, line in enumerate(text.split("\n"), start=1):
            if line.strip():
                yield _from_json_item(f"{path}#{number}", line.encode("utf-8"), line)
        return
    try:
        data = json.loads(text)
    except ValueError as exc:
        yield _failure(path, raw, f"invalid JSON: {exc}")
        return
    if not isinstance(data, list):
        yield _from_json_object(str(path), raw, data)
        return
    for number, entry in enumerate(data, start=1):
        item_raw = json.dumps(entry, sort_keys=True).encode("utf-8")
        yield _from_json_object(f"{path}#{number}", item_raw, entry)


def _from_json_item(source: str, raw: bytes, line: str) -> SourceArticle:
    try:
        entry = json.loads(line)
    except ValueError as exc:
        return _failure(source, raw, f"invalid JSON: {exc}")
    return _from_json_object(source, raw, entry)


def _from_json_object(source: str, raw: bytes, entry: Any) -> SourceArticle:
    if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
        return _failure(source, raw, 'JSON item without a "text" string')
    return _checked(_meta_from_fields(entry, normalize_text(entry["text"]), source))
