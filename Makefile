# The two commands: `make demo` and `make test`. Both create .venv and install everything.
PY      := .venv/bin/python
PIP     := .venv/bin/pip
STAMP   := .venv/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: demo test test-fast setup bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	$(PIP) install -q --upgrade pip==24.3.1
	# torch first, from the CPU build on local disk: otherwise pip pulls a CUDA build.
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -e '.[dev,ray]'
	$(PY) -m verifier --quiet models export
	touch $(STAMP)

setup: $(STAMP)

DEMO_INDEX := index/built/default
DEMO_OUT   := out/ukraine-2022-04-26
V          := .venv/bin/verifier

demo: $(STAMP)
	$(V) index build index/corpora/ukraine-2022-04-26 --index $(DEMO_INDEX)
	$(V) search "How many civilians have been killed in Ukraine?" --index $(DEMO_INDEX) -k 3
	mkdir -p $(DEMO_OUT)
	$(V) check claims/ukraine-2022-04-26.article.txt --index $(DEMO_INDEX) \
		--format html -o $(DEMO_OUT)/report.html --run $(DEMO_OUT)/run.jsonl
	$(V) report $(DEMO_OUT)/run.jsonl --format md -o $(DEMO_OUT)/report.md
	$(V) report $(DEMO_OUT)/run.jsonl --format claimreview -o $(DEMO_OUT)/claimreview.json \
		--base-url "file://$(abspath $(DEMO_OUT)/report.html)" --claim-author UPI \
		--article-url "file://$(abspath claims/ukraine-2022-04-26.article.txt)"
	$(V) eval claims/ukraine-2022-04-26.claims.jsonl --index $(DEMO_INDEX)
	@echo "HTML report of the worked example: $(abspath $(DEMO_OUT)/report.html)"

test: $(STAMP)
	$(PY) -m pytest -q

test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not real_model and not browser and not ray"

clean:
	rm -rf index/built .pytest_cache
