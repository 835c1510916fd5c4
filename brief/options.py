"""What a command asks of one build, as a frozen record (``Options``: the command line makes
it, the stages read it and never change it; an edition named in ``--editions`` is the same
record with that edition's choices), and what the build did (``Result``)."""
from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path

EDITION_WORDS: dict[str, dict[str, object]] = {
    "screen": {}, "a4": {"paper": "a4"}, "letter": {"paper": "letter"},
    "print": {"print_": True}, "draft": {"draft": True}, "archival": {"archival": True},
    "docx": {"docx": True}, "web": {"web": True}, "grayscale": {"grayscale": True}}

# The options that shape what a build writes or prints (a skipped build must have had them).
SHAPING = ("paper", "print_", "draft", "archival", "pdf_variant", "check", "strict",
           "editions", "prefix", "booklet", "grayscale", "in_book")


@dataclass(frozen=True)
class Options:
    root: Path = Path(".")
    prefix: str = ""  # how messages name the brief's folder ("" for the one next to us)
    paper: str | None = None  # None: the brief's house paper, else a4
    print_: bool = False
    draft: bool = False
    archival: bool = False
    docx: bool = False  # the Word edition for reviewers (in --editions only)
    web: bool = False  # the web edition, output/web/ (in --editions only)
    pdf_variant: str | None = None
    booklet: bool = False  # each PDF edition also imposed as a booklet (NAME-booklet.pdf)
    grayscale: bool = False  # the grayscale proof (NAME-grayscale.pdf)
    in_book: str | None = None  # 'FIRST,TOTAL[,title-page]': this brief's pages in a book
    check: bool = False
    strict: bool = False
    queries: bool = False
    time_limit: int = 600
    editions: str | None = None
    watch: bool = False
    force: bool = False
    timings: bool = False
    debug: bool = False

    @classmethod
    def of(cls, given: object) -> Options:
        """The record of any object with these attributes (the parsed command line)."""
        return cls(**{f.name: getattr(given, f.name) for f in fields(cls)
                      if hasattr(given, f.name)})

    @property
    def variant(self) -> str:
        """The PDF variant asked for (``cli.check_variant`` tells whether it is one)."""
        return self.pdf_variant or ("pdf/a-3a" if self.archival else "pdf/ua-1")

    @property
    def book(self) -> tuple[int, int, bool] | None:
        """In a briefing book (``brief/book/``): the folio of the brief's first page, the
        book's pages, and whether the cover is reduced to a title page."""
        if not self.in_book:
            return None
        first, total, *cover = self.in_book.split(",")
        return int(first), int(total), cover == ["title-page"]

    def shaping(self) -> list[str]:
        return [f"{name}={getattr(self, name)!r}" for name in SHAPING]

    def edition(self, name: str) -> Options | None:
        """These options for one edition named in --editions ('print', 'letter-print',
        ...), or None if the name is not one."""
        words = name.split("-")
        if not name or any(w not in EDITION_WORDS for w in words):
            return None
        return replace(self, **{k: v for w in words for k, v in EDITION_WORDS[w].items()})

    def chosen(self) -> list[Options | None]:
        """The options of each edition asked for (None for a name that is not one)."""
        return [self.edition(n) for n in self.editions.split(",")] if self.editions \
            else [self]


@dataclass(frozen=True)
class Result:
    """What a build did: its exit status, the files it wrote, what it read (for the no-op
    skip and the watch: ``inputs.Reader.record``)."""

    status: int
    written: tuple[Path, ...] = ()
    read: dict[str, str | None] = field(default_factory=dict)
