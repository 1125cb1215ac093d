"""The engines: the Ray engine gives the local engine's verdicts, byte for byte, in input order,
and a worker killed mid-run loses and duplicates nothing.

The Ray tests start one real local Ray cluster for the module (no mocks) and run a deterministic
fake verifier in its actors; they are marked ``ray`` and skipped when Ray is not installed.
"""

from __future__ import annotations

import functools
import hashlib
import os
import socket
import sys
import threading
from functools import partial
from pathlib import Path

import numpy as np
import pytest

from verifier.engines import RayEmbedder, run_local, run_ray
from verifier.errors import EngineError
from verifier.index.build import build_index
from verifier.index.embed import FakeEmbedder
from verifier.index.store import Index
from verifier.types import Claim, Evidence, Label, Reason, Verdict

REASON = {Label.SUPPORTED: Reason.PARAPHRASE, Label.CONTRADICTED: Reason.STANCE,
          Label.UNVERIFIED: Reason.INSUFFICIENT}


class FakeVerifier:
    """Deterministic, and like the real pipeline batch-sensitive: claims are decided
    ``batch_size`` at a time and each confidence carries a trace of its batch-mates (as padding
    leaves in a model's floats), so a claim batched differently than locally would show.
    Labels are hash-derived and floats full-precision, so any re-serialisation would show too.

    With ``crash_on`` set, the process dies (``os._exit``) on that claim the first time it is
    seen (``marker`` records that it happened), as a killed or OOM-ed worker would.
    """

    batch_size = 16

    def __init__(self, crash_on: str = "", marker: str = ""):
        self.crash_on = crash_on
        self.marker = marker

    def verify(self, claims):
        claims = list(claims)
        for lo in range(0, len(claims), self.batch_size):
            batch = claims[lo:lo + self.batch_size]
            trace = len(batch) * 1e-9 + sum(len(c.text) for c in batch) * 1e-12
            yield from (self._decide(c, trace) for c in batch)

    def _decide(self, claim, trace):
        if claim.id == self.crash_on and not os.path.exists(self.marker):
            Path(self.marker).write_text(str(os.getpid()))
            os._exit(1)
        digest = hashlib.sha256(claim.model_dump_json().encode()).digest()
        label = list(Label)[digest[0] % 3]
        conf = int.from_bytes(digest[1:9], "big") / 2**64 * 0.99 + trace
        return Verdict(
            claim_id=claim.id, claim=claim.text, label=label, confidence=conf,
            reason=REASON[label], rationale=f"fake {digest[:4].hex()}",
            evidence=[Evidence(doc_id=f"d{digest[9]}", start=0, end=5, quote="quote",
                               retrieval_score=conf / 3,
                               stance={"supported": conf, "contradicted": 1 - conf})],
            gold=claim.label)


def make_fake(crash_on: str = "", marker: str = "") -> FakeVerifier:
    """A picklable factory, as the real one is (top-level function + partial)."""
    return FakeVerifier(crash_on, marker)


def generated_claims(n: int) -> list[Claim]:
    """``n`` varied claims: numbers, dates, non-ASCII text, meta and gold labels."""
    cities = ["Kyiv", "Kraków", "São Paulo", "Zürich", "Lagos", "東京"]
    out = []
    for i in range(n):
        out.append(Claim(
            id=f"c{i:05d}", text=f"{cities[i % 6]} reported {i * 37 % 1000} cases on day {i}.",
            label=list(Label)[i % 3] if i % 4 else None,
            date=f"2022-04-{1 + i % 28:02d}" if i % 2 else None,
            meta={"batch": i // 100, "score": i / 7}, origin=f"claims.jsonl:{i + 1}"))
    return out


def jsonl(verdicts) -> list[str]:
    return [v.model_dump_json() for v in verdicts]


# --------------------------------------------------------------------------- local engine


def test_run_local_streams_in_input_order_and_reports_progress():
    claims = generated_claims(50)
    seen = []
    verdicts = list(run_local(claims, make_fake, progress=seen.append))
    assert [v.claim_id for v in verdicts] == [c.id for c in claims]
    assert seen == list(range(1, 51))


def test_missing_ray_is_an_engine_error_with_the_install_hint(monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # what an install without the extra sees
    with pytest.raises(EngineError) as err:
        list(run_ray(generated_claims(1), make_fake))
    assert err.value.code == "V016"
    assert "pip install 'claim-verifier[ray]'" in str(err.value)


def test_an_address_where_no_cluster_listens_fails_at_once():
    # Before the Ray tests below: with a Ray session open in this process, it would be used.
    pytest.importorskip("ray", reason="Ray not installed: pip install 'claim-verifier[ray]'")
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(EngineError, match=f"no Ray cluster answers at 127.0.0.1:{port}") as err:
        list(run_ray(generated_claims(1), make_fake, address=f"127.0.0.1:{port}"))
    assert "ray start --head" in str(err.value)


# --------------------------------------------------------------------------- Ray engine


@pytest.fixture(scope="module")
def ray_session():
    """One local two-CPU Ray cluster for this module's tests; the engine reuses it."""
    ray = pytest.importorskip("ray", reason="Ray not installed: pip install 'claim-verifier[ray]'")
    from ray import cloudpickle

    # The fakes live in this test module, which Ray workers cannot import: send them by value.
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


@pytest.mark.ray
def test_ray_gives_the_local_verdicts_byte_for_byte(ray_session):
    claims = generated_claims(1000)
    local = jsonl(run_local(claims, make_fake))
    seen = []
    remote = jsonl(run_ray(claims, make_fake, batch_size=64, progress=seen.append))
    assert remote == local
    assert seen[-1] == 1000


@pytest.mark.ray
def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(ray_session, tmp_path):
    claims = generated_claims(300)
    marker = tmp_path / "crashed"
    factory = partial(make_fake, crash_on="c00150", marker=str(marker))
    remote = jsonl(run_ray(claims, factory, batch_size=16))
    assert marker.exists(), "the worker was never killed: the test proved nothing"
    assert remote == jsonl(run_local(claims, make_fake))


@pytest.mark.ray
def test_a_batch_size_that_would_regroup_claims_is_refused(ray_session):
    with pytest.raises(EngineError, match="not a multiple of the pipeline's batch size 16"):
        list(run_ray(generated_claims(40), make_fake, batch_size=24))


@pytest.mark.ray
def test_an_unpicklable_factory_is_refused_before_any_work(ray_session):
    lock = threading.Lock()  # like a loaded model's handles: cannot travel to a worker
    with pytest.raises(EngineError, match="cannot be sent to Ray workers"):
        list(run_ray(generated_claims(2), partial(make_fake, lock)))


@pytest.mark.ray
def test_an_index_built_on_ray_equals_one_built_locally(ray_session, small_corpus, tmp_path):
    local = FakeEmbedder()
    build_index([small_corpus], tmp_path / "local", local)
    build_index([small_corpus], tmp_path / "ray", RayEmbedder(local, FakeEmbedder, batch_size=4))
    with Index.open(tmp_path / "local", local) as a, Index.open(tmp_path / "ray", local) as b:
        assert a.fingerprint == b.fingerprint
        np.testing.assert_array_equal(a.vectors, b.vectors)
        assert b.search("civilians killed") == a.search("civilians killed")


@pytest.mark.ray
@pytest.mark.real_model
def test_check_on_ray_writes_the_local_run_file_on_the_worked_example(ray_session, tmp_path):
    from click.testing import CliRunner

    from verifier.cli import cli

    root = Path(__file__).resolve().parent.parent
    claims = root / "claims" / "ukraine-2022-04-26.claims.jsonl"

    def run(*args):
        res = CliRunner().invoke(cli, ["--quiet", *map(str, args)], catch_exceptions=False)
        assert res.exit_code == 0, res.output

    index = tmp_path / "index"  # its vectors computed on the cluster
    run("index", "build", root / "index" / "corpora" / "ukraine-2022-04-26", "--index", index,
        "--engine", "ray")
    run("check", claims, "--index", index, "-o", tmp_path / "local.jsonl")
    run("check", claims, "--index", index, "--engine", "ray", "-o", tmp_path / "ray.jsonl")
    local = (tmp_path / "local.jsonl").read_text(encoding="utf-8").splitlines()
    remote = (tmp_path / "ray.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(local) == 44  # the run record, then one verdict per claim
    assert remote[1:] == local[1:]  # byte for byte; the run record differs (its time)



# --------------------------------------------------------------------------- run record


def _forbid_loading(monkeypatch):
    """Make every model and index loader fail, so a test proves that nothing was loaded."""
    from verifier.claims import nlp
    from verifier.index import embed, store
    from verifier.scoring import stance

    def loaded(*_args, **_kwargs):
        raise AssertionError("a model or index was loaded")

    class NotLoaded:  # get_nlp as an lru_cache that was never called
        def cache_info(self):
            return functools._CacheInfo(0, 0, 1, 0)

        __call__ = loaded

    monkeypatch.setattr(embed, "OnnxEmbedder", loaded)
    monkeypatch.setattr(embed, "TorchEmbedder", loaded)
    monkeypatch.setattr(stance, "StanceModel", loaded)
    monkeypatch.setattr(store.Index, "open", loaded)
    monkeypatch.setattr(nlp, "get_nlp", NotLoaded())


@pytest.mark.real_model
@pytest.mark.parametrize("layout", ["plain", "sharded", "no index"])
def test_the_run_record_read_from_files_equals_the_one_from_loaded_models(layout, small_corpus,
                                                                          tmp_path, monkeypatch):
    from verifier.config import Config
    from verifier.index.embed import load_embedder
    from verifier.index.shards import build_sharded_index
    from verifier.session import make_verifier, run_record, run_record_from_files

    index = tmp_path / "index"
    if layout == "plain":
        build_index([small_corpus], index, load_embedder())
    elif layout == "sharded":
        build_sharded_index([small_corpus], index, load_embedder(), shards=2)
    need_index = layout != "no index"
    config = Config()
    with monkeypatch.context() as patched:
        _forbid_loading(patched)
        read = run_record_from_files(str(index), config, "claims.jsonl", "An article.", "a.txt",
                                     need_index=need_index)
    verifier = make_verifier(str(index), config.model_dump(mode="json"), need_index)
    loaded = run_record(verifier, config, "claims.jsonl", "An article.", "a.txt")
    assert read.model_dump(exclude={"created"}) == loaded.model_dump(exclude={"created"})
    assert [m.name for m in read.models][0] == "sentence-transformers/all-MiniLM-L6-v2"
    assert bool(read.index) is need_index


def test_the_record_from_files_refuses_an_index_of_another_embedder(small_corpus, tmp_path, monkeypatch):
    from verifier.config import Config
    from verifier.errors import IndexError_, IndexMismatchError
    from verifier.session import run_record_from_files

    build_index([small_corpus], tmp_path / "fake", FakeEmbedder())
    _forbid_loading(monkeypatch)
    with pytest.raises(IndexMismatchError) as err:
        run_record_from_files(str(tmp_path / "fake"), Config(), "x")
    assert err.value.code == "V011"
    with pytest.raises(IndexError_) as err:
        run_record_from_files(str(tmp_path / "missing"), Config(), "x")
    assert err.value.code == "V010"
