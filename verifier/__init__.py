"""claim-verifier: offline fact-checking of news claims against a reference index.

Pipeline: claims (verifier.claims) -> index (verifier.index) -> evidence -> checks
(verifier.scoring) -> verdict -> report (verifier.report).
"""

__version__ = "0.1.0"
