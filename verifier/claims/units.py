"""Units of measure: the words that write them, and how two of them compare.

The quantity parser reads a unit word after a number (``UNIT_WORDS``: "km", "miles", "°C",
"basis points", "euros") or a currency sign before it (``CURRENCY_SIGNS``) and stores a unit
code on the ``Quantity``: an ISO currency code ("USD"), "percent", "percentage_points",
"basis_points", or the name of a physical unit in ``pint``'s registry ("kilometer", "mile",
"degree_Celsius"). The value stays as written ("62 miles" is 62, not 99,779 m), so that a
claim's figure keeps the precision its digits give it; the quantity check converts both sides
to one base unit per dimension (``to_base``) before comparing them.

Physical units convert with ``pint`` (a mature library, rather than a table of factors written
here); it is imported only when two different physical units meet (its registry takes about a
second to load). Currencies never convert into each other (no exchange rates offline), but a
cent is a hundredth of its currency, and percentage points, "points" and basis points are one
dimension (a cut "of 0.5 points" is 50 basis points).
"""

from __future__ import annotations

import re
from functools import lru_cache

# Sign or code written before the number -> currency code. ("¥" is read as yen: the yuan is
# written "yuan" or "CNY" in English copy.)
CURRENCY_SIGNS = {
    "us$": "USD", "$": "USD", "a$": "AUD", "au$": "AUD", "c$": "CAD", "ca$": "CAD", "hk$": "HKD",
    "nz$": "NZD", "s$": "SGD", "r$": "BRL", "€": "EUR", "£": "GBP", "¥": "JPY", "₴": "UAH", "₹": "INR",
    "₽": "RUB", "₦": "NGN", "₺": "TRY", "₩": "KRW", "rs": "INR", "rs.": "INR",
}
CURRENCY_CODES = ("USD", "EUR", "GBP", "JPY", "CNY", "CHF", "CAD", "AUD", "INR", "RUB", "UAH", "ZAR",
                  "NGN", "KES", "BRL", "MXN", "TRY", "SEK", "NOK", "DKK", "PLN", "HKD", "SGD", "NZD", "KRW")

# Word written after the number (lower-case) -> unit code.
_CURRENCY_WORDS = {
    "dollars": "USD", "dollar": "USD", "us dollars": "USD", "u.s. dollars": "USD", "euros": "EUR",
    "euro": "EUR", "pounds sterling": "GBP", "pounds": "GBP", "sterling": "GBP", "yen": "JPY",
    "rubles": "RUB", "roubles": "RUB", "hryvnias": "UAH", "hryvnia": "UAH", "yuan": "CNY",
    "renminbi": "CNY", "swiss francs": "CHF", "rupees": "INR", "naira": "NGN", "rand": "ZAR",
    "shillings": "KES", "reais": "BRL", "lira": "TRY", "zlotys": "PLN", "zloty": "PLN",
    "cents": "USD_cent", "cent": "USD_cent", "pence": "GBP_pence",
    **{code.lower(): code for code in CURRENCY_CODES},
}
_SHARE_WORDS = {
    "%": "percent", "percent": "percent", "per cent": "percent", "pct": "percent",
    "percentage point": "percentage_points", "percentage points": "percentage_points",
    "percentage-point": "percentage_points", "pp": "percentage_points",
    "basis points": "basis_points", "basis point": "basis_points", "bps": "basis_points",
    "bp": "basis_points", "points": "points", "point": "points",
    "magnitude": "magnitude",
}
# Physical units, by pint's names. "tons" is read as metric tonnes, as international news copy
# means them (the US short ton is 9% lighter: a 'same figure' in the other ton still agrees
# within an approximate claim's tolerance).
_PHYSICAL_WORDS = {
    "km": "kilometer", "kms": "kilometer", "kilometres": "kilometer", "kilometre": "kilometer",
    "kilometers": "kilometer", "kilometer": "kilometer", "miles": "mile", "mile": "mile",
    "metres": "meter", "metre": "meter", "meters": "meter", "meter": "meter",
    "cm": "centimeter", "centimetres": "centimeter", "centimetre": "centimeter", "centimeters": "centimeter",
    "mm": "millimeter", "millimetres": "millimeter", "millimetre": "millimeter", "millimeters": "millimeter",
    "feet": "foot", "foot": "foot", "ft": "foot", "inches": "inch", "inch": "inch", "yards": "yard",
    "yard": "yard", "nautical miles": "nautical_mile",
    "kg": "kilogram", "kgs": "kilogram", "kilograms": "kilogram", "kilogram": "kilogram", "kilos": "kilogram",
    "grams": "gram", "gram": "gram", "tonnes": "metric_ton", "tonne": "metric_ton", "metric tons": "metric_ton",
    "metric ton": "metric_ton", "tons": "metric_ton", "ton": "metric_ton", "lbs": "pound", "lb": "pound",
    "ounces": "ounce", "ounce": "ounce", "oz": "ounce",
    "litres": "liter", "litre": "liter", "liters": "liter", "liter": "liter", "gallons": "gallon",
    "gallon": "gallon", "barrels": "oil_barrel", "barrel": "oil_barrel", "cubic metres": "meter**3",
    "cubic meters": "meter**3",
    "hectares": "hectare", "hectare": "hectare", "ha": "hectare", "acres": "acre", "acre": "acre",
    "square kilometres": "kilometer**2", "square kilometers": "kilometer**2", "sq km": "kilometer**2",
    "km2": "kilometer**2", "km²": "kilometer**2", "square miles": "mile**2", "sq mi": "mile**2",
    "square feet": "foot**2", "square foot": "foot**2", "sq ft": "foot**2", "square metres": "meter**2",
    "square meters": "meter**2", "sq m": "meter**2", "m²": "meter**2", "cubic feet": "foot**3",
    "°c": "degree_Celsius", "ºc": "degree_Celsius", "° c": "degree_Celsius", "degrees celsius": "degree_Celsius",
    "degrees c": "degree_Celsius", "degrees centigrade": "degree_Celsius", "celsius": "degree_Celsius",
    "°f": "degree_Fahrenheit", "ºf": "degree_Fahrenheit", "° f": "degree_Fahrenheit",
    "degrees fahrenheit": "degree_Fahrenheit", "degrees f": "degree_Fahrenheit", "fahrenheit": "degree_Fahrenheit",
    "km/h": "kilometer/hour", "kph": "kilometer/hour", "kmh": "kilometer/hour", "mph": "mile/hour",
    "miles per hour": "mile/hour", "kilometres per hour": "kilometer/hour", "kilometers per hour": "kilometer/hour",
    "knots": "knot",
    "kwh": "kilowatt_hour", "mwh": "megawatt_hour", "gwh": "gigawatt_hour", "twh": "terawatt_hour",
    "kw": "kilowatt", "mw": "megawatt", "gw": "gigawatt", "megawatts": "megawatt", "megawatt": "megawatt",
    "gigawatts": "gigawatt", "gigawatt": "gigawatt", "kilowatts": "kilowatt",
}
UNIT_WORDS: dict[str, str] = {**_CURRENCY_WORDS, **_SHARE_WORDS, **_PHYSICAL_WORDS}
# Written right after the digits, upper-case only: "40C", "104F" (a lower-case "c"/"f" is no unit).
ATTACHED_TEMPERATURE = {"C": "degree_Celsius", "F": "degree_Fahrenheit"}
PHYSICAL_UNITS = frozenset(_PHYSICAL_WORDS.values()) | frozenset(ATTACHED_TEMPERATURE.values())

# Units that are a fixed multiple of another (no pint needed): unit -> (dimension, factor).
_SCALED = {
    "percentage_points": ("points", 1.0), "points": ("points", 1.0), "basis_points": ("points", 0.01),
    "USD_cent": ("USD", 0.01), "GBP_pence": ("GBP", 0.01),
}


def dimension(unit: str) -> str:
    """What a unit measures; two units compare only within one dimension. A currency, "percent"
    and the like are dimensions of their own; percentage points, points and basis points are
    one; a physical unit's is its pint dimensionality ("[length]")."""
    if unit in _SCALED:
        return _SCALED[unit][0]
    if unit in PHYSICAL_UNITS:
        return _pint_base(unit)[2]
    return unit


def same_dimension(a: str, b: str) -> bool:
    """Units that measure one thing (km and miles; points and basis points); pint is consulted
    only for two different physical units."""
    if a == b:
        return True
    if (a in PHYSICAL_UNITS) != (b in PHYSICAL_UNITS):
        return False
    return dimension(a) == dimension(b)


def to_base(unit: str, value: float) -> float:
    """``value`` in ``unit`` expressed in its dimension's base unit (metres, kelvin, points, a
    whole currency unit). Monotonic, so an interval converts by its two ends.

    >>> round(to_base("mile", 62), 1), to_base("basis_points", 50)
    (99779.3, 0.5)
    """
    if unit in _SCALED:
        return value * _SCALED[unit][1]
    if unit in PHYSICAL_UNITS:
        factor, offset, _ = _pint_base(unit)
        return value * factor + offset
    return value


def from_base(unit: str, base: float) -> float:
    """The inverse of ``to_base``: a base-unit value written in ``unit``."""
    if unit in _SCALED:
        return base / _SCALED[unit][1]
    if unit in PHYSICAL_UNITS:
        factor, offset, _ = _pint_base(unit)
        return (base - offset) / factor
    return base


def unit_label(unit: str) -> str:
    """How a note writes a unit code: "%", "points", "kilometer", "meter³", a currency's code."""
    return {"percent": "%", "percentage_points": "points", "basis_points": "basis points"}.get(
        unit, unit.replace("_", " ").replace("**2", "²").replace("**3", "³"))


@lru_cache(maxsize=256)
def _pint_base(unit: str) -> tuple[float, float, str]:
    """(factor, offset, dimensionality) of a pint unit: base = value * factor + offset."""
    reg = _registry()
    zero = reg.Quantity(0.0, unit).to_base_units()
    one = reg.Quantity(1.0, unit).to_base_units()
    return float(one.magnitude - zero.magnitude), float(zero.magnitude), str(one.dimensionality)


@lru_cache(maxsize=1)
def _registry():
    import pint  # heavy (about a second): only when two physical units are compared

    return pint.UnitRegistry()


def unit_pattern(words) -> str:
    """A regex alternation of unit words, longest first: a word is not the end of a longer word
    ("ha" in "has") nor, when it begins with a letter, its tail ("km" may follow digits: "100km")."""
    out = []
    for w in sorted(words, key=len, reverse=True):
        p = re.escape(w).replace(r"\ ", r"\s+")
        out.append((r"(?<![A-Za-z])" if w[0].isalnum() else "") + p + (r"\b" if w[-1].isalnum() else ""))
    return "|".join(out)
