"""Search in published offers: Danish full text, filters, distance and sorting.

One selector, ``offers_search``, for the public search page (and anything else that lists
offers by a young person's wishes). See docs/decisions/0004-search-engine.md.

- PostgreSQL: ``websearch_to_tsquery('danish', ...)`` against the trigger-maintained
  ``search_document`` tsvector column (GIN index; migration 0002), ranked with ``ts_rank``.
- SQLite: the FTS5 table ``marketplace_offer_fts`` (migration 0002) with prefix terms and
  ``bm25()``; no Danish stemming.
- Distance: a latitude/longitude bounding box (index-friendly) narrows the rows, then the exact
  haversine distance (in SQL, on both backends; core.geo's formula) filters and sorts.

A results page costs at most 6 queries: origin postal area, capped count, the page's ids,
those offers with their partners, their periods and their towns.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Exists, F, FloatField, Func, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import ASin, Coalesce, Cos, Least, Power, Radians, Sin, Sqrt
from django.utils import timezone

from ungegaranti.core.geo import EARTH_RADIUS_KM, bounding_box, haversine_km
from ungegaranti.core.models import PostalArea

from .eligibility import LAST_COMPULSORY_GRADE
from .models import Offer, OfferPeriod

PAGE_SIZE = 20
# Counting every match of a broad query is the slow part of a search over 100,000 offers;
# above this many the page says "over 1.000" and asks for a narrower search.
COUNT_CAP = 1000

SORT_RELEVANCE = "relevance"
SORT_DISTANCE = "distance"
SORT_NEWEST = "newest"
SORTS = (SORT_RELEVANCE, SORT_DISTANCE, SORT_NEWEST)

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class OfferHit:
    """One result card: the offer with what the search worked out about it."""

    offer: Offer
    town: str = ""
    distance_km: float | None = None  # from the origin, when there is one
    seats_left: int = 0  # over current and future periods
    next_period: OfferPeriod | None = None  # the first current or future one with seats left


@dataclass
class SearchPage:
    """One page of results. ``count`` is exact up to COUNT_CAP; ``count_capped`` says there
    are more than that."""

    offers: list[OfferHit]
    count: int
    count_capped: bool
    number: int
    page_size: int
    sort: str
    origin: PostalArea | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / self.page_size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number * self.page_size < self.count

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    def __iter__(self) -> Iterator[OfferHit]:
        return iter(self.offers)

    def __len__(self) -> int:
        return len(self.offers)


class Epoch(Func):
    """A timestamp as seconds since 1970 (a float): cheap to fetch for sorting in Python,
    where psycopg would otherwise parse a thousand timestamps into datetimes."""

    output_field = FloatField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="EXTRACT(EPOCH FROM %(expressions)s)::float8", **extra
        )

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="(julianday(%(expressions)s) * 86400.0)", **extra
        )


def _words(query: str) -> list[str]:
    return _WORD.findall(query.lower())


def _distance_expression(lat: float, lon: float) -> Any:
    float_field: FloatField = FloatField()
    lat_r = Radians(F("latitude"), output_field=float_field)
    half_dlat = (lat_r - Value(math.radians(lat))) / Value(2.0)
    half_dlon = (
        Radians(F("longitude"), output_field=float_field) - Value(math.radians(lon))
    ) / Value(2.0)
    a = Power(Sin(half_dlat), 2) + Value(math.cos(math.radians(lat))) * Cos(lat_r) * Power(
        Sin(half_dlon), 2
    )
    return Value(2 * EARTH_RADIUS_KM) * ASin(
        Least(Value(1.0), Sqrt(a, output_field=float_field), output_field=float_field),
        output_field=float_field,
    )


# Danish glues words together: "praktik" should find "erhvervspraktik". A query word of at
# least COMPOUND_MIN letters also matches up to COMPOUND_LIMIT indexed terms that end in it.
COMPOUND_MIN = 4
COMPOUND_LIMIT = 30
# A word with a minus in front ("praktik -kontor") excludes offers that contain it.
_TERM = re.compile(r"(?:(?:^|(?<=\s))(-))?(\w+)", re.UNICODE)

Expansion = tuple[str | None, list[str]]


def _split_terms(query: str) -> tuple[list[str], list[str]]:
    """(words to find, words to exclude); exclusions count only beside a word to find."""
    wanted: list[str] = []
    excluded: list[str] = []
    for minus, word in _TERM.findall(query.lower()):
        (excluded if minus else wanted).append(word)
    return wanted, excluded if wanted else []


def compound_terms(words: list[str]) -> list[Expansion]:
    """For each query word, in order: (its index form, the indexed compounds ending in it), in
    one query. The index form is the Danish stem on PostgreSQL (None for a stop word such as
    "og") and the word itself on SQLite."""
    if not words:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                """
                SELECT s.stem, CASE WHEN length(s.stem) >= %s THEN ARRAY(
                    SELECT t.term FROM marketplace_search_term t
                    WHERE t.term LIKE '%%' || s.stem AND t.term <> s.stem
                    ORDER BY t.term LIMIT %s) ELSE ARRAY[]::text[] END
                FROM unnest(%s::text[]) WITH ORDINALITY AS w(word, n)
                CROSS JOIN LATERAL (SELECT (ts_lexize('danish_stem', w.word))[1] AS stem) s
                ORDER BY w.n
                """,
                [COMPOUND_MIN, COMPOUND_LIMIT, words],
            )
            return [(stem, list(terms or [])) for stem, terms in cursor.fetchall()]
        long_words = sorted({w for w in words if len(w) >= COMPOUND_MIN})
        found: dict[str, list[str]] = {w: [] for w in words}
        if long_words:
            union = " UNION ALL ".join(
                "SELECT * FROM (SELECT %s, term FROM marketplace_offer_fts_terms "
                "WHERE term LIKE '%%' || %s AND term <> %s ORDER BY term LIMIT %s)"
                for _ in long_words
            )
            params: list[Any] = []
            for word in long_words:
                params += [word, word, word, COMPOUND_LIMIT]
            cursor.execute(union, params)
            for word, term in cursor.fetchall():
                found[word].append(term)
        return [(w, found[w]) for w in words]


def _quoted(term: str, quote: str) -> str:
    """Quote a term for tsquery (' with backslash escapes) or FTS5 (" doubled)."""
    if quote == "'":
        term = term.replace("\\", "\\\\")
    return quote + term.replace(quote, quote * 2) + quote


def tsquery_text(expanded: list[Expansion], excluded: list[Expansion]) -> str:
    """PostgreSQL to_tsquery text: each word's Danish stem (or a word it begins) anywhere, or one of its compounds
    in a title (":A": a compound found only deep in descriptions would widen a broad word to
    nearly every offer); all words required, excluded ones negated; every lexeme quoted, so
    no input is read as syntax."""

    def group(form: str | None, terms: list[str]) -> str:
        options = [_quoted(form or "", "'") + ":*", *(_quoted(t, "'") + ":A" for t in terms)]
        return "(" + " | ".join(options) + ")"

    return " & ".join(
        [group(*item) for item in expanded] + ["!" + group(*item) for item in excluded]
    )


def fts5_match(
    query: str, expanded: list[Expansion] | None = None, excluded: list[Expansion] | None = None
) -> str:
    """User text -> a safe FTS5 MATCH string: every word must occur, as a word, the start of
    one ("praktik" finds "praktikken") or the end of a compound ("erhvervspraktik"); excluded
    words must not; all quoted so FTS5 operators in the input are inert."""
    if expanded is None:
        wanted, unwanted = _split_terms(query)
        expanded = [(w, []) for w in wanted]
        excluded = [(w, []) for w in unwanted]

    def group(form: str | None, terms: list[str]) -> str:
        options = [_quoted(form or "", '"') + "*", *(_quoted(t, '"') for t in terms)]
        return options[0] if len(options) == 1 else "(" + " OR ".join(options) + ")"

    match = " AND ".join(group(*item) for item in expanded)
    for item in excluded or []:
        match += " NOT " + group(*item)
    return match


def _text_filter(offers: QuerySet[Offer], query: str, *, rank: bool) -> QuerySet[Offer]:
    wanted, unwanted = _split_terms(query)
    found = compound_terms(wanted + unwanted)
    # Stop words have no index form and are left out, as PostgreSQL's own parser does.
    expanded = [item for item in found[: len(wanted)] if item[0]]
    excluded = [item for item in found[len(wanted) :] if item[0]]
    if not expanded:  # only stop words or symbols: nothing to match on
        return offers.annotate(rank=Value(0.0, output_field=FloatField())) if rank else offers
    if connection.vendor == "postgresql":
        document = RawSQL('"marketplace_offer"."search_document"', [], SearchVectorField())
        text = tsquery_text(expanded, excluded)
        search = SearchQuery(text, config="simple", search_type="raw")
        offers = offers.alias(document=document).filter(document=search)
        if rank:
            offers = offers.annotate(rank=SearchRank(document, search))
        return offers
    match = fts5_match(query, expanded, excluded)
    offers = offers.filter(
        id__in=RawSQL(
            "SELECT rowid FROM marketplace_offer_fts WHERE marketplace_offer_fts MATCH %s",
            [match],
        )
    )
    if rank:
        # bm25() is smaller for better matches; weights: title, description, subject, partner.
        offers = offers.annotate(
            rank=RawSQL(
                "SELECT -bm25(marketplace_offer_fts, 10.0, 2.0, 5.0, 5.0) "
                "FROM marketplace_offer_fts WHERE marketplace_offer_fts MATCH %s "
                "AND marketplace_offer_fts.rowid = marketplace_offer.id",
                [match],
                output_field=FloatField(),
            )
        )
    return offers


def offers_search(
    *,
    query: str = "",
    type: str = "",  # noqa: A002  (the offer's field is called type)
    sector: str = "",
    postal_code: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    radius_km: float | None = None,
    age: int | None = None,
    grade: int | None = None,
    from_date: date | None = None,
    to_date: date | None = None,
    suits_support_needs: bool = False,
    municipality: Any = None,
    sort: str = "",
    page: int = 1,
    page_size: int = PAGE_SIZE,
    user: Any = None,
) -> SearchPage:
    """A page of published offers matching the text and filters.

    Place: a postal code (its centre from PostalArea) or latitude/longitude is the origin; with
    radius_km, offers within that distance; with a postal code and no radius, offers in that
    postal code. With an origin every offer gets ``distance_km``.
    Period: from_date (and to_date) keep offers with a period that overlaps the dates and has
    seats left. Every offer gets ``seats_left`` (over current and future periods),
    ``next_period`` (the first current or future period with seats left, or None) and ``town``.
    Sort: relevance (needs a text), distance (needs an origin) or newest; the default is
    relevance with a text, otherwise newest.

    The search is public: ``user`` does not widen or narrow what is found (drafts, paused and
    closed offers are never found by anyone here).
    """
    today = timezone.localdate()
    notes: list[str] = []
    has_text = bool(_words(query))
    offers = Offer.objects.filter(status=Offer.Status.PUBLISHED)
    if municipality is not None:
        offers = offers.filter(municipality=municipality)
    if type:
        offers = offers.filter(type=type)
    if sector:
        offers = offers.filter(sector=sector)
    if age is not None:
        offers = offers.filter(min_age__lte=age, max_age__gte=age)
    if grade is not None:
        # eligibility.refusals as a query (tests/test_search.py checks that they agree)
        offers = offers.filter(
            Q(min_grade__isnull=True) | Q(min_grade__lte=grade),
            Q(max_grade__isnull=True) | Q(max_grade__gte=grade),
        )
        if grade <= LAST_COMPULSORY_GRADE:
            offers = offers.exclude(for_school_leavers=True)
    if suits_support_needs:
        offers = offers.filter(suits_support_needs=True)
    if from_date is not None or to_date is not None:
        periods = OfferPeriod.objects.filter(
            offer=OuterRef("pk"), seats__gt=F("seats_taken"), end_date__gte=from_date or today
        )
        if to_date is not None:
            periods = periods.filter(start_date__lte=to_date)
        offers = offers.filter(Exists(periods))

    origin: PostalArea | None = None
    if postal_code:
        origin = PostalArea.objects.filter(code=postal_code).first()
        if origin is None or origin.latitude is None or origin.longitude is None:
            # Unknown place: nothing can be said to be near it.
            offers = offers.filter(postal_code=postal_code)
            origin = None
        else:
            latitude, longitude = origin.latitude, origin.longitude
            if radius_km is None:
                offers = offers.filter(postal_code=postal_code)
    has_origin = latitude is not None and longitude is not None
    if has_origin:
        assert latitude is not None and longitude is not None
        if radius_km is not None:
            min_lat, max_lat, min_lon, max_lon = bounding_box(latitude, longitude, radius_km)
            offers = offers.filter(
                latitude__gte=min_lat,
                latitude__lte=max_lat,
                longitude__gte=min_lon,
                longitude__lte=max_lon,
            )
            offers = offers.annotate(distance_km=_distance_expression(latitude, longitude))
            offers = offers.filter(distance_km__lte=radius_km)
        else:
            offers = offers.annotate(distance_km=_distance_expression(latitude, longitude))

    if sort not in SORTS:
        sort = SORT_RELEVANCE if has_text else SORT_NEWEST
    if sort == SORT_RELEVANCE and not has_text:
        sort = SORT_NEWEST
    if sort == SORT_DISTANCE and not has_origin:
        notes.append("distance-without-origin")
        sort = SORT_RELEVANCE if has_text else SORT_NEWEST

    if has_text:
        offers = _text_filter(offers, query, rank=sort == SORT_RELEVANCE)

    # One pass over the matches fetches at most COUNT_CAP + 1 narrow rows with their sort keys:
    # that is the count, and when it is not capped the page is sorted here in Python.
    rows = _sort_rows(offers, sort, COUNT_CAP + 1)
    count = len(rows)
    count_capped = count > COUNT_CAP
    last_page = max(1, math.ceil(count / page_size))
    number = min(max(1, page), last_page)
    start = (number - 1) * page_size
    if not count_capped:
        ids = _ordered(rows, sort)[start : start + page_size]
    elif sort == SORT_DISTANCE and radius_km is not None:
        assert latitude is not None and longitude is not None
        ids = _nearest_ids(offers, latitude, longitude, radius_km, start, page_size)
    else:
        ids = list(
            offers.order_by(*_ORDERINGS[sort]).values_list("id", flat=True)[
                start : start + page_size
            ]
        )
    # The town comes with the offer (a subquery), not from a query of its own.
    town = PostalArea.objects.filter(code=OuterRef("postal_code")).values("town")[:1]
    page_rows = Offer.objects.select_related("partner").only(*_RESULT_FIELDS)
    by_id = page_rows.annotate(town=Coalesce(Subquery(town), Value(""))).in_bulk(ids) if ids else {}
    hits = [
        OfferHit(
            offer=offer,
            town=offer.town,  # the annotation above
            distance_km=(
                haversine_km(latitude, longitude, offer.latitude, offer.longitude)
                if latitude is not None
                and longitude is not None
                and offer.latitude is not None
                and offer.longitude is not None
                else None
            ),
        )
        for offer in (by_id[pk] for pk in ids if pk in by_id)
    ]
    _attach_periods(hits, today)
    return SearchPage(
        offers=hits,
        count=count,
        count_capped=count_capped,
        number=number,
        page_size=page_size,
        sort=sort,
        origin=origin,
        notes=notes,
    )


# What a result card shows: reading only these keeps a page's Python work small.
_RESULT_FIELDS = (
    "uuid",
    "type",
    "title",
    "postal_code",
    "latitude",
    "longitude",
    "min_age",
    "max_age",
    "min_grade",
    "max_grade",
    "suits_support_needs",
    "published_at",
    "partner__name",
)

_ORDERINGS: dict[str, list[Any]] = {
    SORT_RELEVANCE: [F("rank").desc(), F("published_at").desc(), F("id").desc()],
    SORT_DISTANCE: [F("distance_km").asc(nulls_last=True), F("published_at").desc(), "-id"],
    SORT_NEWEST: [F("published_at").desc(), F("id").desc()],
}
_SORT_KEY_FIELDS = {
    SORT_RELEVANCE: ("id", "published_ts", "rank"),
    SORT_DISTANCE: ("id", "published_ts", "distance_km"),
    SORT_NEWEST: ("id", "published_ts"),
}


def _sort_rows(offers: QuerySet[Offer], sort: str, limit: int) -> list[tuple]:
    """Up to `limit` matches as (id, published time[, rank or distance]), in no order."""
    keys = offers.order_by().annotate(published_ts=Epoch("published_at"))
    return list(keys.values_list(*_SORT_KEY_FIELDS[sort])[:limit])


def _ordered(rows: list[tuple], sort: str) -> list[int]:
    """Row ids in page order: the same order as _ORDERINGS, computed in Python."""
    key: Callable[[tuple], tuple]
    if sort == SORT_RELEVANCE:
        key = lambda r: (-(r[2] or 0.0), -_ts(r[1]), -r[0])  # noqa: E731
    elif sort == SORT_DISTANCE:
        key = lambda r: (r[2] is None, r[2] or 0.0, -_ts(r[1]), -r[0])  # noqa: E731
    else:
        key = lambda r: (-_ts(r[1]), -r[0])  # noqa: E731
    return [row[0] for row in sorted(rows, key=key)]


def _ts(seconds: float | None) -> float:
    return float("-inf") if seconds is None else seconds


# A distance-sorted page over many matches: look in a small circle first and widen it until
# it holds the page but still fits under COUNT_CAP; then every offer nearer than the page's
# last one has been seen, so the page is exact. After MAX_PROBES, let the database sort.
MAX_PROBES = 4


def _nearest_ids(
    offers: QuerySet[Offer], lat: float, lon: float, radius_km: float, start: int, size: int
) -> list[int]:
    low, high = 0.0, radius_km
    probe = radius_km / 4
    for _ in range(MAX_PROBES):
        min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, probe)
        within = offers.filter(
            latitude__gte=min_lat,
            latitude__lte=max_lat,
            longitude__gte=min_lon,
            longitude__lte=max_lon,
            **{"distance_km__lte": probe},  # an annotation of `offers`
        )
        rows = _sort_rows(
            within,
            SORT_DISTANCE,
            COUNT_CAP + 1,
        )
        if len(rows) > COUNT_CAP:
            high = probe
        elif len(rows) < start + size:
            low = probe
        else:
            return _ordered(rows, SORT_DISTANCE)[start : start + size]
        probe = (low + high) / 2
    ordered = offers.order_by(*_ORDERINGS[SORT_DISTANCE]).values_list("id", flat=True)
    return list(ordered[start : start + size])


def _attach_periods(hits: list[OfferHit], today: date) -> None:
    """Seats left and the next period with seats, for every hit in one query."""
    if not hits:
        return
    by_id = {hit.offer.pk: hit for hit in hits}
    periods = (
        OfferPeriod.objects.filter(offer_id__in=by_id, end_date__gte=today)
        .only("offer_id", "start_date", "end_date", "seats", "seats_taken")
        .order_by("start_date", "id")
    )
    for period in periods:
        hit = by_id[period.offer_id]
        hit.seats_left += period.seats_left
        if hit.next_period is None and period.seats_left > 0:
            hit.next_period = period
