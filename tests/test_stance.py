"""The stance model: FakeStance (unit) and the shipped cross-encoder (real_model).

The real-model tests load the weights shipped in verifier/scoring/models/stance/ offline,
export them to ONNX in a temporary folder, and check both backends agree and get obvious
pairs right.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from verifier.config import STANCE_MODEL_DIR
from verifier.errors import ModelError
from verifier.scoring.stance import (
    LABELS,
    SHA_FILE,
    WEIGHTS_FILE,
    FakeStance,
    StanceModel,
    load_stance_model,
    normalize_figures,
    normalizes_figures,
)

SUPPORTED, CONTRADICTED, UNVERIFIED = 0, 1, 2

OBVIOUS = [
    (("The Eiffel Tower is in Paris.", "The Eiffel Tower is located in Paris, France."), SUPPORTED),
    (("The bridge is 450 metres long.", "The bridge is 320 metres long and opened in 1932."), CONTRADICTED),
    (("The company reported revenue of $5 billion in 2021.",
      "In 2021 the company's revenue was $3 billion."), CONTRADICTED),
    (("The president did not sign the bill.", "The president signed the bill on Tuesday."), CONTRADICTED),
    (("The Eiffel Tower is in Paris.", "Bananas are rich in potassium."), UNVERIFIED),
    (("The minister met the delegation on Monday.", "The weather in the capital was sunny."), UNVERIFIED),
]


# --------------------------------------------------------------------------- FakeStance


def test_fake_shape_rows_and_determinism():
    fake = FakeStance()
    pairs = [pair for pair, _ in OBVIOUS]
    a, b = fake.predict(pairs), fake.predict(pairs)
    assert a.shape == (len(pairs), 3)
    assert a.dtype == np.float32
    np.testing.assert_allclose(a.sum(axis=1), 1.0, rtol=1e-6)
    np.testing.assert_array_equal(a, b)
    assert fake.predict([]).shape == (0, 3)


@pytest.mark.parametrize(
    "claim, evidence, label",
    [
        ("The bridge is 320 metres long.", "The bridge is 320 metres long.", SUPPORTED),
        ("The bridge is 450 metres long.", "The bridge is 320 metres long.", CONTRADICTED),
        ("The bridge is not long.", "The bridge is long.", CONTRADICTED),
        ("The bridge is 320 metres long.", "Bananas are rich in potassium.", UNVERIFIED),
    ],
)
def test_fake_rules(claim, evidence, label):
    assert int(FakeStance().predict([(claim, evidence)])[0].argmax()) == label


def test_fake_identity():
    fake = FakeStance()
    assert fake.backend == "fake"
    assert len(fake.sha256) == 64 and fake.name


def test_unknown_backend_is_a_model_error():
    with pytest.raises(ModelError, match="valid: auto, onnx, torch"):
        load_stance_model(backend="tensorflow")


def test_missing_weights_is_v014(tmp_path):
    with pytest.raises(ModelError) as err:
        load_stance_model(tmp_path, model_dir=tmp_path)
    assert err.value.code == "V014"
    assert "git checkout" in str(err.value)


def test_onnx_backend_without_export_says_how_to_fix(tmp_path):
    with pytest.raises(ModelError, match="verifier models export"):
        load_stance_model(tmp_path, backend="onnx")


# --------------------------------------------------------------------------- figure normal form


@pytest.mark.parametrize(
    "text, want",
    [
        ("At least 2,665 civilians were killed.", "At least 2665 civilians were killed."),
        ("Revenue rose to $1,200,000.50 in 2021.", "Revenue rose to $1200000.50 in 2021."),
        ("The trial enrolled 12,400 patients; 8 per cent had diabetes.",
         "The trial enrolled 12400 patients; 8% had diabetes."),
        ("Turnout was 61.5 percent, up from 58 %.", "Turnout was 61.5%, up from 58%."),
        ("Temperatures fell to \u22124 C on 3\u00a0March.", "Temperatures fell to -4 C on 3 March."),
        ("In 2019, 2,000 people moved.", "In 2019, 2000 people moved."),
    ],
)
def test_normalize_figures_writes_one_form(text, want):
    assert normalize_figures(text) == want
    assert normalize_figures(want) == want  # idempotent


@pytest.mark.parametrize(
    "text",
    [
        "Chapters 3,4 and 12,345,67 are missing.",  # comma lists, not thousands
        "It rose 1.5 million in 2021 and 2,66 in 2022.",
        "The percentage fell; COVID-19 and F-16 stayed.",
        "No figures here.",
    ],
)
def test_normalize_figures_leaves_other_text_alone(text):
    assert normalize_figures(text) == text


class _RecordingTokenizer:
    """Records what ``StanceModel.encode`` hands the tokenizer."""

    def __init__(self):
        self.seen: list[tuple[str, str]] = []

    def encode_batch(self, pairs):
        from types import SimpleNamespace

        self.seen += list(pairs)
        return [SimpleNamespace(ids=[1], attention_mask=[1], type_ids=[0]) for _ in pairs]


@pytest.mark.parametrize("normalize, want", [(False, ("1,200 died.", "1200 died.")),
                                             (True, ("1200 died.", "1200 died."))])
def test_encode_normalizes_only_when_the_weights_were_trained_so(normalize, want):
    tok = _RecordingTokenizer()
    StanceModel(None, tok, backend="fake", sha256="0" * 64, normalize=normalize).encode(
        [("1,200 died.", "1200 died.")])
    assert tok.seen == [want]


def test_normalize_flag_is_read_from_config(tmp_path):
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "bert"}))
    assert normalizes_figures(tmp_path) is False
    (tmp_path / "config.json").write_text(json.dumps({"claim_verifier": {"normalize_figures": True}}))
    assert normalizes_figures(tmp_path) is True
    (tmp_path / "config.json").write_text("{")
    with pytest.raises(ModelError):
        normalizes_figures(tmp_path)


# --------------------------------------------------------------------------- shipped files


def test_shipped_files_present_and_hash_recorded():
    for name in ("config.json", WEIGHTS_FILE, "tokenizer.json", "MODEL_CARD.md", SHA_FILE):
        assert (STANCE_MODEL_DIR / name).is_file(), name
    size = sum(p.stat().st_size for p in STANCE_MODEL_DIR.iterdir())
    assert size < 55 * 2**20
    config = json.loads((STANCE_MODEL_DIR / "config.json").read_text())
    assert [config["id2label"][str(i)] for i in range(3)] == list(LABELS)


@pytest.mark.real_model
def test_recorded_sha256_matches_weights():
    recorded = (STANCE_MODEL_DIR / SHA_FILE).read_text().split()[0]
    actual = hashlib.sha256((STANCE_MODEL_DIR / WEIGHTS_FILE).read_bytes()).hexdigest()
    assert recorded == actual
    assert recorded in (STANCE_MODEL_DIR / "MODEL_CARD.md").read_text()


# --------------------------------------------------------------------------- real model


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    from verifier.scoring.stance import export_stance_onnx

    dest = tmp_path_factory.mktemp("models")
    export_stance_onnx(dest, int8=True)
    return dest


@pytest.mark.real_model
def test_onnx_and_torch_agree(exported):
    onnx_model = load_stance_model(exported)
    torch_model = load_stance_model(exported, backend="torch")
    assert onnx_model.backend == "onnxruntime" and torch_model.backend == "torch"
    assert onnx_model.sha256 == torch_model.sha256
    pairs = [pair for pair, _ in OBVIOUS] + [("A claim with no evidence.", "")]
    a, b = onnx_model.predict(pairs), torch_model.predict(pairs)
    assert a.shape == (len(pairs), 3)
    np.testing.assert_allclose(a.sum(axis=1), 1.0, atol=1e-5)
    assert float(np.abs(a - b).max()) < 1e-3


@pytest.mark.real_model
def test_obvious_pairs(exported):
    model = load_stance_model(exported)
    probs = model.predict([pair for pair, _ in OBVIOUS])
    got = [LABELS[i] for i in probs.argmax(axis=1)]
    assert got == [LABELS[label] for _, label in OBVIOUS]


@pytest.mark.real_model
def test_deterministic_and_batch_order_independent(exported):
    model = load_stance_model(exported, batch_size=2)
    pairs = [pair for pair, _ in OBVIOUS]
    a = model.predict(pairs)
    b = model.predict(list(reversed(pairs)))[::-1]
    np.testing.assert_allclose(a, b, atol=1e-5)
    np.testing.assert_array_equal(a, model.predict(pairs))


@pytest.mark.real_model
def test_stale_export_falls_back_to_torch(exported, tmp_path, caplog):
    (tmp_path / "stance.onnx").write_bytes((exported / "stance.onnx").read_bytes())
    meta = json.loads((exported / "stance.onnx.json").read_text())
    meta["source_sha256"] = "0" * 64
    (tmp_path / "stance.onnx.json").write_text(json.dumps(meta))
    model = load_stance_model(tmp_path)
    assert model.backend == "torch"
    assert "verifier models export" in caplog.text


@pytest.mark.real_model
def test_int8_export_gets_obvious_pairs(exported):
    model = load_stance_model(exported, int8=True)
    assert model.backend == "onnxruntime-int8" and model.name.endswith("-int8")
    probs = model.predict([pair for pair, _ in OBVIOUS])
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-5)
    assert [int(i) for i in probs.argmax(axis=1)] == [label for _, label in OBVIOUS]


def test_int8_without_export_says_how_to_make_it(tmp_path):
    with pytest.raises(ModelError, match="models export --int8"):
        load_stance_model(tmp_path, int8=True)


@pytest.mark.real_model
def test_the_int8_setting_is_served_and_recorded(exported, monkeypatch):
    from verifier import config as config_module
    from verifier.session import stance_identity

    monkeypatch.setattr(config_module, "MODELS_DIR", exported)
    identity = stance_identity(int8=True)
    model = load_stance_model(exported, int8=True)
    assert (identity.name, identity.backend, identity.sha256) == (model.name, model.backend, model.sha256)
    monkeypatch.setattr(config_module, "MODELS_DIR", exported / "missing")
    with pytest.raises(ModelError, match="models export --int8"):
        stance_identity(int8=True)


# --------------------------------------------------------------------------- data preparation


def _prepare():
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "scripts" / "prepare_stance_data.py"
    spec = importlib.util.spec_from_file_location("prepare_stance_data", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_detok_reads_like_news():
    prep = _prepare()
    assert prep.detok("Westlife -LRB- band -RRB- sold $ 23 million , the BPI said .") == \
        "Westlife (band) sold $23 million, the BPI said."


def test_contrast_pairs_swap_unhedged_figures_only():
    import random

    prep = _prepare()
    rows = [
        {"claim": "The bridge is 320 metres long.", "evidence": "The bridge is 320 metres long.",
         "label": 0, "source": "x", "group": "g1", "case": "c1"},
        {"claim": "More than 320 people came.", "evidence": "About 320 people came.",
         "label": 0, "source": "x", "group": "g2", "case": "c2"},
        {"claim": "COVID-19 spread in 2020.", "evidence": "COVID-19 spread.",
         "label": 0, "source": "x", "group": "g3", "case": "c3"},
    ]
    out = prep.contrast_pairs(rows, 10, random.Random(0))
    swapped = [r for r in out if r["label"] == 1]
    assert [r["source"] for r in swapped] == ["contrast_number"]
    assert swapped[0]["claim"] != rows[0]["claim"] and "320" not in swapped[0]["claim"]
    assert prep.bucket("page:Westlife") == prep.bucket("page:Westlife")


def test_snli_keeps_same_scene_contradictions_only(tmp_path):
    import gzip
    import random

    prep = _prepare()
    rows = [
        {"pairID": "1.jpg#r1c", "premise": "A little boy runs beside a carousel.",
         "hypothesis": "A little girl runs beside a carousel.", "label": "contradiction"},
        {"pairID": "1.jpg#r2c", "premise": "A little boy runs beside a carousel.",
         "hypothesis": "A chef is cooking pasta.", "label": "contradiction"},
        {"pairID": "1.jpg#r1e", "premise": "A little boy runs beside a carousel.",
         "hypothesis": "A child is outside.", "label": "entailment"},
        {"pairID": "1.jpg#r1n", "premise": "A little boy runs beside a carousel.",
         "hypothesis": "A boy runs to his mother.", "label": "neutral"},
        {"pairID": "2.jpg#r1x", "premise": "A dog.", "hypothesis": "A cat.", "label": "-"},
    ]
    path = tmp_path / "snli.jsonl.gz"
    with gzip.open(path, "wt") as fh:
        fh.writelines(json.dumps(r) + "\n" for r in rows)
    out, counts = prep.snli_pairs(path, 30, 0.5, random.Random(0))
    assert sorted((r["claim"], r["label"]) for r in out) == [
        ("A boy runs to his mother.", UNVERIFIED), ("A child is outside.", SUPPORTED),
        ("A little girl runs beside a carousel.", CONTRADICTED)]
    assert counts["contradictions_dropped_low_overlap"] == 1
    assert out[0]["evidence"] == "A little boy runs beside a carousel."


def test_extra_pairs_never_enter_dev_or_test():
    import random

    prep = _prepare()
    train = [{"claim": "A is B.", "evidence": "A is B.", "label": 0}]
    extra = [{"claim": "A is B.", "evidence": "A is B.", "label": 0},       # duplicate
             {"claim": "C is D.", "evidence": "C is D!", "label": 0},       # in dev
             {"claim": "G is H.", "evidence": "The dev sentence.", "label": 2},  # dev evidence
             {"claim": "E is F.", "evidence": "E is not F.", "label": 1}]   # added
    held_out = {(prep.norm_key("C is D."), prep.norm_key("C is D!"))}
    out, counts = prep.add_extra(train, extra, held_out, set(), random.Random(0),
                                 frozenset({prep.norm_key("The dev sentence.")}))
    assert counts == {"duplicate": 1, "in_dev_or_test": 2, "added": 1}
    assert sorted(r["claim"] for r in out) == ["A is B.", "E is F."]


def test_contrast_suite_train_split_is_label_balanced(tmp_path):
    import random

    prep = _prepare()
    rows = [{"id": f"c{i}", "text": f"Claim {i}.", "evidence": f"Evidence {i}.", "label": label,
             "meta": {"category": "con_x" if label == "contradicted" else "y", "doc": f"d{i % 3}"}}
            for i, label in enumerate(["contradicted"] * 5 + ["supported"] * 3 + ["unverified"] * 2)]
    path = tmp_path / "train.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = prep.contrast_suite_pairs(path, random.Random(0))
    assert sorted(r["label"] for r in out) == [SUPPORTED] * 2 + [CONTRADICTED] * 2 + [UNVERIFIED] * 2
    assert {r["source"] for r in out if r["label"] == CONTRADICTED} == {"contrast_suite_con_x"}


@pytest.mark.parametrize("claim, evidence, expected", [
    # finance: a scale abbreviation and a currency sign
    ("The court fined Marden 250,000 euros.", "The court fined Marden \u20ac0.25m on Wednesday.",
     "The court fined Marden 250,000 euros on Wednesday."),
    # transport: an approximation of the exact figure
    ("The airline carried about 12 million passengers in 2025.", "The airline carried 12.3 million passengers in 2025.",
     "The airline carried about 12 million passengers in 2025."),
    # science: physical units
    ("The probe flew 62 miles above the surface.", "The probe flew 100 km above the surface.",
     "The probe flew 62 miles above the surface."),
    # a figure that disagrees is left as the source wrote it
    ("The quake killed 40 people.", "The quake killed 52 people.", "The quake killed 52 people."),
    # a figure the claim computes is written after the last figure it is computed from:
    # housing (a share), health (a change in percent), politics (time between two dates)
    ("A fifth of the 2,000 homes in Reddle were damaged.", "Officials said 400 of the 2,000 homes in Reddle were damaged.",
     "Officials said 400 of the 2,000 (A fifth) homes in Reddle were damaged."),
    ("The number of patients waiting for surgery grew 20%.",
     "The number of patients waiting for surgery rose to 4.8 million from 4 million.",
     "The number of patients waiting for surgery rose to 4.8 million from 4 million (20%)."),
    ("The law was signed five weeks after the vote.",
     "Parliament voted on 2 March 2026 and the president signed the law on 6 April 2026.",
     "Parliament voted on 2 March 2026 and the president signed the law on 6 April 2026 (five weeks)."),
    # a measure in other units is written in the claim's, agreeing or not: volcanoes, weather, shipping
    ("The ash plume rose about 12 miles into the sky.", "The ash column reached a height of about 12 kilometres.",
     "The ash column reached a height of about 7.46 miles."),
    ("Temperatures hit 40 degrees Fahrenheit in Selna.", "Temperatures hit 40 degrees Celsius in Selna.",
     "Temperatures hit 104 degrees Fahrenheit in Selna."),
    ("The ship carried 5,000 tonnes of grain.", "The ship carried 5,000 kilograms of grain.",
     "The ship carried 5 tonnes of grain."),
])
def test_the_stance_model_reads_agreeing_figures_as_the_claim_writes_them(claim, evidence, expected):
    from verifier.claims.facts import parse_facts
    from verifier.config import ScoringConfig
    from verifier.scoring.checks import REGISTRY, ClaimView, EvidenceView
    from verifier.scoring.sentence import SentenceEval
    from verifier.types import Evidence

    view = EvidenceView(evidence, parse_facts(evidence))
    checks = [check(ClaimView(parse_facts(claim), claim), view, ScoringConfig()) for check in REGISTRY.values()]
    e = SentenceEval(Evidence(doc_id="d", start=0, end=len(evidence), quote=evidence), 0.9, 1.0, checks=checks)
    assert e.stance_text() == expected


def test_a_figure_is_respelt_whole_not_inside_a_longer_one():
    from verifier.scoring.checks import SUPPORT, CheckResult
    from verifier.scoring.sentence import SentenceEval
    from verifier.types import Evidence

    text = "Output rose to 4.8 million from 4 million, and to 40 million in all."
    check = CheckResult("quantity", SUPPORT, aligned=(("4", "four"),))
    e = SentenceEval(Evidence(doc_id="d", start=0, end=len(text), quote=text), 0.9, 1.0, checks=[check])
    assert e.stance_text() == "Output rose to 4.8 million from four million, and to 40 million in all."
