"""The local engine: the pipeline in this process, the reference the Ray engine must match."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

from verifier.types import Claim, Verdict


class SupportsVerify(Protocol):
    """What an engine runs: ``verifier.pipeline.Verifier`` (or a fake of it in tests)."""

    def verify(self, claims: Iterable[Claim]) -> Iterator[Verdict]: ...


VerifierFactory = Callable[[], SupportsVerify]


def run_local(
    claims: Iterable[Claim],
    make_verifier: VerifierFactory,
    *,
    progress: Callable[[int], None] | None = None,
) -> Iterator[Verdict]:
    """Verify ``claims`` in this process; verdicts stream out in input order.

    ``make_verifier`` is called once (the models load once). ``progress``, when given, is called
    with the number of verdicts produced so far after each one.

    >>> verdicts = list(run_local(claims, lambda: Verifier(...)))  # doctest: +SKIP
    """
    verifier = make_verifier()
    for done, verdict in enumerate(verifier.verify(claims), start=1):
        if progress is not None:
            progress(done)
        yield verdict
