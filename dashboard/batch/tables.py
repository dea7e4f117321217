"""A partition's results as Parquet tables, written so a reader never sees half a file.

Six tables per partition, one folder each under the output folder (so
`pandas.read_parquet(out / "mentions")` reads them all): articles (with the
whole parse result as JSON, the same dict `reelmap extract --format json`
prints), productions, places, mentions, events, failures. Rows are built
from the parser's ArticleResult and keyed by the article's content hash,
the store's identity for an article.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from dashboard.model import ArticleResult, Production
from dashboard.store.readers import ArticleMeta
from dashboard.store.records import candidates_to_json, place_key, place_to_dict

TABLES = ("articles", "productions", "places", "mentions", "events", "failures")
MANIFESTS = "_partitions"

SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema(
        [
            ("content_hash", pa.string()),
            ("source", pa.string()),
            ("title", pa.string()),
            ("outlet", pa.string()),
            ("url", pa.string()),
            ("published", pa.date32()),
            ("text", pa.string()),
            ("result", pa.string()),  # ArticleResult.to_dict() as JSON
        ]
    ),
    "productions": pa.schema(
        [
            ("content_hash", pa.string()),
            ("title", pa.string()),
            ("aliases", pa.list_(pa.string())),
            ("year", pa.int32()),
            ("kind", pa.string()),
        ]
    ),
    "places": pa.schema(
        [
            ("key", pa.string()),
            ("geonameid", pa.string()),
            ("name", pa.string()),
            ("country", pa.string()),
            ("admin1", pa.string()),
            ("admin2", pa.string()),
            ("lat", pa.float64()),
            ("lon", pa.float64()),
            ("kind", pa.string()),
            ("population", pa.int64()),
        ]
    ),
    "mentions": pa.schema(
        [
            ("content_hash", pa.string()),
            ("mention", pa.int32()),  # index into the article's toponyms
            ("span_start", pa.int32()),
            ("span_end", pa.int32()),
            ("surface", pa.string()),
            ("sentence", pa.string()),
            ("place_key", pa.string()),
            ("production", pa.string()),
            ("confidence", pa.float64()),
            ("reason", pa.string()),
            ("role", pa.string()),
            ("approximate", pa.bool_()),
            ("alternatives", pa.string()),  # JSON list of candidates
        ]
    ),
    "events": pa.schema(
        [
            ("content_hash", pa.string()),
            ("event", pa.int32()),
            ("production", pa.string()),
            ("mention", pa.int32()),
            ("kind", pa.string()),
            ("start_date", pa.date32()),
            ("end_date", pa.date32()),
            ("precision", pa.string()),
            ("expression", pa.string()),
            ("sentence", pa.string()),
        ]
    ),
    "failures": pa.schema([("source", pa.string()), ("reason", pa.string())]),
}


class PartitionRows:
    """Rows of the six tables for one partition, filled article by article."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
        self._places: set[str] = set()

    def add_failure(self, source: str, reason: str) -> None:
        # sources and parser messages may carry control characters
        printable = "".join(ch if ch.isprintable() else "?" for ch in reason)
        self.rows["failures"].append({"source": source, "reason": printable})

    def add(self, meta: ArticleMeta, result: ArticleResult) -> None:
        digest = meta.content_hash
        self.rows["articles"].append(
            {
                "content_hash": digest,
                "source": meta.source,
                "title": meta.title,
                "outlet": meta.outlet,
                "url": meta.url,
                "published": meta.published or result.published,
                "text": result.text,
                "result": json.dumps(result.to_dict(), ensure_ascii=False, sort_keys=True),
            }
        )
        self._add_productions(digest, result)
        for index, toponym in enumerate(result.toponyms):
            key = place_key(toponym.place) if toponym.place else None
            if toponym.place and key not in self._places:
                self._places.add(str(key))
                self.rows["places"].append({"key": key, **place_to_dict(toponym.place)})
            self.rows["mentions"].append(
                {
                    "content_hash": digest,
                    "mention": index,
                    "span_start": toponym.start,
                    "span_end": toponym.end,
                    "surface": toponym.surface,
                    "sentence": toponym.sentence,
                    "place_key": key,
                    "production": toponym.production,
                    "confidence": toponym.confidence,
                    "reason": toponym.reason,
                    "role": toponym.role,
                    "approximate": toponym.approximate,
                    "alternatives": json.dumps(
                        candidates_to_json(toponym.alternatives), ensure_ascii=False
                    ),
                }
            )
        for index, event in enumerate(result.events):
            linked = event.toponym
            if linked is not None and not 0 <= linked < len(result.toponyms):
                linked = None  # an index the parser got wrong must not point at another mention
            self.rows["events"].append(
                {
                    "content_hash": digest,
                    "event": index,
                    "production": event.production,
                    "mention": linked,
                    "kind": event.kind,
                    "start_date": event.start,
                    "end_date": event.end,
                    "precision": event.precision,
                    "expression": event.expression,
                    "sentence": event.sentence,
                }
            )

    def _add_productions(self, digest: str, result: ArticleResult) -> None:
        """The article's productions, and any title a place or event names (as the store does)."""
        found = {p.title: p for p in result.productions}
        named = [t.production for t in result.toponyms] + [e.production for e in result.events]
        for title in named:
            if title and title not in found:
                found[title] = Production(title)
        for production in found.values():
            self.rows["productions"].append(
                {
                    "content_hash": digest,
                    "title": production.title,
                    "aliases": list(production.aliases),
                    "year": production.year,
                    "kind": production.kind,
                }
            )

    def tables(self) -> dict[str, pa.Table]:
        return {
            name: pa.Table.from_pylist(rows, schema=SCHEMAS[name])
            for name, rows in self.rows.items()
        }


def table_path(out: Path, table: str, partition_id: str) -> Path:
    return out / table / f"part-{partition_id}.parquet"


def manifest_path(out: Path, partition_id: str) -> Path:
    return out / MANIFESTS / f"{partition_id}.json"


def write_partition(
    out: Path, partition_id: str, tables: Mapping[str, pa.Table], manifest: Mapping[str, Any]
) -> None:
    """Each file goes to a temporary name, then is renamed; the manifest comes last.

    A partition counts as written only once its manifest exists, so a worker
    killed half-way leaves nothing a rerun would trust.
    """
    for name, table in tables.items():
        target = table_path(out, name, partition_id)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        pq.write_table(table, temporary)
        os.replace(temporary, target)
    write_json_atomic(manifest_path(out, partition_id), manifest)


def write_json_atomic(target: Path, value: Any) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(value, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    os.replace(temporary, target)


def read_partition_tables(out: Path, partition_id: str) -> dict[str, pa.Table]:
    return {name: pq.read_table(table_path(out, name, partition_id)) for name in TABLES}


def read_manifest(out: Path, partition_id: str) -> dict[str, Any] | None:
    try:
        value = json.loads(manifest_path(out, partition_id).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None
