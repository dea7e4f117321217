"""Tables of the Reelmap store, described once with SQLAlchemy Core.

This module describes the newest schema. A fresh store is created from it
directly; an older store is brought up to date by the steps in `migrations`.
The same definitions run on SQLite and PostgreSQL, so only portable types are
used (JSON, Date, Float, Text).
"""

from __future__ import annotations

import sqlalchemy as sa

from dashboard.model import EVENT_KINDS, ROLES

SCHEMA_VERSION = 3

ARTICLE_STATUSES = ("parsed", "failed")
MENTION_STATUSES = ("auto", "confirmed", "corrected", "rejected")
CORRECTION_STATUSES = ("confirmed", "corrected", "rejected")
NAME_CORRECTIONS = ("merge", "rename")
PRECISIONS = ("day", "month", "year")
PLACE_KINDS = ("continent", "country", "admin1", "admin2", "city", "user")

# Named constraints keep future ALTER migrations possible on both backends.
metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _one_of(column: str, values: tuple[str, ...], name: str) -> sa.CheckConstraint:
    allowed = ", ".join(f"'{value}'" for value in values)  # fixed constants, not user input
    return sa.CheckConstraint(f"{column} IN ({allowed})", name=name)


schema_version = sa.Table(
    "schema_version",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
)

# One row whose counter moves on every write: the dashboard's cache key.
store_state = sa.Table(
    "store_state",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("revision", sa.BigInteger, nullable=False),
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("title", sa.Text, nullable=False, default=""),
    sa.Column("outlet", sa.Text, nullable=False, default=""),
    sa.Column("url", sa.Text, nullable=False, default=""),
    sa.Column("published", sa.Date),
    sa.Column("text", sa.Text, nullable=False, default=""),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("error", sa.Text),
    sa.Column("source", sa.Text, nullable=False, default="", index=True),
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    _one_of("status", ARTICLE_STATUSES, "status"),
)

productions = sa.Table(
    "productions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.Text, nullable=False, unique=True),  # casefolded title
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("aliases", sa.JSON, nullable=False),
    sa.Column("year", sa.Integer),
    sa.Column("kind", sa.String(16), nullable=False),
    _one_of("kind", ("film", "series", "unknown"), "kind"),
)

article_productions = sa.Table(
    "article_productions",
    metadata,
    sa.Column(
        "article_id",
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("production_id", sa.ForeignKey("productions.id"), primary_key=True),
)

places = sa.Table(
    "places",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    # geonameid when the gazetteer knows the place, else a key built from its fields
    sa.Column("key", sa.Text, nullable=False, unique=True),
    sa.Column("geonameid", sa.Text),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("country", sa.String(8), nullable=False),
    sa.Column("admin1", sa.Text, nullable=False),
    sa.Column("admin2", sa.Text, nullable=False),
    sa.Column("lat", sa.Float, nullable=False),
    sa.Column("lon", sa.Float, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),  # granularity
    sa.Column("population", sa.BigInteger, nullable=False),
    _one_of("kind", PLACE_KINDS, "kind"),
)

mentions = sa.Table(
    "mentions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "article_id",
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("span_start", sa.Integer, nullable=False),
    sa.Column("span_end", sa.Integer, nullable=False),
    sa.Column("surface", sa.Text, nullable=False),
    sa.Column("sentence", sa.Text, nullable=False),
    sa.Column("place_id", sa.ForeignKey("places.id"), index=True),
    sa.Column("production_id", sa.ForeignKey("productions.id"), index=True),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("approximate", sa.Boolean, nullable=False),
    sa.Column("alternatives", sa.JSON, nullable=False),  # list of candidate dicts
    sa.Column("status", sa.String(16), nullable=False, default="auto"),
    _one_of("status", MENTION_STATUSES, "status"),
    _one_of("role", ROLES, "role"),
)

schedule_events = sa.Table(
    "schedule_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "article_id",
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("production_id", sa.ForeignKey("productions.id"), index=True),
    sa.Column("place_id", sa.ForeignKey("places.id")),
    sa.Column("mention_id", sa.ForeignKey("mentions.id", ondelete="SET NULL"), index=True),
    sa.Column("kind", sa.String(24), nullable=False),
    sa.Column("start_date", sa.Date, nullable=False),
    sa.Column("end_date", sa.Date, nullable=False),
    sa.Column("precision", sa.String(8), nullable=False),
    sa.Column("expression", sa.Text, nullable=False),
    sa.Column("sentence", sa.Text, nullable=False),
    _one_of("kind", EVENT_KINDS, "kind"),
    _one_of("precision", PRECISIONS, "precision"),
)

# A correction keeps surface, production and places itself, so it still
# drives later parses even if its mention disappears.
corrections = sa.Table(
    "corrections",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "mention_id",
        sa.ForeignKey("mentions.id", ondelete="SET NULL"),
        index=True,
    ),
    sa.Column("surface", sa.Text, nullable=False),
    sa.Column("production_id", sa.ForeignKey("productions.id")),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("old_place_id", sa.ForeignKey("places.id")),
    sa.Column("new_place_id", sa.ForeignKey("places.id")),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    _one_of("status", CORRECTION_STATUSES, "status"),
)

# A person's merge or rename of productions: while not undone, the production
# whose title key is `key` shows as `title`, in stored and later articles alike.
# One merge or rename is one `action` (several rows for a merge).
production_names = sa.Table(
    "production_names",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("action", sa.Integer, nullable=False, index=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("key", sa.Text, nullable=False, index=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("undone_at", sa.DateTime(timezone=True)),
    _one_of("kind", NAME_CORRECTIONS, "kind"),
)

# What the map's and the timeline's filters look up (see queries.map_locations
# and queries.schedule); added to older stores by migration 3. Mentions by
# production and events by mention are indexed above already. Not by role:
# nearly every mention is "filmed", and SQLite (without statistics) would
# then walk an index on role instead of the table, 30% slower for the
# default map of a million mentions.
MAP_INDEXES = (
    # country IN (...)
    sa.Index("ix_places_country", places.c.country),
    # a mention's first filming event: its events by (start_date, id), no sort
    sa.Index(
        "ix_schedule_events_mention_id_start_date",
        schedule_events.c.mention_id,
        schedule_events.c.start_date,
        schedule_events.c.id,
    ),
    # the timeline's date range: start_date <= to
    sa.Index("ix_schedule_events_start_date", schedule_events.c.start_date),
)
