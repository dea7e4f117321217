"""Stored landmarks that were pinned at their town, given their own points afterwards.

`reelmap ingest --landmarks ...` places landmarks while it parses. Articles
already in the store (the demo corpus, the app's Add page, a batch) keep their
approximate landmarks at the town, county or country that holds them; this
module looks each one up once, in this one process (so one rate limit holds),
and moves the mentions that the placer finds nearby. Mentions a person has
confirmed, corrected or rejected are theirs and stay as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from dashboard.geocoders.landmarks import LandmarkPlacer
from dashboard.model import Place
from dashboard.store import schema
from dashboard.store.engine import write_transaction
from dashboard.store.records import bump_revision, place_from_row, place_key, upsert_place


@dataclass(frozen=True, slots=True)
class ApproximateMention:
    """A mention as the parser left it, pinned at the place that holds its landmark."""

    id: int
    surface: str
    reason: str
    enclosing: Place


@dataclass(frozen=True, slots=True)
class LandmarksPlaced:
    """What `place_stored_landmarks` did; `str()` is the command's report line."""

    service: str
    approximate: int  # approximate mentions found in the store
    looked_up: int  # distinct (name, enclosing place) pairs asked for
    placed: int  # mentions moved to their own point

    def __str__(self) -> str:
        return (
            f"{self.placed} of {self.approximate} approximate landmark mentions placed by "
            f"{self.service} ({self.looked_up} names looked up)"
        )


def approximate_mentions(engine: Engine) -> list[ApproximateMention]:
    """Every approximate mention the parser made and no person has decided on, by id."""
    mentions, places = schema.mentions, schema.places
    place_columns = [c for c in places.c if c.name not in ("id", "key")]
    query = (
        sa.select(mentions.c.id, mentions.c.surface, mentions.c.reason, *place_columns)
        .join(places, places.c.id == mentions.c.place_id)
        .where(mentions.c.approximate.is_(True), mentions.c.status == "auto")
        .order_by(mentions.c.id)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [ApproximateMention(r["id"], r["surface"], r["reason"], place_from_row(r)) for r in rows]


def place_stored_landmarks(engine: Engine, placer: LandmarkPlacer) -> LandmarksPlaced:
    """Move the store's approximate landmarks to the points `placer` finds near them.

    The look-ups run outside any transaction (a service may take seconds per
    name); the moves are then written in one, with each mention's schedule
    events, so a reader sees all of them or none.
    """
    waiting = approximate_mentions(engine)
    found: dict[tuple[str, str], Place | None] = {}
    moves: list[tuple[int, Place, str]] = []
    looked_up = 0
    for mention in waiting:
        key = (mention.surface, place_key(mention.enclosing))
        if key not in found:
            looked_up += 1
            found[key] = placer.locate(mention.surface, mention.enclosing)
        landmark = found[key]
        if landmark is not None:
            reason = placer.reason(mention.reason, landmark, mention.enclosing)
            moves.append((mention.id, landmark, reason))
    moved = _move(engine, moves) if moves else 0
    return LandmarksPlaced(placer.service, len(waiting), looked_up, moved)


def _move(engine: Engine, moves: list[tuple[int, Place, str]]) -> int:
    mentions, events = schema.mentions, schema.schedule_events
    moved = 0
    with write_transaction(engine) as conn:
        for mention_id, landmark, reason in moves:
            place_id = upsert_place(conn, landmark)
            changed = conn.execute(
                sa.update(mentions)
                .where(
                    mentions.c.id == mention_id,
                    mentions.c.approximate.is_(True),
                    mentions.c.status == "auto",  # a person may have decided meanwhile
                )
                .values(place_id=place_id, approximate=False, reason=reason)
            ).rowcount
            if changed:
                conn.execute(
                    sa.update(events)
                    .where(events.c.mention_id == mention_id)
                    .values(place_id=place_id)
                )
                moved += 1
        if moved:
            bump_revision(conn)
    return moved
