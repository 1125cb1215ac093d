"""Engines: runners of the same pipeline. ``local`` runs it in this process; ``ray_engine`` runs
it on a Ray cluster (optional extra ``claim-verifier[ray]``, imported only when used). Both take
a factory that builds the verifier, stream verdicts in input order and give identical results.
"""

from verifier.engines.local import SupportsVerify, VerifierFactory, run_local
from verifier.engines.ray_engine import RayEmbedder, embed_passages_ray, ray_cluster, run_ray

__all__ = ["RayEmbedder", "SupportsVerify", "VerifierFactory", "embed_passages_ray", "ray_cluster", "run_local",
           "run_ray"]
