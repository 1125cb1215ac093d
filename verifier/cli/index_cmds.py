"""`verifier index ...`, `verifier search`, `verifier models export` (filled in by the index stage)."""

from __future__ import annotations
