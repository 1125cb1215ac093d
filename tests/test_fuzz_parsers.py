"""Property/fuzz tests for every parser that reads text a user or a corpus supplies.

Each parser must either return well-formed values or raise one of the project's own errors
(``verifier.errors.VerifierError``); anything else (``RecursionError``, ``OverflowError``,
``KeyError``...) would reach the user as a traceback. Budgets are bounded for CI
(``EXAMPLES`` below); ``scripts/fuzz_long.py`` runs the same properties far longer.

The strategies mix random text with the tokens each parser looks for (months, weekdays,
"ago", numbers with scale words, front-matter keys, JSON fragments, HTML tags), so that the
examples reach the parsers' branches instead of bouncing off the first regular expression.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from verifier.errors import VerifierError
from verifier.text import safe_id, sentence_spans

# Bugs these tests found, all fixed: "N years ago" before year 1, deeply nested JSON and 1 MB
# CSV cells in claim files (claims), deep JSON in run files (report), deep JSON, unpaired
# surrogate escapes, YAML alias bombs and unterminated HTML comments in documents (ingest).

# Examples per property: 60 in CI (the spaCy-backed parsers get 40 % of that);
# scripts/fuzz_long.py sets VERIFIER_FUZZ_EXAMPLES to thousands.
EXAMPLES = int(os.environ.get("VERIFIER_FUZZ_EXAMPLES", "60"))
CI = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CI_SLOW = settings(max_examples=max(EXAMPLES * 2 // 5, 1), deadline=None,
                   suppress_health_check=[HealthCheck.too_slow])

# --------------------------------------------------------------------------- strategies

_WORDS = [
    "Mr.", "U.N.", "U.S.", "Feb.", "Dr.", "e.g.", "The", "the", "He", "said", "killed", "civilians",
    "more than", "about", "at least", "2,660", "3.5", "$", "€", "billion", "million", "percent",
    "%", "percentage points", "a third of", "dozens", "hundreds of", "April", "Apr.", "26",
    "26th", "of", "2022", "1999", "Monday", "last", "next", "this", "week", "weekend", "month",
    "year", "ago", "days", "years", "5000", "99999999", "tomorrow", "yesterday", "earlier",
    "in", "on", "late", "early", "mid-", "COVID-19", "F-16", "G7", "10:30", "!", "?", ".", "...",
    "\"", "\u201c", "\u201d", "(", ")", "\n", "\n\n", "  ", "\t", "\u00a0", "\u2028", "\x00",
    "\x1b[31m", "Erdoğan", "Зеленський", "٣", "١٢", "½", "①", "\ufeff",
]
word_salad = st.lists(st.one_of(st.sampled_from(_WORDS), st.text(max_size=6)), max_size=40).map(" ".join)
texts = st.one_of(st.text(max_size=300), word_salad)
anchors = st.one_of(st.none(), st.dates().map(dt.date.isoformat),
                    st.sampled_from(["0001-01-01", "9999-12-31", "2022-04-26", "2022-02-29", "", "April",
                                     "2022-13-01", "20220426", "2022-04-26T10:00:00"]))


def _only_our_errors(func, *args):
    """Call ``func``; a ``VerifierError`` is an accepted outcome (returned as None)."""
    try:
        return func(*args)
    except VerifierError:
        return None


# --------------------------------------------------------------------------- sentence splitter


@CI
@given(texts)
@example("Mr. Haq spoke. The U.N. chief left on Feb. 24. He went.")
@example("...\n\n. . !?\u2028\u00a0")
def test_sentence_spans_are_in_bounds_ordered_disjoint_trimmed_and_cover_the_text(text: str):
    spans = sentence_spans(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        previous_end = end
    covered = set()
    for start, end in spans:
        covered.update(range(start, end))
    # No visible character is lost between sentences.
    assert all(text[i].isspace() for i in range(len(text)) if i not in covered)


def test_sentence_spans_on_a_long_line_without_punctuation_is_one_span():
    text = "word " * 200_000  # 1 MB single line, no sentence boundary
    assert sentence_spans(text) == [(0, len(text) - 1)]


# --------------------------------------------------------------------------- safe ids


@CI
@given(st.one_of(st.text(max_size=200), st.sampled_from(
    ["../../etc/passwd", "..", ".", "/abs/path", "a/../../b", "C:\\Windows\\x", "\x00", "....//", "~root"])))
def test_safe_id_never_yields_a_path(raw: str):
    out = safe_id(raw)
    assert re.fullmatch(r"[A-Za-z0-9._-]{1,120}", out)
    assert ".." not in out and not out.startswith(".") and "/" not in out


# --------------------------------------------------------------------------- documents and front matter

_FM_KEYS = ["title", "source", "url", "published", "id", "tags", "title:", "- item", "? x", "&a", "*a", "!!python/object"]
_FM_VALUES = ["Ukraine: civilian casualty update", "2022-04-25", "[1, 2]", "{a: 1}", "'quoted'", "\"dq\"",
              "|", ">", "null", "~", "123", "1e9", "yes", "!!binary aGk=", "&x [1]", "*x", "", "---", "...",
              "../../etc/passwd", "<script>alert(1)</script>"]
front_matter = st.lists(
    st.tuples(st.one_of(st.sampled_from(_FM_KEYS), st.text(max_size=8)),
              st.one_of(st.sampled_from(_FM_VALUES), st.text(max_size=20))),
    max_size=8,
).map(lambda kv: "---\n" + "\n".join(f"{k}: {v}" for k, v in kv) + "\n---\n")

_JSON_BITS = ['{"id": "a", "text": "t"}', '{"text": ""}', '{"text": 5}', '{"id": [1], "text": "x"}', "[]",
              "null", '"s"', "{", '{"text": "x", "title": {"a": 1}}', '{"id": "../../x", "text": "y"}',
              '{"text": "\\ud800"}', "[" * 50 + "]" * 50]
jsonl = st.lists(st.one_of(st.sampled_from(_JSON_BITS), st.text(max_size=30)), max_size=6).map("\n".join)
html = st.lists(st.one_of(st.sampled_from(["<p>", "</p>", "<script>", "</script>", "<title>", "</title>", "<br>",
                                           "<style>", "&amp;", "&#0;", "&#x110000;", "<!--", "-->", "<![CDATA[",
                                           "<svg><p>", "<a href='javascript:x'>", "<script>SECRETJS</script>",
                                           "<style>SECRETCSS</style>"]),
                          # no "<" in free text: a stray "<?" before "<script>" makes the tag a
                          # bogus comment, in browsers too, and the script's words page text
                          st.text(alphabet=st.characters(blacklist_characters="<"), max_size=15)),
                 max_size=30).map("".join)


def _read_one(name: str, data: bytes):
    from verifier.index.ingest import read_sources

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return read_sources([path])


def _check_ingest(result) -> None:
    for doc in result.documents:
        assert doc.text.strip()
        assert re.fullmatch(r"[A-Za-z0-9._-]{1,120}", doc.id)
        assert all(isinstance(getattr(doc, k), str) for k in ("title", "source", "url", "published"))
    for problem in result.problems:
        assert problem.code in {"V001", "V002", "V003", "V004", "V005", "V006", "V017", "V018"}
        assert str(problem.problem).startswith(str(problem.problem.path))


@CI
@given(st.sampled_from(["doc.md", "doc.txt", "doc.html", "doc.htm", "doc.jsonl", "doc.pdf", "doc"]),
       st.one_of(st.binary(max_size=300), texts.map(lambda t: t.encode("utf-8", "surrogatepass")),
                 texts.map(lambda t: t.encode("latin-1", "replace"))))
def test_ingest_any_bytes_gives_documents_or_coded_problems(name: str, data: bytes):
    _check_ingest(_read_one(name, data))


@CI
@given(front_matter, texts)
@example("---\ntitle: Ukraine: update\npublished: 2022-04-25\n---\n", "Body.")
@example("---\n- a\n- b\n---\n", "Body.")
@example("---\ntitle: !!python/object:os.system 'echo hi'\n---\n", "Body.")
def test_front_matter_gives_a_document_or_a_coded_problem(fm: str, body: str):
    _check_ingest(_read_one("doc.md", (fm + body).encode("utf-8", "surrogatepass")))


@CI
@given(jsonl)
@example('{"text": "\\ud800"}')
def test_jsonl_documents_give_documents_or_coded_problems(data: str):
    _check_ingest(_read_one("docs.jsonl", data.encode("utf-8", "surrogatepass")))


@CI
@given(html)
def test_html_documents_give_documents_or_coded_problems(data: str):
    result = _read_one("page.html", data.encode("utf-8", "surrogatepass"))
    _check_ingest(result)
    # "<![CDATA[" outside SVG/MathML opens a bogus comment that ends at the next ">" (HTML5, and
    # browsers): when that ">" closes a "<script>" tag, the script's words are page text.
    bogus = any("<script" in m.group(0) or "<style" in m.group(0) for m in re.finditer(r"<!\[CDATA\[[^>]*>", data))
    for doc in result.documents:  # script and style content never becomes document text
        assert bogus or ("SECRETJS" not in doc.text and "SECRETCSS" not in doc.text)


def test_an_unterminated_html_comment_hides_the_rest():
    """A page cut off inside a comment: browsers show nothing after ``<!--``; the index must not
    hold the page source (here a script) as text. (trafilatura finds no article in so little:
    then the page is a coded problem, never its source.)"""
    result = _read_one("page.html", b"<p>Visible text.</p><!--<script>SECRETJS</script><p>gone")
    assert [d.text for d in result.documents] in (["Visible text."], [])
    assert all("SECRETJS" not in d.text and "gone" not in d.text for d in result.documents)
    assert [p.code for p in result.problems] == ([] if result.documents else ["V005"])
    longer = _read_one("page.html", b"<article><p>" + b"Visible text of the article, long enough to be one. " * 6
                       + b"</p></article><!--<script>SECRETJS</script><p>gone")
    assert [d.text for d in longer.documents] == [("Visible text of the article, long enough to be one. " * 6).strip()]


# --------------------------------------------------------------------------- dates


@CI
@given(texts, anchors)
@example("The city was founded 5000 years ago.", "2022-04-26")
@example("tomorrow", "9999-12-31")
@example("3 days ago", "0001-01-01")
def test_parse_dates_gives_in_bounds_refs_or_a_coded_error(text: str, anchor):
    from verifier.claims.dates import parse_dates

    refs = _only_our_errors(parse_dates, text, anchor)
    for ref in refs or []:
        assert 0 <= ref.start_char < ref.end_char <= len(text)
        assert text[ref.start_char:ref.end_char] == ref.text
        if ref.start and not ref.start.startswith("--"):
            assert dt.date.fromisoformat(ref.start) <= dt.date.fromisoformat(ref.end)


@CI
@given(st.one_of(st.text(max_size=30), st.sampled_from(["2022-02-30", "0000-01-01", "2022-4-26", "+2022-04-26"])))
def test_to_date_is_a_date_or_v007(raw: str):
    from verifier.claims.dates import to_date

    try:
        out = to_date(raw)
    except VerifierError as exc:
        assert exc.code == "V007" and "is not an ISO date (YYYY-MM-DD)" in exc.message
    else:
        assert out is None or isinstance(out, dt.date)


# --------------------------------------------------------------------------- quantities and facts (spaCy)


@CI_SLOW
@given(texts)
@example("More than 2,660 civilians have been killed and about $3.5 billion pledged.")
@example("99999999999999999999999999999999999999 billion trillion dollars, 1e308 percent")
def test_parse_quantities_gives_in_bounds_quantities(text: str):
    from verifier.claims.quantities import parse_quantities

    for q in _only_our_errors(parse_quantities, text) or []:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start:q.end] == q.text
        assert q.value == q.value  # not NaN


@CI_SLOW
@given(texts, anchors)
@example("The city was founded 5000 years ago.", "2022-04-26")
def test_parse_facts_never_raises_anything_but_our_errors(text: str, anchor):
    from verifier.claims.facts import parse_facts

    facts = _only_our_errors(parse_facts, text, anchor)
    for q in facts.quantities if facts else []:
        assert text[q.start:q.end] == q.text


# --------------------------------------------------------------------------- run files


_RUN_LINES = ['{"run": {"tool_version": "0", "created": "x"}}', '{"run": {}}', "{}", "[", "null",
              '{"claim_id": "c1"}', "[" * 2000 + "]" * 2000, '{"run": ' + "[" * 2000 + "]" * 2000 + "}", ""]


@CI
@given(st.lists(st.one_of(st.sampled_from(_RUN_LINES), st.text(max_size=30)), max_size=5).map("\n".join),
       st.booleans())
@example("[" * 2000 + "]" * 2000, True)
def test_run_file_reader_gives_a_run_or_v015(data: str, trailing_newline: bool):
    from verifier.report.runfile import read_run

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "run.jsonl"
        path.write_text(data + ("\n" if trailing_newline else ""), encoding="utf-8", errors="surrogatepass")
        try:
            run = read_run(path)
        except VerifierError as exc:
            assert exc.code in {"V015", "V001"} and str(path) in exc.message
        else:
            assert len({v.claim_id for v in run.verdicts}) == len(run.verdicts)


# --------------------------------------------------------------------------- claim files


@pytest.fixture(scope="module")
def read_claim_file():
    claims = pytest.importorskip("verifier.claims")
    if not hasattr(claims, "read_claim_file"):
        pytest.skip("verifier.claims.read_claim_file not there yet")
    return claims.read_claim_file


_CLAIM_BITS = ['{"id": "c1", "text": "More than 2,660 civilians were killed."}', '{"id": "c1", "text": "dup"}',
               '{"text": "no id"}', '{"id": "c2"}', '{"id": 3, "text": "x"}', '{"id": "c4", "text": "x", "lable": 1}',
               '{"id": "c5", "text": "x", "label": "maybe"}', '{"id": "c6", "text": "x", "date": "April"}',
               "[" * 3000 + "]" * 3000, "not json", "", "id,text", "c7,\"quoted, text\"", "\x00"]


@CI
@given(st.sampled_from(["claims.jsonl", "claims.csv", "claims.txt", "claims.json", "claims"]),
       st.lists(st.one_of(st.sampled_from(_CLAIM_BITS), st.text(max_size=40)), max_size=6).map("\n".join),
       st.booleans())
@example("claims.jsonl", "[" * 3000 + "]" * 3000, False)
def test_claim_files_give_claims_or_coded_problems(read_claim_file, name: str, data: str, skip_bad: bool):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data.encode("utf-8", "surrogatepass"))
        try:
            claims, problems = read_claim_file(path, skip_bad=skip_bad)
        except VerifierError as exc:
            assert re.fullmatch(r"V0\d\d", exc.code) and str(path) in str(exc)
        else:
            ids = [c.id for c in claims]
            assert len(ids) == len(set(ids))
            assert all(c.text.strip() for c in claims)
            assert all(str(path) in str(p) for p in problems)


def test_deep_json_line_in_a_claim_file_is_a_line_error(read_claim_file, tmp_path: Path):
    path = tmp_path / "claims.jsonl"
    path.write_text('{"id": "c1", "text": "Fine."}\n' + "[" * 100_000 + "]" * 100_000 + "\n")
    with pytest.raises(VerifierError) as info:
        read_claim_file(path)
    assert f"{path}:2" in str(info.value)


# --------------------------------------------------------------------------- regressions found by these tests


def test_deep_json_line_in_a_document_file_is_a_line_problem():
    result = _read_one("docs.jsonl", ("[" * 100_000 + "]" * 100_000 + "\n").encode())
    assert [(p.code, p.problem.line) for p in result.problems] == [("V004", 1)]
    assert "not valid JSON" in p_msg(result)


def p_msg(result) -> str:
    return result.problems[0].problem.message


def test_deep_json_first_line_of_a_run_file_is_v015(tmp_path: Path):
    from verifier.report.runfile import read_run

    path = tmp_path / "run.jsonl"
    path.write_text("[" * 100_000 + "]" * 100_000 + "\n")
    with pytest.raises(VerifierError) as info:
        read_run(path)
    assert info.value.code == "V015" and f"{path}:1: the first line is not JSON" in info.value.message


def test_years_ago_beyond_the_calendar_is_not_a_date():
    from verifier.claims.dates import parse_dates

    assert parse_dates("The city was founded 5000 years ago.", "2022-04-26") == []
    assert [d.start[:4] for d in parse_dates("It opened 30 years ago.", "2022-04-26")] == ["1992"]


def test_yaml_alias_bomb_in_front_matter_is_refused_quickly():
    """Nested YAML aliases expand exponentially when turned into text: 9**6 strings here (a
    few MB, so the test stays cheap even where it fails); 9**9 would take gigabytes. A
    hostile document must be a coded problem, not minutes of CPU and memory."""
    lines = ['a: &a ["xxxxxxxx","xxxxxxxx","xxxxxxxx","xxxxxxxx","xxxxxxxx","xxxxxxxx","xxxxxxxx","xxxxxxxx","xxxxxxxx"]']
    prev = "a"
    for name in "bcdef":
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
        prev = name
    lines.append(f"title: *{prev}")
    result = _read_one("bomb.md", ("---\n" + "\n".join(lines) + "\n---\nBody text.\n").encode())
    assert result.documents == []
    assert [(p.code, p.problem.line) for p in result.problems] == [("V004", 1)]
    assert "front matter field 'title' must be text" in p_msg(result)


def test_json_with_lone_surrogate_in_a_document_is_a_line_problem():
    result = _read_one("docs.jsonl", b'{"id": "a", "text": "bad \\ud800 half"}\n')
    assert result.documents == []
    assert [(p.code, p.problem.line) for p in result.problems] == [("V004", 1)]


def test_a_1mb_csv_cell_is_read_or_a_line_error(read_claim_file, tmp_path: Path):
    path = tmp_path / "claims.csv"
    path.write_text("id,text\nc1," + "word " * 200_000 + "\n")
    try:
        claims, _ = read_claim_file(path)
    except VerifierError as exc:
        assert exc.code == "V004" and f"{path}:2" in str(exc)
    else:
        assert len(claims[0].text) == 999_999
