"""Claims stage: articles and claim files become atomic claims with structured facts.

Public API (see docs/architecture.md): ``extract_claims``, ``read_claim_file``,
``detect_input_kind``, ``parse_facts`` (and ``parse_facts_many``, which batches the spaCy
parses of many sentences). spaCy is loaded lazily on first use, so importing
this package is cheap.
"""

from verifier.claims.extract import Dropped, Extraction, extract_claims
from verifier.claims.facts import parse_facts, parse_facts_many
from verifier.claims.files import detect_input_kind, read_claim_file

__all__ = ["Dropped", "Extraction", "detect_input_kind", "extract_claims", "parse_facts",
           "parse_facts_many", "read_claim_file"]
