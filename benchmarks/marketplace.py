"""Marketplace search benchmark (issue 3, "Performance").

Fills PostgreSQL with 100,000 published offers from 20,000 partners (realistic Danish titles and
descriptions from word lists, across every offer type and sector, around ~30 real towns), then
runs offers_search over 1,000 varied queries (text + filters + distance, first page) in this
process and prints p50/p95/max milliseconds and the most database queries one page needed.
Targets: p95 <= 50 ms, <= 10 queries per page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ungegaranti_bench \
        .venv/bin/python benchmarks/marketplace.py [--reset] [--queries 1000] [--explain]

The database is created if missing and migrated; the data is reused when already loaded
(--reset drops it and loads again). The last line is machine-readable:
    marketplace-bench: offers=100000 p95_ms=X max_queries=N
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ungegaranti_bench"
os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DB_CONN_MAX_AGE", "600")

OFFERS = 100_000
PARTNERS = 20_000
BATCH = 5_000
SEED = 20260

# --- word lists --------------------------------------------------------------------------------
# sector -> (trades/jobs as nouns, words that describe the work)
SECTOR_WORDS: dict[str, tuple[list[str], list[str]]] = {
    "A": (
        ["landmand", "gartner", "skovarbejder", "fisker", "dyrepasser"],
        ["køer", "traktor", "høst", "marken", "stalden", "drivhus", "fiskekutter"],
    ),
    "B": (["maskinfører", "grusgrav-medarbejder"], ["gravemaskine", "grus", "sten", "sand"]),
    "C": (
        ["smed", "mekaniker", "industritekniker", "procesoperatør", "svejser", "snedker"],
        ["svejsning", "værksted", "maskiner", "produktion", "metal", "træ", "robotter"],
    ),
    "D": (["elektriker", "energitekniker"], ["vindmøller", "solceller", "strøm", "fjernvarme"]),
    "E": (["renovationsarbejder", "vandtekniker"], ["genbrug", "affald", "rensning", "miljø"]),
    "F": (
        ["tømrer", "murer", "maler", "vvs-montør", "elektriker", "anlægsgartner"],
        ["byggeplads", "værktøj", "tag", "mursten", "rør", "renovering", "nybyggeri"],
    ),
    "G": (
        ["butiksassistent", "salgsassistent", "lagermedarbejder", "købmand", "bager"],
        ["kunder", "kassen", "varer", "lager", "butikken", "brød", "service"],
    ),
    "H": (
        ["chauffør", "lagerarbejder", "havnearbejder", "speditør"],
        ["lastbil", "havnen", "pakker", "logistik", "truck", "færgen"],
    ),
    "I": (
        ["kok", "tjener", "køkkenhjælp", "receptionist", "opvasker"],
        ["køkken", "restaurant", "hotel", "gæster", "madlavning", "café", "smørrebrød"],
    ),
    "J": (
        ["programmør", "webudvikler", "grafiker", "journalist"],
        ["computer", "kode", "apps", "hjemmesider", "medier", "spil"],
    ),
    "K": (["bankrådgiver", "forsikringsrådgiver"], ["økonomi", "penge", "kunder", "regnskab"]),
    "L": (["ejendomsmægler", "vicevært"], ["boliger", "udlejning", "ejendomme"]),
    "M": (
        ["arkitekt", "ingeniør", "revisor", "laborant"],
        ["tegninger", "beregninger", "laboratorium", "projekter", "regnskab"],
    ),
    "N": (
        ["rengøringsassistent", "servicemedarbejder", "rejsekonsulent"],
        ["rengøring", "rejser", "service", "kontor"],
    ),
    "O": (
        ["kontorelev", "politibetjent", "soldat", "sagsbehandler"],
        ["kommunen", "borgere", "kontor", "administration", "sikkerhed"],
    ),
    "P": (["pædagog", "lærer", "underviser"], ["børn", "skole", "undervisning", "leg"]),
    "Q": (
        ["sosu-hjælper", "sygeplejerske", "tandklinikassistent", "fysioterapeut"],
        ["plejehjem", "patienter", "ældre", "sundhed", "omsorg", "hospital"],
    ),
    "R": (
        ["idrætsinstruktør", "museumsformidler", "musiker"],
        ["sport", "fodbold", "museum", "musik", "kultur", "svømmehal"],
    ),
    "S": (["frisør", "kosmetiker", "autolakerer"], ["hår", "skønhed", "biler", "lak"]),
}
TYPE_WORDS = {
    "WORK_EXPERIENCE": ["Erhvervspraktik", "Praktik", "Praktikuge"],
    "LEISURE_JOB": ["Fritidsjob", "Weekendjob", "Sommerjob"],
    "INTRO_JOB": ["Introjob", "Skånejob"],
    "COMPANY_VISIT": ["Virksomhedsbesøg", "Rundvisning"],
    "OPEN_SCHOOL_COURSE": ["Åben skole-forløb", "Undervisningsforløb"],
    "JUNIOR_APPRENTICESHIP": ["Juniormesterlære"],
    "APPRENTICESHIP": ["Elevplads", "Læreplads"],
    "YOUTH_FAIR": ["Ungemesse", "Uddannelsesmesse"],
}
SUBJECTS = [
    "matematik",
    "dansk",
    "fysik/kemi",
    "natur/teknologi",
    "håndværk og design",
    "billedkunst",
    "samfundsfag",
    "engelsk",
    "madkundskab",
    "biologi",
]
SENTENCES = [
    "Du bliver en del af vores hold og prøver rigtige opgaver med {noun}.",
    "Hos os lærer du om {word1} og {word2}.",
    "Vi viser dig, hvordan en dag som {trade} ser ud.",
    "Du får en fast kontaktperson, der hjælper dig i gang.",
    "Mød ind klokken otte; vi har frokostpause sammen.",
    "Det er en god mulighed, hvis du er nysgerrig på {word1}.",
    "Medbring praktisk tøj og godt humør.",
    "Vi har tidligere haft mange unge i praktik, og flere er blevet elever hos os.",
    "Du arbejder sammen med erfarne kolleger om {word2}.",
    "Opgaverne tilpasses din alder og dine ønsker.",
]
NAME_FIRST = [
    "Nord",
    "Vendsyssel",
    "Hjørring",
    "Toppen",
    "Skagerrak",
    "Fjord",
    "Klit",
    "Havne",
    "Jysk",
    "Dansk",
    "Frederikshavn",
    "Limfjord",
    "Vester",
    "Øster",
    "Sønder",
    "Thy",
]
NAME_SUFFIX = ["ApS", "A/S", "I/S", "& Søn", "Service", "Gruppen", "Centret", "Kommune"]
QUERY_EXTRA = [
    "praktikken",
    "praktik",
    "elevplads",
    "sommerjob",
    "weekend",
    "børn",
    "kunder",
    "køkkenet",
    "tømreren",
    "bager",
    "mekanikeren",
    "havnen",
    "lager",
    "værksted",
    "sygeplejerske",
    "programmør",
    "frisør",
    "kok",
    "smed",
    "ældre",
    "fodbold",
]


def _bootstrap() -> None:
    url = urlparse(os.environ["DATABASE_URL"])
    dbname = url.path.lstrip("/")
    if url.scheme.startswith("postgres"):
        import psycopg

        admin = url._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [dbname]
            ).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{dbname}"')
                print(f"created database {dbname}")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _town_points():
    from ungegaranti.core.models import PostalArea

    return [
        (a.code, a.town, a.latitude, a.longitude)
        for a in PostalArea.objects.exclude(latitude=None).order_by("code")
    ]


def _reset() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE marketplace_offerperiod, marketplace_offer, partners_guaranteepartner "
            "RESTART IDENTITY CASCADE"
        )


def _load(rng: random.Random) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from ungegaranti.core.models import Municipality
    from ungegaranti.marketplace.models import Offer, OfferPeriod
    from ungegaranti.partners.models import GuaranteePartner

    municipality, _ = Municipality.objects.get_or_create(code="860", defaults={"name": "Hjørring"})
    towns = _town_points()
    today = timezone.localdate()
    now = timezone.now()
    sectors = list(SECTOR_WORDS)
    started = time.perf_counter()

    partner_rows = []
    for n in range(PARTNERS):
        sector = rng.choice(sectors)
        trade = rng.choice(SECTOR_WORDS[sector][0])
        code, town, lat, lon = rng.choice(towns)
        name = f"{rng.choice(NAME_FIRST)} {trade.capitalize()} {rng.choice(NAME_SUFFIX)}"
        partner_rows.append(
            GuaranteePartner(
                municipality=municipality,
                cvr=f"{20000000 + n}",
                name=name,
                sector=sector,
                address=f"{town}vej {rng.randint(1, 200)}",
                postal_code=code,
                agreement_start_date=today - timedelta(days=rng.randint(0, 600)),
                agreement_end_date=today + timedelta(days=rng.randint(30, 700)),
            )
        )
    with transaction.atomic():
        GuaranteePartner.objects.bulk_create(partner_rows, batch_size=BATCH)
    partners = list(
        GuaranteePartner.objects.filter(municipality=municipality).values_list(
            "id", "sector", "postal_code"
        )
    )
    town_by_code = {t[0]: t for t in towns}
    print(f"  {len(partners)} partners in {time.perf_counter() - started:.1f} s")

    types = list(TYPE_WORDS)
    done = 0
    while done < OFFERS:
        offers = []
        for _ in range(min(BATCH, OFFERS - done)):
            partner_id, sector, code = rng.choice(partners)
            if rng.random() < 0.3:  # some offers at another workplace
                code = rng.choice(towns)[0]
            _, town, lat, lon = town_by_code[code]
            offer_type = rng.choice(types)
            trades, words = SECTOR_WORDS[sector]
            trade = rng.choice(trades)
            w1, w2 = rng.sample(words, 2) if len(words) > 1 else (words[0], words[0])
            title = f"{rng.choice(TYPE_WORDS[offer_type])} som {trade} i {town}"
            description = " ".join(
                s.format(noun=w1, word1=w1, word2=w2, trade=trade) for s in rng.sample(SENTENCES, 4)
            )
            min_age = rng.choice([13, 13, 14, 15, 15, 16, 18])
            max_age = rng.choice([a for a in (15, 17, 17, 19, 25, 29) if a >= min_age])
            school = offer_type in ("COMPANY_VISIT", "OPEN_SCHOOL_COURSE", "WORK_EXPERIENCE")
            min_grade = rng.choice([0, 4, 7, 7, 8]) if school else None
            max_grade = rng.choice([g for g in (6, 9, 9, 10) if g >= min_grade]) if school else None
            offers.append(
                Offer(
                    municipality=municipality,
                    partner_id=partner_id,
                    type=offer_type,
                    title=title,
                    description=description,
                    sector=sector,
                    subject=rng.choice(SUBJECTS) if offer_type == "OPEN_SCHOOL_COURSE" else "",
                    address=f"{town}vej {rng.randint(1, 200)}",
                    postal_code=code,
                    # about 3 km of spread around the town centre
                    latitude=lat + rng.uniform(-0.027, 0.027),
                    longitude=lon + rng.uniform(-0.05, 0.05),
                    min_age=min_age,
                    max_age=max_age,
                    min_grade=min_grade,
                    max_grade=max_grade,
                    suits_support_needs=rng.random() < 0.25,
                    contact_name="Kontaktperson",
                    contact_email="kontakt@example.org",
                    status=Offer.Status.PUBLISHED,
                    published_at=now - timedelta(minutes=rng.randint(0, 60 * 24 * 365)),
                )
            )
        with transaction.atomic():
            created = Offer.objects.bulk_create(offers, batch_size=BATCH)
            periods = []
            for offer in created:
                for _ in range(rng.randint(1, 3)):
                    start = today + timedelta(days=rng.randint(-60, 300))
                    seats = rng.randint(1, 6)
                    periods.append(
                        OfferPeriod(
                            municipality=municipality,
                            offer_id=offer.pk,
                            start_date=start,
                            end_date=start + timedelta(days=rng.choice([0, 4, 4, 11, 30])),
                            seats=seats,
                            seats_taken=rng.randint(0, seats),
                        )
                    )
            OfferPeriod.objects.bulk_create(periods, batch_size=BATCH)
        done += len(offers)
        print(f"  {done} offers ({time.perf_counter() - started:.1f} s)", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE marketplace_offer")
        cursor.execute("VACUUM ANALYZE marketplace_offerperiod")
        cursor.execute("VACUUM ANALYZE partners_guaranteepartner")


def _queries(rng: random.Random, n: int) -> list[dict]:
    from django.utils import timezone

    towns = _town_points()
    near = [t for t in towns if t[0].startswith("9")]  # mostly North Jutland
    vocabulary = sorted(
        {w for trades, words in SECTOR_WORDS.values() for w in trades + words}
        | {w.split()[0].lower() for ws in TYPE_WORDS.values() for w in ws}
        | set(QUERY_EXTRA)
    )
    vocabulary = [w for w in vocabulary if " " not in w]
    today = timezone.localdate()
    out = []
    for _ in range(n):
        q: dict = {}
        r = rng.random()
        if r < 0.8:
            q["query"] = " ".join(rng.sample(vocabulary, rng.choice([1, 1, 1, 2])))
        if rng.random() < 0.7:
            q["postal_code"] = rng.choice(near if rng.random() < 0.8 else towns)[0]
            q["radius_km"] = rng.choice([5, 10, 25, 50, 50, None])
        if rng.random() < 0.4:
            q["type"] = rng.choice(list(TYPE_WORDS))
        if rng.random() < 0.25:
            q["sector"] = rng.choice(list(SECTOR_WORDS))
        if rng.random() < 0.5:
            q["age"] = rng.randint(13, 25)
        if rng.random() < 0.25:
            q["grade"] = rng.randint(6, 10)
        if rng.random() < 0.2:
            q["suits_support_needs"] = True
        if rng.random() < 0.3:
            q["from_date"] = today + timedelta(days=rng.randint(0, 120))
        q["sort"] = rng.choice(["relevance", "relevance", "distance", "newest", ""])
        out.append(q)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reset", action="store_true", help="drop the offers and load again")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the 5 slowest")
    args = parser.parse_args()

    _bootstrap()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ungegaranti.marketplace.models import Offer
    from ungegaranti.marketplace.search import offers_search

    assert connection.vendor == "postgresql", "the benchmark measures PostgreSQL"
    rng = random.Random(SEED)
    if args.reset:
        _reset()
    published = Offer.objects.filter(status=Offer.Status.PUBLISHED).count()
    if published != OFFERS:
        if published:
            _reset()
        print(f"loading {OFFERS} offers from {PARTNERS} partners ...")
        _load(rng)
        published = Offer.objects.filter(status=Offer.Status.PUBLISHED).count()
    else:
        print(f"reusing {published} published offers (--reset to load again)")

    queries = _queries(random.Random(SEED + 1), args.queries)
    for q in queries[:30]:  # warm up caches and the connection
        offers_search(**q)

    timings: list[tuple[float, dict, int, int, list]] = []
    max_queries = 0
    for q in queries:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            page = offers_search(**q)
            shown = [  # what the page shows
                (o.offer.partner.name, o.seats_left, o.town, o.next_period) for o in page
            ]
            elapsed = (time.perf_counter() - started) * 1000
        assert len(shown) == len(page)
        max_queries = max(max_queries, len(captured.captured_queries))
        timings.append((elapsed, q, page.count, len(captured), captured.captured_queries))

    ms = sorted(t[0] for t in timings)
    p50 = statistics.median(ms)
    p95 = ms[max(0, int(round(0.95 * len(ms))) - 1)]
    with_text = [t[0] for t in timings if t[1].get("query")]
    with_distance = [t[0] for t in timings if t[1].get("radius_km")]
    capped = sum(1 for t in timings if t[2] > 1000)
    print(f"offers: {published} published, partners: {PARTNERS}")
    print(f"queries measured: {len(timings)} (first page, 20 per page, in-process)")
    print(f"  with text: {len(with_text)}, with a distance radius: {len(with_distance)}")
    print(f"  result counts capped at 1,000 ('over 1.000'): {capped}")
    print(
        f"latency ms: p50={p50:.1f} p95={p95:.1f} max={ms[-1]:.1f} mean={statistics.mean(ms):.1f}"
    )
    print(f"  text queries p95={sorted(with_text)[int(0.95 * len(with_text)) - 1]:.1f} ms")
    print(f"database queries per page: max={max_queries}")
    print("slowest:")
    for elapsed, q, found, nq, _ in sorted(timings, key=lambda t: -t[0])[:5]:
        print(f"  {elapsed:6.1f} ms  {nq} queries  {found} found  {q}")
    if args.explain:
        with connection.cursor() as cursor:
            for _, q, _, _, captured in sorted(timings, key=lambda t: -t[0])[:3]:
                for query in captured:
                    if "marketplace_offer" in query["sql"] and "LIMIT" in query["sql"]:
                        cursor.execute("EXPLAIN ANALYZE " + query["sql"])  # noqa: S608
                        print(f"\n{q}\n{query['sql'][:300]}...")
                        print("\n".join(row[0] for row in cursor.fetchall()))
    ok = p95 <= 50 and max_queries <= 10
    print(f"targets (p95 <= 50 ms, <= 10 queries): {'met' if ok else 'NOT met'}")
    print(f"marketplace-bench: offers={published} p95_ms={p95:.1f} max_queries={max_queries}")


if __name__ == "__main__":
    main()
