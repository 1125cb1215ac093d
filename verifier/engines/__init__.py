"""Engines: runners of the same pipeline. ``local`` runs it in this process; ``ray_engine`` runs
it on a Ray cluster (optional extra ``claim-verifier[ray]``, imported only when used). Both take
a factory that builds the verifier, stream verdicts in input order and give identical results.
"""

from verifier.engines.local import SupportsVerify, VerifierFactory, run_local

_RAY_NAMES = {"RayEmbedder", "embed_passages_ray", "ray_cluster", "run_ray"}

__all__ = ["RayEmbedder", "SupportsVerify", "VerifierFactory", "embed_passages_ray", "ray_cluster", "run_local",
           "run_ray"]


def __getattr__(name: str):
    """The Ray engine's names, its module imported on first use (0.1 s a local run need not pay)."""
    if name in _RAY_NAMES:
        from verifier.engines import ray_engine

        return getattr(ray_engine, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
