"""The Ray engine: the same pipeline, run by an actor pool on a Ray cluster (``--engine ray``).

Claims go into a Ray Data dataset (one row per claim: its input position and its JSON);
``map_batches`` hands blocks of ``batch_size`` rows to a pool of actors, each of which builds
its verifier once (``make_verifier()`` in the actor's ``__init__``: models load once per
worker, not once per batch). Verdicts stream back as JSON with their positions and are
re-ordered here, so the output equals the local engine's byte for byte.

Fault tolerance is Ray's own: an actor that dies (killed, out of memory, node lost) is
restarted (``max_restarts=-1``) and its unfinished batch re-run (``max_task_retries=-1``),
Ray Data's defaults for actor pools;
a batch's verdicts are returned only when the whole batch is done, so a dead worker's partial
work is never seen. This module checks the result anyway: every position exactly once, or an
``EngineError``.

Ray is an optional extra (``pip install 'claim-verifier[ray]'``) imported inside the functions
here, so ``import verifier`` and ``verifier --help`` never load it.
"""

from __future__ import annotations

import logging
import math
import os
import pickle
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from verifier.engines.local import VerifierFactory
from verifier.errors import EngineError, VerifierError
from verifier.types import Claim, Verdict

log = logging.getLogger(__name__)

INSTALL_HINT = "Install the extra: pip install 'claim-verifier[ray]'."
MAX_BLOCKS = 100_000  # beyond this, Ray Data's per-block bookkeeping outweighs finer retries


def _import_ray():
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise EngineError(f"the ray engine needs Ray, which is not installed ({exc}).",
                          hint=INSTALL_HINT) from exc
    return ray


@contextmanager
def ray_cluster(address: str | None = None, num_cpus: int | None = None):
    """Connect to the cluster at ``address``, or start a local one (stopped on exit).

    A Ray session already open in this process (``ray.init`` called by the caller) is used as
    it is and left open. Yields the ``ray`` module.
    """
    ray = _import_ray()
    if ray.is_initialized():
        _quiet_ray_data(ray)
        yield ray
        return
    try:
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            ray.init(num_cpus=num_cpus or os.cpu_count() or 1, include_dashboard=False,
                     log_to_driver=False)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        where = f"the Ray cluster at {address}" if address else "a local Ray cluster"
        raise EngineError(
            f"cannot connect to {where}: {exc}",
            hint="Start one with `ray start --head` and pass its address (host:6379), "
                 "or leave out --address to run a local cluster.",
        ) from exc
    try:
        _quiet_ray_data(ray)
        yield ray
    finally:
        ray.shutdown()


def _quiet_ray_data(ray) -> None:
    # A library never prints: Ray Data's progress bars and plan banner would go to the terminal.
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    ctx.enable_operator_progress_bars = False
    ctx.print_on_execution_start = False


def _check_picklable(obj: Any, what: str) -> None:
    from ray import cloudpickle

    try:
        cloudpickle.dumps(obj)
    except (pickle.PicklingError, TypeError, AttributeError) as exc:
        raise EngineError(
            f"{what} cannot be sent to Ray workers: {exc}",
            hint="Pass a top-level function or a functools.partial of one (no lambdas, "
                 "no open files or models).",
        ) from exc


def _unwrap(exc: BaseException) -> VerifierError | None:
    """The ``VerifierError`` a worker raised, if that is what failed the job."""
    seen: set[int] = set()
    stack: list[BaseException | None] = [exc]
    while stack:
        cur = stack.pop()
        if cur is None or id(cur) in seen:
            continue
        seen.add(id(cur))
        if isinstance(cur, VerifierError):
            return cur
        stack.extend([cur.__cause__, cur.__context__, getattr(cur, "cause", None)])
    return None


def _num_blocks(n: int, batch_size: int) -> int:
    # One block per batch: a failure re-runs one batch, and blocks spread over all actors.
    return max(1, min(math.ceil(n / batch_size), MAX_BLOCKS))


class _VerifyBatch:
    """A Ray Data actor: one verifier per worker, verdict JSON out for each claim JSON in."""

    def __init__(self, make_verifier: VerifierFactory):
        self._verifier = make_verifier()

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, Any]:
        claims = [Claim.model_validate_json(text) for text in batch["claim"]]
        verdicts = list(self._verifier.verify(claims))
        if [v.claim_id for v in verdicts] != [c.id for c in claims]:
            raise EngineError(
                f"the verifier returned verdicts for {[v.claim_id for v in verdicts][:5]}... "
                f"for claims {[c.id for c in claims][:5]}...: one verdict per claim, in order, "
                "is the pipeline contract.")
        return {"pos": batch["pos"], "verdict": [v.model_dump_json() for v in verdicts]}


class _EmbedBatch:
    """A Ray Data actor: one embedder per worker, one vector per text."""

    def __init__(self, make_embedder: Callable[[], Any]):
        self._embedder = make_embedder()

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, Any]:
        vecs = np.asarray(self._embedder.encode(list(batch["text"])), dtype=np.float32)
        return {"pos": batch["pos"], "vec": vecs}


def _pool_args(ray, num_actors: int | None) -> dict[str, Any]:
    # No max_restarts/max_task_retries here: Ray Data 2.60 gives actor pools max_restarts=-1
    # and max_task_retries=-1 by default (ActorPoolMapOperator._apply_default_remote_args), and
    # passing them as remote args is deprecated. The no-loss guarantee rests on those defaults;
    # tests/test_engines.py kills a worker mid-run to hold them to it.
    actors = num_actors or max(1, int(ray.cluster_resources().get("CPU", 1)))
    return {"concurrency": actors, "num_cpus": 1}


def run_ray(
    claims: Iterable[Claim],
    make_verifier: VerifierFactory,
    *,
    address: str | None = None,
    batch_size: int = 64,
    num_actors: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> Iterator[Verdict]:
    """Verify ``claims`` on a Ray cluster; verdicts stream out in input order.

    ``make_verifier`` must be picklable (a top-level function or a ``functools.partial`` of
    one, e.g. taking the index path and the config as a dict): each actor calls it once.
    ``address`` is that of a running cluster (``ray start --head`` prints it); without it a
    local cluster with one CPU per core is started and stopped at the end. ``num_actors``
    defaults to the cluster's CPU count (one single-threaded verifier per core).
    ``progress`` is called with the number of verdicts produced so far.

    >>> from functools import partial
    >>> verdicts = run_ray(claims, partial(build_verifier, "index/built/default", {}))  # doctest: +SKIP

    Raises ``EngineError`` (V016) when Ray is missing, the cluster cannot be reached, or a
    batch fails for good; a ``VerifierError`` raised by a worker is re-raised as it is.
    """
    claims = list(claims)
    if batch_size < 1:
        raise EngineError(f"batch_size must be at least 1, not {batch_size}.", code="V007")
    _import_ray()
    _check_picklable(make_verifier, "make_verifier")
    if not claims:
        return
    with ray_cluster(address) as ray:
        rows = [{"pos": i, "claim": c.model_dump_json()} for i, c in enumerate(claims)]
        ds = ray.data.from_items(rows, override_num_blocks=_num_blocks(len(rows), batch_size))
        ds = ds.map_batches(_VerifyBatch, fn_constructor_args=(make_verifier,),
                            batch_size=batch_size, batch_format="numpy",
                            **_pool_args(ray, num_actors))
        pending: dict[int, str] = {}
        next_pos = 0
        try:
            for batch in ds.iter_batches(batch_size=None, batch_format="numpy"):
                for pos, text in zip(batch["pos"].tolist(), batch["verdict"]):
                    if pos < next_pos or pos in pending:
                        raise EngineError(f"claim {claims[pos].id} came back twice from the "
                                          "Ray workers; the run was stopped.")
                    pending[pos] = text
                while next_pos in pending:
                    yield Verdict.model_validate_json(pending.pop(next_pos))
                    next_pos += 1
                    if progress is not None:
                        progress(next_pos)
        except ray.exceptions.RayError as exc:
            raise _unwrap(exc) or EngineError(
                f"the Ray job failed: {type(exc).__name__}: {str(exc).splitlines()[0]}",
                hint="Rerun with --traceback for the worker's traceback.") from exc
        if next_pos != len(claims):
            missing = [claims[i].id for i in range(next_pos, len(claims)) if i not in pending]
            raise EngineError(f"{len(missing)} claims got no verdict from the Ray workers "
                              f"(first: {missing[:3]}).")


def embed_passages_ray(
    texts: list[str],
    make_embedder: Callable[[], Any],
    *,
    address: str | None = None,
    batch_size: int = 256,
    num_actors: int | None = None,
) -> np.ndarray:
    """Embed ``texts`` on a Ray cluster: float32 array of shape (len(texts), dim), row i for text i.

    ``make_embedder`` (picklable, like ``run_ray``'s ``make_verifier``) returns an object with
    ``.encode(list[str]) -> np.ndarray``; each actor builds one. Used by
    ``verifier index build --engine ray`` to compute the vectors that the index then stores.
    """
    _import_ray()
    _check_picklable(make_embedder, "make_embedder")
    if not texts:
        raise EngineError("there are no passages to embed.", code="V005")
    with ray_cluster(address) as ray:
        rows = [{"pos": i, "text": t} for i, t in enumerate(texts)]
        ds = ray.data.from_items(rows, override_num_blocks=_num_blocks(len(rows), batch_size))
        ds = ds.map_batches(_EmbedBatch, fn_constructor_args=(make_embedder,),
                            batch_size=batch_size, batch_format="numpy",
                            **_pool_args(ray, num_actors))
        out: np.ndarray | None = None
        filled = np.zeros(len(texts), dtype=bool)
        try:
            for batch in ds.iter_batches(batch_size=None, batch_format="numpy"):
                pos, vecs = batch["pos"], np.asarray(batch["vec"], dtype=np.float32)
                if out is None:
                    out = np.empty((len(texts), vecs.shape[1]), dtype=np.float32)
                if filled[pos].any():
                    raise EngineError("a passage came back twice from the Ray workers; the "
                                      "build was stopped.")
                out[pos] = vecs
                filled[pos] = True
        except ray.exceptions.RayError as exc:
            raise _unwrap(exc) or EngineError(
                f"the Ray embedding job failed: {type(exc).__name__}: "
                f"{str(exc).splitlines()[0]}",
                hint="Rerun with --traceback for the worker's traceback.") from exc
        if out is None or not filled.all():
            raise EngineError(f"{int((~filled).sum())} passages got no vector from the Ray "
                              "workers.")
        return out
