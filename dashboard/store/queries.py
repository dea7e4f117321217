"""Read-only queries behind the dashboard: pins, schedule, filter choices.

All filtering happens in SQL with bound parameters (SQLAlchemy expressions),
so a filter value taken from a URL can never change the statement itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import sqlalchemy as sa
from pandas.api.types import union_categoricals
from sqlalchemy.engine import Connection, Engine

from dashboard.model import ROLES, place_label
from dashboard.store import schema
from dashboard.store.corrections import named_productions, shown_title

UNTITLED = "Untitled production"
_Query = TypeVar("_Query", bound="sa.Select[Any]")

# Column -> dtype. "object" columns hold Python dates or None (never NaN), so a
# missing date or precision reads as None whatever pandas' default string type is.
LOCATION_COLUMNS: dict[str, str] = {
    "mention_id": "int64",
    "production": "object",
    "place_id": "int64",
    "place": "object",
    "country": "object",
    "kind": "object",  # the place's granularity: continent, country, admin1, admin2, city, user
    "admin1": "object",
    "lat": "float64",
    "lon": "float64",
    "role": "object",
    "confidence": "float64",
    "status": "object",
    "approximate": "bool",
    "start": "object",
    "end": "object",
    "precision": "object",
    "sentence": "object",
    "article_id": "int64",
    "article_title": "object",
    "outlet": "object",
    "published": "object",
    "url": "object",
    "order": "int64",
}
# The map's index of `locations`: its columns but the text, in compact dtypes.
MAP_COLUMNS: dict[str, str] = {
    "mention_id": "int64",
    "production": "category",
    "place_id": "int64",
    "place": "category",
    "country": "category",
    "kind": "category",
    "admin1": "category",
    "lat": "float64",
    "lon": "float64",
    "role": "category",
    "confidence": "float64",
    "status": "category",
    "approximate": "bool",
    "start": "datetime64[s]",
    "end": "datetime64[s]",
    "precision": "category",
    "article_id": "int64",
    "published": "datetime64[s]",
    "order": "int64",
}
# What `location_details` adds to map rows to make `locations` rows.
DETAIL_COLUMNS: dict[str, str] = {
    "mention_id": "int64",
    "sentence": "object",
    "article_title": "object",
    "outlet": "object",
    "url": "object",
}
DETAIL_CHUNK = 5_000  # ids per IN (...) list
READ_ROWS = 50_000  # map rows converted at a time
SCHEDULE_COLUMNS: dict[str, str] = {
    "production": "object",
    "kind": "object",
    "start": "object",
    "end": "object",
    "precision": "object",
    "place": "object",
    "country": "object",
    "mention_id": "Int64",
    "article_id": "int64",
}
# Schedule events that say where and when a production shoots; they date its pins.
_DATING_KINDS = ("filming", "next_destination")


@dataclass(frozen=True)
class Filters:
    """What the dashboard shows; the defaults show every filming location."""

    productions: tuple[str, ...] = ()  # production titles; empty = all
    countries: tuple[str, ...] = ()  # ISO2; empty = all
    roles: tuple[str, ...] = ("filmed",)  # empty = all roles
    date_from: date | None = None
    date_to: date | None = None
    min_confidence: float = 0.0


@dataclass(frozen=True)
class Facets:
    """The values the filters can take, for the sidebar's widgets."""

    productions: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    date_min: date | None = None
    date_max: date | None = None


def locations(engine: Engine, filters: Filters = Filters()) -> pd.DataFrame:
    """One row per place mention that passes `filters`, numbered in shooting order.

    A pin is dated by the filming event linked to its mention; without one,
    `start`/`end` stay empty and the article's `published` date stands in for
    date filtering and ordering. Every column of LOCATION_COLUMNS: the map's
    rows (`map_locations`) with their text (`location_details`).
    """
    rows = map_locations(engine, filters)
    return with_details(rows, location_details(engine, rows["mention_id"].to_numpy()))


def map_locations(engine: Engine, filters: Filters = Filters()) -> pd.DataFrame:
    """The rows of `locations` without their text (MAP_COLUMNS): what the map indexes.

    Sentences and article titles are most of a row's size and of its reading
    time, and the map needs them only for the pins it draws, which
    `location_details` fetches by id. Places and productions repeat across
    many rows: each is read once and the rows hold categoricals of them.
    """
    frame, _parts = ranked_map_rows(engine, filters)
    if filters.productions:
        frame = frame.loc[frame["production"].isin(filters.productions)].reset_index(drop=True)
    return frame.assign(production=frame["production"].cat.remove_unused_categories())


def ranked_map_rows(engine: Engine, filters: Filters) -> tuple[pd.DataFrame, np.ndarray]:
    """`map_locations` rows (all untitled productions kept when some are wanted) and each
    row's shooting-order partition, a code per title or untitled article, ascending."""
    m, e = schema.mentions, schema.schedule_events
    with engine.connect() as conn:
        titles = _production_titles(conn)
        day = _epoch_day(conn)
        columns = [m.c.id, *(m.c[c] for c in _ROW_COLUMNS[1:-1])]
        query = _map_query(filters, titles, [*columns, day(schema.articles.c.published)])
        rows = _read(conn, query, _ROW_COLUMNS)
        # Each mention's dating events, apart: a window over them joined to
        # every row costs SQLite more than reading them and ranking in numpy.
        events = _read(
            conn,
            sa.select(e.c.mention_id, day(e.c.start_date), day(e.c.end_date), e.c.precision, e.c.id)
            .where(e.c.kind.in_(_DATING_KINDS))
            .where(e.c.mention_id.in_(_map_query(filters, titles, [m.c.id]))),
            _EVENT_COLUMNS,
        )
        codes, parts, shown = _production_codes(conn, rows, titles)
        places = _places(conn, np.unique(rows["place_id"]))
    rows.update(_first_events(rows["mention_id"], events))
    mention, start, published = rows["mention_id"], rows["start"], rows["published"]
    part_code = pd.factorize(np.array(parts, dtype=object), sort=True)[0][codes]
    undated = np.iinfo(np.int64).max
    rank = np.lexsort(
        (
            mention,
            np.where(np.isnat(published), undated, published.astype(np.int64)),
            np.where(np.isnat(start), undated, start.astype(np.int64)),
            part_code,
        )
    )
    ranked = part_code[rank]
    labels, label_of = np.unique(np.array(shown, dtype=object), return_inverse=True)
    at = np.searchsorted(places["id"], rows["place_id"])
    frame = pd.DataFrame(
        {
            "mention_id": mention,
            "production": pd.Categorical.from_codes(label_of[codes], labels),
            "place_id": rows["place_id"],
            "place": places["place"].take(at),
            "country": places["country"].take(at),
            "kind": places["kind"].take(at),
            "admin1": places["admin1"].take(at),
            "lat": places["lat"][at],
            "lon": places["lon"][at],
            "article_id": rows["article_id"],
            **{name: rows[name] for name in ("role", "confidence", "status", "approximate")},
            **{name: rows[name] for name in ("start", "end", "precision", "published")},
        }
    ).iloc[rank]
    frame = frame.assign(order=shooting_order(ranked)).reset_index(drop=True)
    return frame.loc[:, list(MAP_COLUMNS)].astype(MAP_COLUMNS), ranked


def shooting_order(parts: np.ndarray) -> np.ndarray:
    """1, 2, 3... within each run of equal partition codes (rows already in shooting order)."""
    if not len(parts):
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, parts[1:] != parts[:-1]])
    return np.arange(len(parts)) - np.repeat(starts, np.diff(np.r_[starts, len(parts)])) + 1


def _map_query(
    filters: Filters, titles: dict[int | None, str | None], columns: Sequence[Any]
) -> sa.Select[Any]:
    """`columns` of the mentions that pass `filters`, filtered in SQL by indexed columns
    where there is one (production, country); dates through their first filming event."""
    m, a = schema.mentions, schema.articles
    joined = m.join(a, a.c.id == m.c.article_id)
    query = sa.select(*columns).where(
        a.c.status == "parsed", m.c.status != "rejected", m.c.place_id.is_not(None)
    )
    if filters.date_from is not None or filters.date_to is not None:
        dating = _dating_events()
        joined = joined.outerjoin(
            dating, sa.and_(dating.c.mention_id == m.c.id, dating.c.rank == 1)
        )
        if filters.date_from is not None:
            day_from = sa.func.coalesce(dating.c.end_date, a.c.published)
            query = query.where(day_from >= filters.date_from)
        if filters.date_to is not None:
            day_to = sa.func.coalesce(dating.c.start_date, a.c.published)
            query = query.where(day_to <= filters.date_to)
    query = query.select_from(joined)
    if filters.productions:
        query = query.where(_of_productions(m.c.production_id, titles, filters.productions))
    if filters.countries:
        p = schema.places
        query = query.where(
            m.c.place_id.in_(sa.select(p.c.id).where(p.c.country.in_(filters.countries)))
        )
    if filters.roles:
        query = query.where(m.c.role.in_(filters.roles))
    if filters.min_confidence > 0:
        query = query.where(m.c.confidence >= filters.min_confidence)
    return query


# What _map_query reads per mention, and per dating event, in that order.
_ROW_COLUMNS = (
    "mention_id", "place_id", "article_id", "production_id", "role", "confidence", "status",
    "approximate", "published",
)  # fmt: skip
_EVENT_COLUMNS = ("mention_id", "start", "end", "precision", "id")
_CATEGORIES = frozenset({"role", "status", "precision"})
_DAYS = frozenset({"start", "end", "published"})
_KINDS = {"confidence": "float64", "approximate": "bool", **dict.fromkeys(_DAYS, "datetime64[D]")}


def _read(conn: Connection, query: sa.Select[Any], names: Sequence[str]) -> dict[str, Any]:
    """The result as one array (or categorical) per column, converted a part at a time,
    so a million rows never sit in memory as Python tuples all at once."""
    parts: dict[str, list[Any]] = {name: [] for name in names}
    for rows in _parts(conn, query):
        # One object array per part: far cheaper than transposing the rows in Python.
        table = np.array([tuple(row) for row in rows], dtype=object).reshape(len(rows), len(names))
        for name, values in zip(names, table.T, strict=True):
            if name in _CATEGORIES:
                parts[name].append(pd.Categorical(values))
            elif name in _DAYS:
                days = values.astype(np.float64)  # None -> NaN
                known = ~np.isnan(days)
                dates = np.full(len(rows), np.datetime64("NaT"), dtype="datetime64[D]")
                dates[known] = days[known].astype(np.int64)
                parts[name].append(dates)
            elif name == "production_id":
                parts[name].append(np.where(values == None, -1, values).astype(np.int64))  # noqa: E711
            else:
                parts[name].append(values.astype(_KINDS.get(name, "int64")))
    out: dict[str, Any] = {}
    for name, chunks in parts.items():
        if name in _CATEGORIES:
            out[name] = union_categoricals(chunks) if chunks else pd.Categorical([])
        else:
            kind = _KINDS.get(name, "int64")
            out[name] = np.concatenate(chunks) if chunks else np.array([], dtype=kind)
    return out


def _parts(conn: Connection, query: sa.Select[Any]) -> Iterator[Sequence[Sequence[Any]]]:
    """The rows of ``query``, READ_ROWS at a time.

    On SQLite straight from the driver's cursor: SQLAlchemy's row objects cost
    more than SQLite's own reading (3 s against 2 s for a million map rows).
    The statement is still SQLAlchemy's, compiled with its bound parameters,
    which the driver binds; dates are bound as the ISO text SQLite stores.
    """
    if conn.dialect.name != "sqlite":
        yield from conn.execute(query.execution_options(yield_per=READ_ROWS)).partitions()
        return
    compiled = query.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    values = compiled.construct_params()
    bound = [_sqlite_value(values[name]) for name in compiled.positiontup or ()]
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(compiled.string, bound)
        while rows := cursor.fetchmany(READ_ROWS):
            yield rows
    finally:
        cursor.close()


def _sqlite_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _first_events(mentions: np.ndarray, events: dict[str, Any]) -> dict[str, Any]:
    """Per mention, the start, end and precision of its earliest dating event (ties:
    the first stored), as `_dating_events` ranks them; NaT and NaN without one."""
    precision = events["precision"]
    start = np.full(len(mentions), np.datetime64("NaT"), dtype="datetime64[D]")
    end, codes = start.copy(), np.full(len(mentions), -1, dtype=np.int64)
    if len(events["mention_id"]):
        ranked = np.lexsort((events["id"], events["start"].astype(np.int64), events["mention_id"]))
        by_mention = events["mention_id"][ranked]
        first = ranked[np.r_[True, by_mention[1:] != by_mention[:-1]]]
        dated = events["mention_id"][first]
        at = np.minimum(np.searchsorted(dated, mentions), len(dated) - 1)
        found = dated[at] == mentions
        pick = first[at[found]]
        start[found], end[found] = events["start"][pick], events["end"][pick]
        codes[found] = precision.codes[pick]
    return {
        "start": start,
        "end": end,
        "precision": pd.Categorical.from_codes(codes, precision.categories),
    }


def _production_codes(
    conn: Connection, rows: dict[str, Any], titles: dict[int | None, str | None]
) -> tuple[np.ndarray, list[str], list[str]]:
    """Each row's production as a code into two lists: the shooting order's partition
    (a title, or an untitled article on its own) and the label shown."""
    production, article = rows["production_id"], rows["article_id"]
    ids, of_row = np.unique(production, return_inverse=True)
    names = [titles.get(None if i < 0 else i) for i in ids.tolist()]
    titled = np.array([n is not None for n in names], dtype=bool)
    untitled = ~titled[of_row]
    articles, of_article = np.unique(article[untitled], return_inverse=True)
    bylines = _bylines(conn, articles.tolist())
    known = [n for n in names if n is not None]
    slot = np.cumsum(titled) - 1  # a titled production's place among `known`
    codes = slot[of_row]
    codes[untitled] = len(known) + of_article
    parts = known + [f"{UNTITLED} {a}" for a in articles.tolist()]
    shown = known + [untitled_label(*bylines[a]) for a in articles.tolist()]
    return codes, parts, shown


def location_details(engine: Engine, mention_ids: Sequence[int] | np.ndarray) -> pd.DataFrame:
    """The text of the given mentions (DETAIL_COLUMNS), in ascending id order.

    What a popup, the side panel or a download shows of a pin beyond its
    place on the map; read in chunks of ids through the primary keys.
    """
    m, a = schema.mentions, schema.articles
    ids = np.unique(np.asarray(mention_ids, dtype=np.int64)).tolist()
    found: list[Sequence[Any]] = []
    with engine.connect() as conn:
        for at in range(0, len(ids), DETAIL_CHUNK):
            found += conn.execute(
                sa.select(m.c.id, m.c.sentence, a.c.title, a.c.outlet, a.c.url)
                .select_from(m.join(a, a.c.id == m.c.article_id))
                .where(m.c.id.in_(ids[at : at + DETAIL_CHUNK]))
                .order_by(m.c.id)
            ).all()
    columns = list(zip(*found, strict=True)) if found else [()] * len(DETAIL_COLUMNS)
    return pd.DataFrame(
        {
            name: pd.Series(values, dtype=dtype)
            for (name, dtype), values in zip(DETAIL_COLUMNS.items(), columns, strict=True)
        }
    )


def with_details(rows: pd.DataFrame, details: pd.DataFrame) -> pd.DataFrame:
    """Map rows (MAP_COLUMNS) with their details: the `locations` frame (LOCATION_COLUMNS).

    Missing values come out as None, dates as Python dates, as `locations` always had them.
    """
    text = details.set_index("mention_id").reindex(rows["mention_id"].to_numpy())
    out: dict[str, pd.Series] = {}
    for name, dtype in LOCATION_COLUMNS.items():
        if name in text.columns:
            values: Any = text[name].to_numpy(dtype=object)
        elif MAP_COLUMNS[name].startswith("datetime64"):
            values = rows[name].to_numpy().astype("datetime64[D]").astype(object)
        elif MAP_COLUMNS[name] == "category":
            column = rows[name]
            values = column.astype(object).where(column.notna(), None).to_numpy()
        else:
            values = rows[name].to_numpy()
        out[name] = pd.Series(values, dtype=dtype)
    return pd.DataFrame(out)


def schedule(engine: Engine, filters: Filters = Filters()) -> pd.DataFrame:
    """Dated events (filming stints, wraps, releases, ...) for the timeline.

    Events without a place or without a linked mention are kept whatever the
    country, role and confidence filters say: those filters are about places.
    """
    e, a, p, pr, m = (
        schema.schedule_events,
        schema.articles,
        schema.places,
        schema.productions,
        schema.mentions,
    )
    named = named_productions()
    title = shown_title(pr, named)
    query = (
        sa.select(
            title.label("title"),
            a.c.outlet,
            a.c.published,
            e.c.kind,
            e.c.start_date.label("start"),
            e.c.end_date.label("end"),
            e.c.precision,
            p.c.name,
            p.c.admin1,
            p.c.admin2,
            p.c.kind.label("place_kind"),
            p.c.country,
            p.c.lat,
            p.c.lon,
            e.c.mention_id,
            e.c.article_id,
        )
        .select_from(
            e.join(a, a.c.id == e.c.article_id)
            .outerjoin(pr, pr.c.id == e.c.production_id)
            .outerjoin(named, named.c.key == pr.c.key)
            .outerjoin(p, p.c.id == e.c.place_id)
            .outerjoin(m, m.c.id == e.c.mention_id)
        )
        .where(a.c.status == "parsed")
        .where(sa.or_(e.c.production_id.is_not(None), e.c.article_id.not_in(_with_titles())))
    )
    query = _only_productions(query, title, filters.productions)
    if filters.countries:
        query = query.where(sa.or_(e.c.place_id.is_(None), p.c.country.in_(filters.countries)))
    if filters.roles:
        query = query.where(sa.or_(e.c.mention_id.is_(None), m.c.role.in_(filters.roles)))
    if filters.min_confidence > 0:
        query = query.where(
            sa.or_(e.c.mention_id.is_(None), m.c.confidence >= filters.min_confidence)
        )
    if filters.date_from is not None:
        query = query.where(e.c.end_date >= filters.date_from)
    if filters.date_to is not None:
        query = query.where(e.c.start_date <= filters.date_to)
    query = query.order_by(title, e.c.start_date, e.c.id)
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    records = [
        {
            "production": r["title"] or untitled_label(r["outlet"], r["published"]),
            "kind": r["kind"],
            "start": r["start"],
            "end": r["end"],
            "precision": r["precision"],
            "place": (
                place_label(r["name"], r["admin2"], r["admin1"], r["country"], r["place_kind"])
                if r["name"] is not None
                else ""
            ),
            "country": r["country"] or "",
            "mention_id": r["mention_id"],
            "article_id": int(r["article_id"]),
        }
        for r in rows
    ]
    return _frame(_wanted(records, filters.productions), SCHEDULE_COLUMNS)


def facets(engine: Engine) -> Facets:
    """Every production, country and role present, and the span of known dates."""
    a, m, p, pr, ap, e = (
        schema.articles,
        schema.mentions,
        schema.places,
        schema.productions,
        schema.article_productions,
        schema.schedule_events,
    )
    parsed = a.c.status == "parsed"
    live = sa.and_(parsed, m.c.status != "rejected")
    named = named_productions()
    with engine.connect() as conn:
        titles = (
            conn.execute(
                sa.select(shown_title(pr, named))
                .distinct()
                .select_from(
                    pr.join(ap, ap.c.production_id == pr.c.id)
                    .join(a, a.c.id == ap.c.article_id)
                    .outerjoin(named, named.c.key == pr.c.key)
                )
                .where(parsed)
            )
            .scalars()
            .all()
        )
        untitled = conn.execute(
            sa.select(a.c.outlet, a.c.published)
            .distinct()
            .select_from(
                m.join(a, a.c.id == m.c.article_id)
                .outerjoin(pr, pr.c.id == m.c.production_id)
                .outerjoin(named, named.c.key == pr.c.key)
            )
            .where(live, shown_title(pr, named).is_(None))
        ).all()
        countries = (
            conn.execute(
                sa.select(p.c.country)
                .distinct()
                .select_from(m.join(a, a.c.id == m.c.article_id).join(p, p.c.id == m.c.place_id))
                .where(live, p.c.country != "")
            )
            .scalars()
            .all()
        )
        roles = (
            conn.execute(
                sa.select(m.c.role)
                .distinct()
                .select_from(m.join(a, a.c.id == m.c.article_id))
                .where(live)
            )
            .scalars()
            .all()
        )
        published = conn.execute(
            sa.select(sa.func.min(a.c.published), sa.func.max(a.c.published)).where(parsed)
        ).one()
        scheduled = conn.execute(
            sa.select(sa.func.min(e.c.start_date), sa.func.max(e.c.end_date))
            .select_from(e.join(a, a.c.id == e.c.article_id))
            .where(parsed)
        ).one()
    lows = [d for d in (published[0], scheduled[0]) if d is not None]
    highs = [d for d in (published[1], scheduled[1]) if d is not None]
    shown = {t for t in titles if t} | {untitled_label(o, d) for o, d in untitled}
    return Facets(
        productions=sorted(shown, key=lambda t: (t.casefold(), t)),
        countries=sorted(countries),
        roles=[role for role in ROLES if role in set(roles)],
        date_min=min(lows, default=None),
        date_max=max(highs, default=None),
    )


def data_version(engine: Engine) -> str:
    """A token that changes whenever anything is written: the key for cached queries."""
    state = schema.store_state
    with engine.connect() as conn:
        revision = conn.execute(sa.select(state.c.revision).where(state.c.id == 1)).scalar_one()
    return f"r{revision}"


def _with_titles() -> sa.Select[Any]:
    """Articles that name a production: an event of theirs that belongs to none of
    them ("the 1959 film" in a story about its remake) is no untitled production."""
    e = schema.schedule_events
    return sa.select(e.c.article_id).where(e.c.production_id.is_not(None)).distinct()


def _dating_events() -> sa.Subquery:
    """Per mention, its filming events ranked earliest first (rank 1 dates the pin)."""
    e = schema.schedule_events
    return (
        sa.select(
            e.c.mention_id,
            e.c.start_date,
            e.c.end_date,
            e.c.precision,
            sa.func.row_number()
            .over(partition_by=e.c.mention_id, order_by=(e.c.start_date, e.c.id))
            .label("rank"),
        )
        .where(e.c.mention_id.is_not(None), e.c.kind.in_(_DATING_KINDS))
        .subquery("dating")
    )


def _production_titles(conn: Connection) -> dict[int | None, str | None]:
    """Each production's title as shown (None: untitled); None maps to None too."""
    pr, named = schema.productions, named_productions()
    rows = conn.execute(
        sa.select(pr.c.id, shown_title(pr, named)).select_from(
            pr.outerjoin(named, named.c.key == pr.c.key)
        )
    ).all()
    titles: dict[int | None, str | None] = {int(i): t for i, t in rows}
    titles[None] = None
    return titles


def _of_productions(
    production_id: Any, titles: dict[int | None, str | None], wanted: Sequence[str]
) -> sa.ColumnElement[bool]:
    """Mentions of the wanted productions, by id (indexed); untitled ones are picked
    out by label afterwards, so all untitled mentions pass here."""
    keep = set(wanted)
    ids = sorted(i for i, t in titles.items() if i is not None and t in keep)
    if all(not t.startswith(UNTITLED) for t in wanted):
        return production_id.in_(ids)
    untitled = sorted(i for i, t in titles.items() if i is not None and t is None)
    return sa.or_(production_id.in_(ids + untitled), production_id.is_(None))


def _bylines(
    conn: Connection, article_ids: Sequence[int]
) -> dict[int, tuple[str | None, date | None]]:
    """Outlet and publication date of the given articles: what names an untitled production."""
    a = schema.articles
    found: dict[int, tuple[str | None, date | None]] = {}
    for at in range(0, len(article_ids), DETAIL_CHUNK):
        rows = conn.execute(
            sa.select(a.c.id, a.c.outlet, a.c.published).where(
                a.c.id.in_(article_ids[at : at + DETAIL_CHUNK])
            )
        ).all()
        found.update({int(i): (o, d) for i, o, d in rows})
    return found


def _places(conn: Connection, place_ids: np.ndarray) -> dict[str, Any]:
    """The given places, sorted by id: ids, coordinates, and categoricals of their labels,
    countries, kinds and states (a state's own name for a state)."""
    p = schema.places
    wanted = set(place_ids.tolist())
    rows = [
        r
        for r in conn.execute(
            sa.select(
                p.c.id, p.c.name, p.c.admin1, p.c.admin2, p.c.kind, p.c.country, p.c.lat, p.c.lon
            ).order_by(p.c.id)
        ).all()
        if r[0] in wanted
    ]
    ids, names, admin1, admin2, kinds, countries, lat, lon = (
        list(c) for c in (zip(*rows, strict=True) if rows else [()] * 8)
    )
    labels = list(map(place_label, names, admin2, admin1, countries, kinds))
    states = [n if k == "admin1" else a1 for n, a1, k in zip(names, admin1, kinds, strict=True)]
    return {
        "id": np.array(ids, dtype=np.int64),
        "place": pd.Categorical(labels),
        "country": pd.Categorical(countries),
        "kind": pd.Categorical(kinds),
        "admin1": pd.Categorical(states),
        "lat": np.array(lat, dtype=np.float64),
        "lon": np.array(lon, dtype=np.float64),
    }


def _epoch_day(conn: Connection) -> Callable[[Any], Any]:
    """A date column read as days since 1970-01-01: integers, far cheaper to read than dates."""
    if conn.dialect.name == "postgresql":
        return lambda column: sa.cast(column - sa.literal(date(1970, 1, 1), sa.Date), sa.Integer)
    # SQLite keeps dates as ISO text; julianday counts from noon, 4714 BC
    return lambda column: sa.cast(sa.func.julianday(column) - 2440587.5, sa.Integer)


def untitled_label(outlet: str | None, published: date | None) -> str:
    """What an unnamed production (or a place named with none) is called: never blank."""
    when = f"{published.day} {published:%b %Y}" if published else ""
    detail = " ".join(part for part in ((outlet or "").strip(), when) if part)
    return f"{UNTITLED}, {detail}" if detail else UNTITLED


def _only_productions(query: _Query, title: Any, wanted: Sequence[str]) -> _Query:
    """Rows of the wanted productions; untitled ones are picked out by label afterwards."""
    if not wanted:
        return query
    named = [t for t in wanted if not t.startswith(UNTITLED)]
    if len(named) == len(wanted):
        return query.where(title.in_(named))
    return query.where(sa.or_(title.in_(named), title.is_(None)))


def _wanted(records: list[dict[str, Any]], wanted: Sequence[str]) -> list[dict[str, Any]]:
    """Only the records of the wanted productions (all of them when none is named)."""
    if not wanted:
        return records
    keep = set(wanted)
    return [r for r in records if r["production"] in keep]


def _frame(records: Sequence[dict[str, Any]], columns: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            name: pd.Series([r[name] for r in records], dtype=dtype)
            for name, dtype in columns.items()
        }
    )
