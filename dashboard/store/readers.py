"""Turning files into articles: text plus the metadata each format carries.

A file that cannot be read as an article still yields an entry, with the
reason in `error`, so the store can record the failure and the batch goes on.
Files are untrusted: every reader bounds what it costs (sizes, nesting depth,
no YAML aliases) and turns whatever goes wrong into a one-line reason.
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
MAX_JSON_FILE_BYTES = 64 * 1024 * 1024  # a feed of many articles
MAX_FIELD_CHARS = 2_000  # title, outlet, url, published
MAX_FRONT_MATTER_CHARS = 64 * 1024
MAX_DEPTH = 16  # nesting of JSON values and front matter
MAX_FRONT_MATTER_NODES = 2_000
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


def read_safely(path: Path) -> list[SourceArticle]:
    """The file's articles, never an exception: whatever reading does, a batch goes on."""
    try:
        return list(read_file(path))
    except OSError as exc:  # vanished or unreadable since it was listed: record, go on
        return [unreadable(path, exc)]
    except (RecursionError, MemoryError, ValueError) as exc:  # a reader bug: record it, go on
        return [unreadable(path, OSError(0, f"reader error: {type(exc).__name__}"))]


def read_file(path: Path) -> Iterator[SourceArticle]:
    """The articles in one file (JSON files may hold many), failures included.

    Raises only OSError (the file vanished or may not be read).
    """
    suffix = path.suffix.lower()
    limit = MAX_JSON_FILE_BYTES if suffix in JSON_SUFFIXES else MAX_ARTICLE_BYTES
    size = path.stat().st_size
    if size > limit:
        digest = f"{path}|{size}|{path.stat().st_mtime_ns}".encode()
        yield _failure(path, digest, f"too large: {size / 1e6:.1f} MB (limit {_mb(limit)})")
        return
    raw = path.read_bytes()
    if suffix in JSON_SUFFIXES:
        yield from _read_json(path, raw, lines=suffix == ".jsonl")
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


def _mb(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB"


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


class ReaderError(ValueError):
    """A file's metadata breaks a rule or a limit; the message is one line."""


def parse_published(value: Any) -> date | None:
    """A publication date from front matter or JSON: a date, or an ISO date/time string.

    Absent or blank is None; anything else that is not a real date is a ReaderError.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) <= MAX_FIELD_CHARS:
        try:
            return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
        except ValueError:
            pass
    shown = str(value) if isinstance(value, str | int | float) else type(value).__name__
    shown = shown if len(shown) <= 40 else shown[:40] + "…"
    raise ReaderError(f"published is not a real date (YYYY-MM-DD): {shown!r}")


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
        fields = load_front_matter(front)
        return _checked(_meta_from_fields(fields, normalize_text(body), str(path), body))
    except ReaderError as exc:
        return _failure(path, raw, str(exc))


class _FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML where timestamps stay strings: an impossible date is our error, not a crash."""

    def construct_timestamp_text(self, node: yaml.Node) -> str:
        return str(self.construct_scalar(node))  # type: ignore[arg-type]


_FrontMatterLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _FrontMatterLoader.construct_timestamp_text
)


def load_front_matter(front: str) -> dict[str, Any]:
    """Front matter fields, parsed at a bounded cost: no anchors or aliases (no
    "billion laughs"), limited size, nesting and node count."""
    if len(front) > MAX_FRONT_MATTER_CHARS:
        raise ReaderError(
            f"bad front matter: {len(front):,} characters (limit {MAX_FRONT_MATTER_CHARS:,})"
        )
    depth = nodes = 0
    try:
        # The event stream is produced without recursion, so it can be checked first.
        for event in yaml.parse(front, Loader=_FrontMatterLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise ReaderError("bad front matter: YAML anchors and aliases are not allowed")
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise ReaderError(f"bad front matter: nested over {MAX_DEPTH} levels deep")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            nodes += isinstance(event, yaml.NodeEvent)
            if nodes > MAX_FRONT_MATTER_NODES:
                raise ReaderError(
                    f"bad front matter: over {MAX_FRONT_MATTER_NODES:,} values (too many)"
                )
        fields = yaml.load(front, Loader=_FrontMatterLoader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise ReaderError(f"bad front matter: {_first_line(str(exc))}") from None
    if fields is None:
        return {}
    if not isinstance(fields, dict):
        raise ReaderError("bad front matter: not a mapping of fields")
    return fields


def _first_line(message: str) -> str:
    return next((line.strip() for line in message.splitlines() if line.strip()), "unreadable")


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
    """Raises ReaderError for a field over its limit or a publication date that is none."""

    def field_text(name: str) -> str:
        value = fields.get(name)
        if value is None:
            return ""
        if isinstance(value, dict | list):
            raise ReaderError(f"{name} is not a single value")
        shown = str(value).strip()
        if len(shown) > MAX_FIELD_CHARS:
            raise ReaderError(
                f"{name} too long: {len(shown):,} characters (limit {MAX_FIELD_CHARS:,})"
            )
        check_encodable(name, shown)
        return shown

    return ArticleMeta(
        text=text,
        title=field_text("title") or _first_line_title(title_fallback_text),
        outlet=field_text("outlet"),
        url=field_text("url"),
        published=parse_published(fields.get("published", fields.get("date"))),
        source=source,
    )


def check_encodable(name: str, value: str) -> None:
    """JSON's \\ud800 escapes decode to lone surrogates, which no store or page can encode."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ReaderError(
            f"{name} holds a lone surrogate (U+{ord(value[exc.start]):04X}) at character "
            f"{exc.start:,}: not valid Unicode text"
        ) from None


def _from_html(path: Path, raw: bytes, html: str) -> SourceArticle:
    import trafilatura  # heavy import, only when HTML is ingested

    try:
        document = trafilatura.bare_extraction(html, with_metadata=True)
    except (ValueError, RecursionError, MemoryError) as exc:
        return _failure(path, raw, f"unreadable HTML: {type(exc).__name__}")
    text = normalize_text(getattr(document, "text", None) or "")
    if not text:
        return _failure(path, raw, "no article text found in the HTML")
    fields = {
        "title": getattr(document, "title", None),
        "outlet": getattr(document, "sitename", None) or getattr(document, "hostname", None),
        "url": getattr(document, "url", None),
        "published": getattr(document, "date", None),
    }
    try:
        return _checked(_meta_from_fields(fields, text, str(path)))
    except ReaderError:
        # metadata that trafilatura guessed from the page is optional: keep the text
        return _checked(ArticleMeta(text=text, source=str(path)))


def _read_json(path: Path, raw: bytes, *, lines: bool) -> Iterator[SourceArticle]:
    text, error = decode(raw)
    if error is not None:
        yield _failure(path, raw, error)
        return
    if lines:
        for number, line in enumerate(text.split("\n"), start=1):
            if line.strip():
                yield _from_json_text(f"{path}#{number}", line.encode("utf-8"), line)
        return
    try:
        data = load_json(text)
    except ReaderError as exc:
        yield _failure(path, raw, str(exc))
        return
    if not isinstance(data, list):
        yield _from_json_object(str(path), raw, data)
        return
    for number, entry in enumerate(data, start=1):
        item_raw = json.dumps(entry, sort_keys=True).encode("utf-8")
        yield _from_json_object(f"{path}#{number}", item_raw, entry)


def load_json(text: str) -> Any:
    """JSON no deeper than MAX_DEPTH; one-line ReaderError otherwise."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise ReaderError(f"JSON nested over {MAX_DEPTH} levels deep") from None
    except ValueError as exc:
        raise ReaderError(f"invalid JSON: {exc}") from None
    if _deeper_than(data, MAX_DEPTH):
        raise ReaderError(f"JSON nested over {MAX_DEPTH} levels deep")
    return data


def _deeper_than(value: Any, limit: int) -> bool:
    """Iterative, so a value nested a thousand deep cannot exhaust the stack."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


def _from_json_text(source: str, raw: bytes, line: str) -> SourceArticle:
    if len(raw) > MAX_ARTICLE_BYTES + MAX_FRONT_MATTER_CHARS:
        return _failure(source, raw, f"too large: JSON record over {_mb(MAX_ARTICLE_BYTES)}")
    try:
        entry = load_json(line)
    except ReaderError as exc:
        return _failure(source, raw, str(exc))
    return _from_json_object(source, raw, entry)


def _from_json_object(source: str, raw: bytes, entry: Any) -> SourceArticle:
    if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
        return _failure(source, raw, 'JSON item without a "text" string')
    try:
        check_encodable("text", entry["text"])
        return _checked(_meta_from_fields(entry, normalize_text(entry["text"]), source))
    except ReaderError as exc:
        return _failure(source, raw, str(exc))
