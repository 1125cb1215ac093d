"""The error catalogue: every error a user can meet has a stable code, says what happened,
what was valid, and what to do. The CLI prints ``Error: [Vxxx] message`` on one line and
exits with ``exit_code`` (1 runtime, 2 usage) - never a traceback unless ``--traceback``.

Codes (keep this table in sync with docs/errors.md):

V001 input file missing or unreadable       V010 index folder is not an index
V002 input not UTF-8                        V011 index built with another model/dimension
V003 unknown input format / extension       V012 index files corrupt or truncated
V004 malformed line in a claim/doc file     V013 index locked by another writer
V005 empty input                            V014 model file missing or corrupt
V006 duplicate id                           V015 run file / review store problem
V007 bad value (label, date, option)        V016 ray engine unavailable or failed
V008 input is an article, not a claim file (or the reverse)
V009 unsafe path or id                      V017 document has no text layer (a scan: OCR it first)
                                            V018 document file corrupt or encrypted (PDF, Word)
"""

from __future__ import annotations

from dataclasses import dataclass


class VerifierError(Exception):
    """Base of all errors the CLI turns into one ``Error:`` line."""

    code = "V000"
    exit_code = 1

    def __init__(self, message: str, *, hint: str = "", code: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        if code:
            self.code = code

    def __str__(self) -> str:
        text = f"[{self.code}] {self.message}"
        if self.hint:
            text += f" {self.hint}"
        return text


class InputError(VerifierError):
    """Bad user input: a file, a line, a value. Exit code 2 (usage)."""

    code = "V004"
    exit_code = 2


class FormatError(InputError):
    """A document file that gives no text: V017 a PDF without a text layer, V018 a corrupt or
    encrypted PDF or Word file, V005 a web page with no main text. Its message names no path
    (the reader does not know how the user named the file); ingest reports it as
    ``path: message``."""

    code = "V018"


@dataclass
class LineProblem:
    path: str
    line: int  # 1-based; 0 when the problem is the whole file
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class BatchInputError(InputError):
    """Several bad lines/files found at once; all are listed, none is silently dropped."""

    def __init__(self, problems: list[LineProblem], *, code: str = "V004"):
        self.problems = list(problems)
        first = str(self.problems[0]) if self.problems else "input"
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        super().__init__(
            f"{first}{more}",
            hint="Fix the lines listed, or pass --skip-bad to use the good ones.",
            code=code,
        )


class IndexError_(VerifierError):
    """Problems opening or writing an index (named with _ to not shadow the builtin)."""

    code = "V010"


class IndexMismatchError(IndexError_):
    code = "V011"


class IndexCorruptError(IndexError_):
    code = "V012"


class IndexLockedError(IndexError_):
    code = "V013"


class ModelError(VerifierError):
    code = "V014"


class RunFileError(VerifierError):
    code = "V015"


class EngineError(VerifierError):
    code = "V016"
