"""Review: a person confirms, corrects or rejects a mention, and the parser learns from it.

Each decision is kept in `corrections` (with the surface and production, so it
outlives the mention) and applied to the mention and its schedule events.
`overrides` turns the latest decision per name and production into rules the
geoparser applies to later articles.
"""

from __future__ import annotations

from datetime import UTC, datetime

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
