"""The Ray engine: the same pipeline, run by an actor pool on a Ray cluster (``--engine ray``).

Claims go into a Ray Data dataset (one row per claim: its input position and its JSON, in
blocks of ``batch_size`` rows);
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

import json
import logging
import os
import pickle
import socket
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from verifier.engines.local import VerifierFactory
from verifier.errors import EngineError, VerifierError
from verifier.types import Claim, Verdict

log = logging.getLogger(__name__)

INSTALL_HINT = "Install the extra: pip install 'claim-verifier[ray]'."


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
    if address:
        _check_reachable(address)
    try:
        # Ray's INFO lines ("Started a local Ray instance", dataset progress) are not for the
        # people reading stderr; its warnings and errors are.
        if address:
            ray.init(address=address, log_to_driver=False, logging_level=logging.WARNING)
        else:
            # A new local cluster uses token authentication (Ray's default; the token lives in
            # ~/.ray/auth_token) and Ray announces it with a WARNING on every start while
            # RAY_AUTH_MODE is unset. Setting the variable here comes too late (Ray reads it
            # when imported), so the announcement alone is held back: only that module's
            # warnings, only during this call; its errors, and failures (exceptions), pass.
            with _level("ray._private.authentication.authentication_token_setup", logging.ERROR):
                ray.init(num_cpus=num_cpus or os.cpu_count() or 1, include_dashboard=False,
                         log_to_driver=False, logging_level=logging.WARNING)
            log.info("started a local Ray cluster")
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


@contextmanager
def _level(name: str, level: int):
    """Raise logger ``name`` to ``level`` for the duration of the block."""
    logger = logging.getLogger(name)
    before = logger.level
    logger.setLevel(level)
    try:
        yield
    finally:
        logger.setLevel(before)


def _check_reachable(address: str) -> None:
    """Fail fast on a "host:port" nobody listens on: ``ray.init`` would retry for minutes."""
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit() or "/" in host:
        return  # "auto", "ray://...": left to Ray
    try:
        socket.create_connection((host, int(port)), timeout=5).close()
    except OSError as exc:
        raise EngineError(
            f"no Ray cluster answers at {address} ({exc.strerror or exc}).",
            hint="Start one with `ray start --head` and pass the address it prints (host:6379), "
                 "or leave out --address to run a local cluster.") from exc


def _quiet_ray_data(ray) -> None:
    # A library never prints: Ray Data's progress bars and plan banner would go to the terminal.
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    ctx.enable_operator_progress_bars = False
    ctx.print_on_execution_start = False
    logging.getLogger("ray.data").setLevel(logging.WARNING)  # "Dataset ... execution finished"
    # With the bars off, Ray Data warns "Progress bars disabled. To enable, ..." once per
    # process: a notice about the setting above, not a problem. Errors still show.
    logging.getLogger("ray.data._internal.progress").setLevel(logging.ERROR)


def _check_picklable(obj: Any, what: str) -> None:
    from ray import cloudpickle

    try:
        cloudpickle.dumps(obj)
    except (pickle.PicklingError, TypeError, AttributeError) as exc:
        raise EngineError(
            f"{what} cannot be sent to Ray workers: {exc}",
            hint="Pass a function that builds it (a top-level function or a functools.partial "
                 "of one), not a loaded one: open files, locks and sessions cannot travel.",
        ) from exc


def _aligned_dataset(ray, columns: dict[str, list], batch_size: int):
    """A dataset whose blocks are rows [0, b), [b, 2b), ...: each ``map_batches`` batch is one
    block, so a claim meets the same batch-mates as in the local engine (the pipeline's floats
    may depend on them: padding, batched matrix products) and a failure re-runs one batch."""
    import pyarrow as pa

    n = len(next(iter(columns.values())))
    return ray.data.from_arrow([pa.table({name: values[lo:lo + batch_size]
                                          for name, values in columns.items()})
                                for lo in range(0, n, batch_size)])


class _VerifyBatch:
    """A Ray Data actor: one verifier per worker, verdict JSON out for each claim JSON in."""

    def __init__(self, make_verifier: VerifierFactory, batch_size: int):
        # A VerifierError here (a missing index, a model mismatch on this node) is kept and sent
        # back with the first batch (see __call__): Ray reports an error raised in __init__ as
        # a bare ActorDiedError, without the code, message and hint that the user needs.
        self._error: VerifierError | None = None
        try:
            self._verifier = make_verifier()
        except VerifierError as exc:
            self._error = exc
            return
        inner = getattr(self._verifier, "batch_size", None)
        if isinstance(inner, int) and batch_size % inner:
            self._error = EngineError(
                f"batch_size {batch_size} is not a multiple of the pipeline's batch size {inner}: "
                "claims would meet other batch-mates than in the local engine.",
                hint=f"Use a multiple of {inner}, e.g. {inner * 4}.", code="V007")

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, Any]:
        n = len(batch["pos"])
        try:
            if self._error is not None:
                raise self._error
            claims = [Claim.model_validate_json(text) for text in batch["claim"]]
            verdicts = list(self._verifier.verify(claims))
            if [v.claim_id for v in verdicts] != [c.id for c in claims]:
                raise EngineError(
                    f"the verifier returned verdicts for {[v.claim_id for v in verdicts][:3]}... "
                    f"for claims {[c.id for c in claims][:3]}...: one verdict per claim, in "
                    "order, is the pipeline contract.")
        except VerifierError as exc:
            # Sent back as data: an exception crossing Ray's boundary arrives as a generic
            # UserCodeException, without the code, message and hint the user needs.
            return {"pos": batch["pos"], "verdict": [""] * n, "error": [_dump_error(exc)] * n}
        return {"pos": batch["pos"], "verdict": [v.model_dump_json() for v in verdicts],
                "error": [""] * n}


def _dump_error(exc: VerifierError) -> str:
    return json.dumps({"type": type(exc).__name__, "code": exc.code, "message": exc.message,
                       "hint": exc.hint})


def _load_error(text: str) -> VerifierError:
    """The worker's error, rebuilt as the same class (``EngineError`` for one this side lacks)."""
    from verifier import errors

    data = json.loads(text)
    cls = getattr(errors, data["type"], None)
    if not (isinstance(cls, type) and issubclass(cls, VerifierError)) or cls is errors.BatchInputError:
        cls = EngineError
    return cls(data["message"], hint=data["hint"], code=data["code"])


class _EmbedBatch:
    """A Ray Data actor: one embedder per worker, one vector per text."""

    def __init__(self, make_embedder: Callable[[], Any]):
        self._embedder = make_embedder()

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, Any]:
        vecs = np.asarray(self._embedder.encode(list(batch["text"])), dtype=np.float32)
        return {"pos": batch["pos"], "vec": vecs}


def _pool_args(ray, num_actors: int | None, cpus_per_actor: int, batches: int) -> dict[str, Any]:
    # No max_restarts/max_task_retries here: Ray Data 2.60 gives actor pools max_restarts=-1
    # and max_task_retries=-1 by default (ActorPoolMapOperator._apply_default_remote_args), and
    # passing them as remote args is deprecated. The no-loss guarantee rests on those defaults;
    # tests/test_engines.py kills a worker mid-run to hold them to it.
    # No more actors than batches: an actor with no batch would only load the models (and
    # Ray Data warns about the pool being larger than its input).
    cpus = int(ray.cluster_resources().get("CPU", 1))
    actors = min(num_actors or max(1, cpus // cpus_per_actor), max(1, batches))
    return {"compute": ray.data.ActorPoolStrategy(size=actors), "num_cpus": cpus_per_actor}


def run_ray(
    claims: Iterable[Claim],
    make_verifier: VerifierFactory,
    *,
    address: str | None = None,
    batch_size: int = 64,
    num_actors: int | None = None,
    cpus_per_actor: int = 1,
    progress: Callable[[int], None] | None = None,
) -> Iterator[Verdict]:
    """Verify ``claims`` on a Ray cluster; verdicts stream out in input order.

    ``make_verifier`` must be picklable (a top-level function or a ``functools.partial`` of
    one, e.g. taking the index path and the config as a dict): each actor calls it once.
    ``address`` is that of a running cluster (``ray start --head`` prints it); without it a
    local cluster with one CPU per core is started and stopped at the end. Each actor reserves
    ``cpus_per_actor`` CPUs (its BLAS/ONNX threads; Ray sets OMP_NUM_THREADS to it) and holds
    its own copy of the models and the index: raise it when an index is too large to hold once
    per core. ``num_actors`` defaults to the cluster's CPUs / ``cpus_per_actor``.
    ``progress`` is called with the number of verdicts produced so far.

    >>> from functools import partial
    >>> verdicts = run_ray(claims, partial(build_verifier, "index/built/default", {}))  # doctest: +SKIP

    Raises ``EngineError`` (V016) when Ray is missing, the cluster cannot be reached, or a
    batch fails for good; a ``VerifierError`` raised in a worker is re-raised here with its class, code and hint.
    """
    claims = list(claims)
    if batch_size < 1:
        raise EngineError(f"batch_size must be at least 1, not {batch_size}.", code="V007")
    _import_ray()
    _check_picklable(make_verifier, "make_verifier")
    if not claims:
        return
    with ray_cluster(address) as ray:
        ds = _aligned_dataset(ray, {"pos": list(range(len(claims))),
                                    "claim": [c.model_dump_json() for c in claims]}, batch_size)
        ds = ds.map_batches(_VerifyBatch, fn_constructor_args=(make_verifier, batch_size),
                            batch_size=batch_size, batch_format="numpy",
                            **_pool_args(ray, num_actors, cpus_per_actor,
                                         -(-len(claims) // batch_size)))
        pending: dict[int, str] = {}
        next_pos = 0
        try:
            for batch in ds.iter_batches(batch_size=None, batch_format="numpy"):
                for pos, text, error in zip(batch["pos"].tolist(), batch["verdict"], batch["error"]):
                    if error:
                        raise _load_error(error)
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
            raise EngineError(
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
        ds = _aligned_dataset(ray, {"pos": list(range(len(texts))), "text": list(texts)},
                              batch_size)
        ds = ds.map_batches(_EmbedBatch, fn_constructor_args=(make_embedder,),
                            batch_size=batch_size, batch_format="numpy",
                            **_pool_args(ray, num_actors, 1, -(-len(texts) // batch_size)))
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
            raise EngineError(
                f"the Ray embedding job failed: {type(exc).__name__}: "
                f"{str(exc).splitlines()[0]}",
                hint="Rerun with --traceback for the worker's traceback.") from exc
        if out is None or not filled.all():
            raise EngineError(f"{int((~filled).sum())} passages got no vector from the Ray "
                              "workers.")
        return out


class RayEmbedder:
    """An embedder whose ``encode`` runs on a Ray cluster: hand it to ``build_index`` (or
    ``build_sharded_index``) for ``verifier index build --engine ray``. It carries the identity
    (name, weights sha256, dim, backend) of ``local``, the same model loaded here, so the index
    manifest records the model that the workers ran.

    Each ``encode`` is one Ray job; open the cluster once around a build that embeds several
    times (a sharded build) so it is not started per call::

        with ray_cluster(address):
            build_sharded_index(sources, path, RayEmbedder(embedder, partial(load_embedder)),
                                shards=8)
    """

    def __init__(self, local, make_embedder: Callable[[], Any], *, address: str | None = None,
                 batch_size: int = 256, num_actors: int | None = None):
        self.name, self.sha256 = local.name, local.sha256
        self.dim, self.backend = local.dim, local.backend
        self._make = make_embedder
        self._address, self._batch_size, self._num_actors = address, batch_size, num_actors

    def encode(self, texts: list[str], progress: Callable[[int, int], None] | None = None) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = embed_passages_ray(list(texts), self._make, address=self._address,
                                  batch_size=self._batch_size, num_actors=self._num_actors)
        if vecs.shape[1] != self.dim:
            raise EngineError(f"the Ray workers' embedder gives {vecs.shape[1]}-dimensional "
                              f"vectors; the model loaded here gives {self.dim}.",
                              hint="Install the same models on every node.")
        if progress is not None:
            progress(len(texts), len(texts))
        return vecs
