"""Corrections: a person's decisions on mentions and on productions' names.

A person confirms, corrects or rejects a mention, and the parser learns from it.

Each decision is kept in `corrections` (with the surface and production, so it
outlives the mention) and applied to the mention and its schedule events.
`overrides` turns the latest decision per name and production into rules the
geoparser applies to later articles.

Merges and renames of productions are kept in `production_names` by title
key and applied when the store is read, so they cover stored and later
articles alike and undoing one is marking it undone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from dashboard.model import Override, Place
from dashboard.store import schema
from dashboard.store.engine import write_transaction
from dashboard.store.records import bump_revision, place_from_row, upsert_place

USER_CONFIDENCE = 1.0  # a person's decision is not a guess


def correct_mention(
    engine: Engine, mention_id: int, *, place: Place | None, status: str, note: str = ""
) -> None:
    """Record a person's decision on one mention.

    status "confirmed": the mention's place is right (`place` None or that same place);
    "corrected": `place` is the right one (another candidate or a user-made point);
    "rejected": the name is not a place here (`place` must be None).
    """
    if status not in schema.CORRECTION_STATUSES:
        raise ValueError(f"unknown review status {status!r}")
    if status == "corrected" and place is None:
        raise ValueError("a correction needs the right place")
    if status == "rejected" and place is not None:
        raise ValueError("a rejection takes no place")
    mentions = schema.mentions
    with write_transaction(engine) as conn:
        row = (
            conn.execute(sa.select(mentions).where(mentions.c.id == mention_id)).mappings().first()
        )
        if row is None:
            raise LookupError(f"no mention with id {mention_id}")
        old_place_id = row["place_id"]
        new_place_id = upsert_place(conn, place) if place is not None else None
        if status == "confirmed":
            if new_place_id is not None and new_place_id != old_place_id:
                raise ValueError("a confirmation keeps the mention's place: use 'corrected'")
            if old_place_id is None:
                raise ValueError("nothing to confirm: the mention has no place")
            new_place_id = old_place_id
        reason = _reason(status, note)
        changes: dict[str, object] = {"status": status, "reason": reason}
        if status != "rejected":
            changes |= {"place_id": new_place_id, "confidence": USER_CONFIDENCE}
        conn.execute(sa.update(mentions).where(mentions.c.id == mention_id).values(**changes))
        events = schema.schedule_events
        conn.execute(
            sa.update(events).where(events.c.mention_id == mention_id).values(place_id=new_place_id)
        )
        conn.execute(
            sa.insert(schema.corrections).values(
                mention_id=mention_id,
                surface=row["surface"],
                production_id=row["production_id"],
                status=status,
                old_place_id=old_place_id,
                new_place_id=new_place_id,
                note=note,
                created_at=datetime.now(UTC),
            )
        )
        bump_revision(conn)


def _reason(status: str, note: str) -> str:
    return f"{status} by a user" + (f": {note}" if note else "")


def overrides(engine: Engine) -> list[Override]:
    """The latest decision for each (name, production), as rules for the geoparser."""
    corrections, places, productions = schema.corrections, schema.places, schema.productions
    query = (
        sa.select(
            corrections.c.surface,
            corrections.c.status,
            corrections.c.note,
            productions.c.title.label("production"),
            places,
        )
        .select_from(corrections)
        .outerjoin(places, places.c.id == corrections.c.new_place_id)
        .outerjoin(productions, productions.c.id == corrections.c.production_id)
        .order_by(corrections.c.id)
    )
    latest: dict[tuple[str, str | None], Override] = {}
    with engine.connect() as conn:
        for row in conn.execute(query).mappings():
            place = place_from_row(row) if row["status"] != "rejected" else None
            key = (row["surface"].casefold(), row["production"])
            latest[key] = Override(
                surface=row["surface"],
                place=place,
                production=row["production"],
                reason=_reason(row["status"], row["note"]),
            )
    return list(latest.values())


# ---- merging and renaming productions ------------------------------------------


@dataclass(frozen=True)
class NameChange:
    """One merge or rename that is in force, for the list a person can undo from."""

    action: int
    kind: str  # "merge" or "rename"
    title: str
    originals: tuple[str, ...]  # the stored titles it gathers under `title`
    created_at: datetime


def named_productions() -> sa.Subquery:
    """Per production key, the title a person gave it: the latest merge or rename in force."""
    names = schema.production_names
    latest = (
        sa.select(sa.func.max(names.c.id).label("id"))
        .where(names.c.undone_at.is_(None))
        .group_by(names.c.key)
        .subquery("latest_name")
    )
    return (
        sa.select(names.c.key, names.c.title)
        .select_from(names.join(latest, latest.c.id == names.c.id))
        .subquery("named")
    )


def shown_title(productions: sa.Table | sa.Subquery, named: sa.Subquery) -> sa.ColumnElement[Any]:
    """A production's title as shown: a person's name for it, else its own (NULL if untitled)."""
    return sa.func.coalesce(named.c.title, sa.func.nullif(productions.c.title, ""))


def merge_productions(engine: Engine, titles: Sequence[str], title: str) -> int:
    """Show every production now shown as one of `titles` as `title`; returns the action id.

    The other titles stay the productions' own (aliases of the merged one), so
    `undo_name_change` brings them back, and later articles that name any of
    them land in the merged production too.
    """
    return _name(engine, "merge", titles, title, least=2)


def rename_production(engine: Engine, old: str, new: str) -> int:
    """Show the production now shown as `old` as `new`; returns the action id."""
    return _name(engine, "rename", [old], new, least=1)


def undo_name_change(engine: Engine, action: int) -> None:
    """Take back one merge or rename; the names in force before it apply again."""
    names = schema.production_names
    with write_transaction(engine) as conn:
        done = conn.execute(
            sa.update(names)
            .where(names.c.action == action, names.c.undone_at.is_(None))
            .values(undone_at=datetime.now(UTC))
        )
        if not done.rowcount:
            raise LookupError(f"no merge or rename {action} to undo")
        bump_revision(conn)


def name_changes(engine: Engine) -> list[NameChange]:
    """The merges and renames in force, newest first."""
    names, productions = schema.production_names, schema.productions
    query = (
        sa.select(names, productions.c.title.label("original"))
        .select_from(names.outerjoin(productions, productions.c.key == names.c.key))
        .where(names.c.undone_at.is_(None))
        .order_by(names.c.action.desc(), names.c.id)
    )
    changes: dict[int, NameChange] = {}
    with engine.connect() as conn:
        for row in conn.execute(query).mappings():
            found = changes.get(row["action"])
            original = row["original"] or row["key"]
            if found is None:
                changes[row["action"]] = NameChange(
                    row["action"], row["kind"], row["title"], (original,), row["created_at"]
                )
            elif original not in found.originals:
                changes[row["action"]] = replace(found, originals=(*found.originals, original))
    return list(changes.values())


def _name(engine: Engine, kind: str, titles: Sequence[str], title: str, *, least: int) -> int:
    new = " ".join(title.split())
    if not new:
        raise ValueError("give the production a title")
    wanted = list(dict.fromkeys(" ".join(t.split()) for t in titles if t.strip()))
    if len(wanted) < least:
        raise ValueError(f"pick at least {least} productions to {kind}")
    if kind == "rename" and wanted == [new]:
        raise ValueError("the new title is the same as the old one")
    productions, names = schema.productions, schema.production_names
    named = named_productions()
    shown = shown_title(productions, named).label("shown")
    with write_transaction(engine) as conn:
        rows = conn.execute(
            sa.select(productions.c.key, shown).select_from(
                productions.outerjoin(named, named.c.key == productions.c.key)
            )
        ).all()
        keys = sorted(key for key, current in rows if current in wanted)
        missing = set(wanted) - {current for _, current in rows}
        if missing:
            raise LookupError(f"no production titled {sorted(missing)[0]!r}")
        action = (
            int(
                conn.execute(
                    sa.select(sa.func.coalesce(sa.func.max(names.c.action), 0))
                ).scalar_one()
            )
            + 1
        )
        now = datetime.now(UTC)
        conn.execute(
            sa.insert(names),
            [
                {"action": action, "kind": kind, "key": key, "title": new, "created_at": now}
                for key in keys
            ],
        )
        bump_revision(conn)
    return action
