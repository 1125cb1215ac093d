"""`verifier index build|add|remove|refresh|info`, `verifier search`, `verifier models export`.

Thin wrappers over ``verifier.index``: parse options, call one library function, render.
Summaries and progress go to stderr; ``index info`` and ``search`` print data on stdout.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import sys
from pathlib import Path

import click

from verifier.cli import Context, cli, echo_json, safe_text


def index_options(func):
    """``--index DIR`` / ``--name NAME``: where the index lives (one decorator for every command)."""

    @click.option("--index", "index_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                  help="Index folder [default: index/built/default, or index/built/NAME with --name].")
    @click.option("--name", default=None, help="Index name: the folder index/built/NAME, recorded in the manifest.")
    @functools.wraps(func)
    def wrapper(*args, index_dir: Path | None, name: str | None, **kwargs):
        from verifier.config import DEFAULT_INDEX_DIR
        from verifier.text import safe_id

        name = safe_id(name) if name else None
        if index_dir is None:
            index_dir = DEFAULT_INDEX_DIR.parent / name if name else DEFAULT_INDEX_DIR
        return func(*args, index_dir=index_dir, name=name, **kwargs)

    return wrapper


class _ProgressBar:
    """A progress callback drawing a bar on stderr, created on the first update; does nothing
    when stderr is not a terminal or with --quiet."""

    def __init__(self, label: str, enabled: bool):
        self.label = label
        self.enabled = enabled
        self.bar = None
        self.done = 0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.done)
        self.done = done

    def __enter__(self) -> _ProgressBar:
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def _bar(obj: Context, label: str) -> _ProgressBar:
    return _ProgressBar(label, enabled=not obj.quiet and sys.stderr.isatty())


def _note(obj: Context, message: str) -> None:
    if not obj.quiet:
        click.echo(message, err=True)


UNDATED_SHOWN = 10  # document ids named in the warning; the rest are counted


def _summarise(obj: Context, report, verb: str) -> None:
    for problem in report.skipped:
        click.echo(f"Skipped {safe_text(str(problem))}", err=True)
    counts = report.manifest["counts"]
    _note(obj, f"{verb} {report.path}: {len(report.added)} added, {len(report.replaced)} replaced, "
               f"{len(report.unchanged)} unchanged, {len(report.removed)} removed; "
               f"{counts['documents']} documents, {counts['passages']} passages "
               f"({report.embedded} embedded).")
    undated = getattr(report, "undated", [])
    if undated:
        names = ", ".join(undated[:UNDATED_SHOWN]) + (f" and {len(undated) - UNDATED_SHOWN} more"
                                                      if len(undated) > UNDATED_SHOWN else "")
        _note(obj, safe_text(
            f"Warning: no publication date known for {len(undated)} document{'s' * (len(undated) > 1)} "
            f"({names}); the date, order and recency checks cannot place {'them' if len(undated) > 1 else 'it'}. "
            "Give a date in the file (front matter published:, document properties) or in a sources.csv "
            "beside it (columns path,title,source,published,url)."))


@cli.group("index")
def index_group() -> None:
    """Build and maintain the reference index (documents, passages, vectors)."""


@index_group.command("build")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@index_options
@click.option("--skip-bad", is_flag=True, help="Index the good files and list the bad ones instead of failing.")
@click.option("--factory", default=None, help='FAISS index factory string [default: config index.faiss_factory, "Flat"].')
@click.option("--shards", type=click.IntRange(min=1), default=1, show_default=True,
              help="Split the index into N shards, searched in parallel (the same hits as one index).")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="Embed the passages here, or on a Ray cluster (pip install 'claim-verifier[ray]').")
@click.option("--address", help="Ray cluster address (with --engine ray); default: start a local one.")
@click.pass_obj
def build_cmd(obj: Context, sources: tuple[Path, ...], index_dir: Path, name: str | None, skip_bad: bool,
              factory: str | None, shards: int, engine: str, address: str | None) -> None:
    """Build an index from SOURCES (folders or .md, .txt, .jsonl, .pdf, .docx, .html files).

    \b
    PDFs are read page by page (running headers, footers and page numbers dropped; evidence
    quotes name their page); web pages saved from a browser give their main text, title, site
    and date; a sources.csv beside the files (path,title,source,published,url) sets metadata.
    The previous index in DIR stays usable until the new one is complete.
    Example:  verifier index build index/corpora/ukraine-2022-04-26
    Large corpora:  verifier index build wire/ --shards 8 --engine ray --address HEAD:6379
    (docs/scale-out.md).
    """
    import contextlib

    from verifier.index.build import build_index
    from verifier.index.embed import load_embedder
    from verifier.index.shards import build_sharded_index

    config = obj.config()
    embedder = load_embedder()
    cluster = contextlib.nullcontext()
    if engine == "ray":
        from verifier.engines import RayEmbedder, ray_cluster

        cluster = ray_cluster(address)  # one cluster session for every shard's embedding
        embedder = RayEmbedder(embedder, load_embedder, address=address)
    with cluster, _bar(obj, "Indexing") as bar:
        if shards > 1:
            report = build_sharded_index(list(sources), index_dir, embedder, config, shards=shards, name=name,
                                         skip_bad=skip_bad, factory=factory)
        else:
            report = build_index(list(sources), index_dir, embedder, config, name=name, skip_bad=skip_bad,
                                 factory=factory, progress=bar)
    _summarise(obj, report, "Built")


@index_group.command("add")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@index_options
@click.option("--skip-bad", is_flag=True, help="Add the good files and list the bad ones instead of failing.")
@click.pass_obj
def add_cmd(obj: Context, sources: tuple[Path, ...], index_dir: Path, name: str | None, skip_bad: bool) -> None:
    """Add or update documents; unchanged documents are not re-embedded.

    Example:  verifier index add new-reports/
    """
    from verifier.index.build import add_to_index
    from verifier.index.embed import load_embedder

    config = obj.config()
    embedder = load_embedder()
    with _bar(obj, "Indexing") as bar:
        report = add_to_index(list(sources), index_dir, embedder, config, skip_bad=skip_bad, progress=bar)
    _summarise(obj, report, "Updated")


@index_group.command("remove")
@click.argument("doc_ids", nargs=-1, required=True)
@index_options
@click.pass_obj
def remove_cmd(obj: Context, doc_ids: tuple[str, ...], index_dir: Path, name: str | None) -> None:
    """Remove documents by id (with their passages and vectors).

    Example:  verifier index remove war-timeline-2022-04
    """
    from verifier.index.build import remove_from_index

    report = remove_from_index(index_dir, list(doc_ids), obj.config())
    _summarise(obj, report, "Updated")


@index_group.command("refresh")
@index_options
@click.pass_obj
def refresh_cmd(obj: Context, index_dir: Path, name: str | None) -> None:
    """Parse the indexed sentences' facts again (nothing is re-embedded).

    \b
    An index stores every sentence's parsed facts (numbers, dates, names, quotes), made by one
    version of the fact extractor; after an upgrade changes it, checking parses them per claim
    (correct, but slower) and warns. This brings them up to date.
    Example:  verifier index refresh --index index/built/scifact
    """
    from verifier.index.build import refresh_index
    from verifier.index.shards import is_sharded, read_sharded_manifest

    config = obj.config()
    parts = ([index_dir / shard for shard in read_sharded_manifest(index_dir)["shards"]]
             if is_sharded(index_dir) else [index_dir])
    for part in parts:
        with _bar(obj, "Parsing sentences") as bar:
            report = refresh_index(part, config, progress=bar)
        _summarise(obj, report, "Refreshed")


@index_group.command("info")
@index_options
@click.pass_obj
def info_cmd(obj: Context, index_dir: Path, name: str | None) -> None:
    """Print the index manifest (model, weights sha256, counts, corpus hash, versions) as JSON."""
    from verifier.index.shards import is_sharded, read_sharded_manifest
    from verifier.index.store import read_manifest

    echo_json(read_sharded_manifest(index_dir) if is_sharded(index_dir) else read_manifest(index_dir))


@cli.command("search")
@click.argument("query")
@index_options
@click.option("-k", "k", type=click.IntRange(min=1), default=None, help="Number of hits [default: config search.k].")
@click.option("--json", "as_json", is_flag=True, help="Print hits as a JSON list.")
@click.pass_obj
def search_cmd(obj: Context, query: str, index_dir: Path, name: str | None, k: int | None, as_json: bool) -> None:
    """Hybrid (dense + BM25) search of the index.

    Example:  verifier search "How many civilians have been killed?" -k 3
    """
    from verifier.index.embed import load_embedder
    from verifier.index.shards import open_index

    config = obj.config()
    with open_index(index_dir, load_embedder(), config.search) as index:
        hits = index.search(query, k)
    if as_json:
        echo_json([hit.model_dump(mode="json") for hit in hits])
        return
    if not hits:
        _note(obj, "No hits.")
    for hit in hits:
        p = hit.passage
        meta = ", ".join(x for x in (hit.doc_source, hit.doc_published) if x)
        bm25 = f"{hit.bm25_score:.2f}" if hit.bm25_score is not None else "-"
        click.echo(f"{hit.rank}. {p.id}  {safe_text(hit.doc_title)}" + (f" ({safe_text(meta)})" if meta else ""))
        click.echo(f"   score {hit.score:.4f} · dense {hit.dense_score:.3f} · bm25 {bm25} · chars {p.start}-{p.end}")
        text = " ".join(p.text.split())
        click.echo(f"   {safe_text(text[:300])}{'…' if len(text) > 300 else ''}")


@cli.group("models")
def models_group() -> None:
    """Manage the local model files (ONNX exports)."""


@models_group.command("export")
@click.option("--dest", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the exports [default: index/built/models, or $VERIFIER_MODELS_DIR].")
@click.option("--int8", is_flag=True,
              help="Also write the int8 stance model that scoring.stance_int8 = true serves (faster, less accurate).")
@click.pass_obj
def export_cmd(obj: Context, dest: Path | None, int8: bool) -> None:
    """Export the embedding model (and the stance model, when present) to ONNX, once.

    Later runs then load ONNX Runtime instead of torch: faster start and encoding.
    """
    from verifier.index.embed import export_embedder_onnx

    path = export_embedder_onnx(dest, progress=lambda msg: _note(obj, msg.capitalize() + "..."))
    _note(obj, f"Embedder exported to {path}")
    if importlib.util.find_spec("verifier.scoring.stance") is not None:
        stance = importlib.import_module("verifier.scoring.stance")
        if hasattr(stance, "export_stance_onnx"):
            path = stance.export_stance_onnx(dest, int8=int8)
            _note(obj, f"Stance model exported to {path}")
