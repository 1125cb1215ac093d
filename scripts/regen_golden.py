"""Regenerate the golden report files of the worked-example fixture run.

    .venv/bin/python scripts/regen_golden.py

Writes tests/golden/report.md and tests/golden/report.json from tests/report_fixture.py (with
its editor reviews). Review the diff (`git diff tests/golden`) before committing: these files
are what editors see, and tests/test_report_render.py compares them exactly.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from report_fixture import run, trails  # noqa: E402

from verifier.report import render  # noqa: E402

GOLDEN = ROOT / "tests" / "golden"
FILES = {"report.md": "md", "report.json": "json"}


def main() -> None:
    GOLDEN.mkdir(exist_ok=True)
    fixture, reviews = run(), trails()
    for name, fmt in FILES.items():
        path = GOLDEN / name
        path.write_text(render(fixture, fmt, reviews), encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
