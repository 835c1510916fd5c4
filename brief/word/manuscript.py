"""A Word manuscript as a file: refused with one line when it is not a .docx the importer
can read (a .doc, a .docm, a password, an embedded object, too large), and what Pandoc does
not read from it: the document's properties, citations it cannot read (EndNote's field
data, Citavi's, Word's own), and Mendeley's item keys, which it re-keys (``rekeyed``).

Word may split one field code over several ``w:instrText`` runs; they are read together."""
from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

MAX_BYTES = 100_000_000  # a manuscript's file
MAX_PART = 200_000_000  # a part of it, unpacked (a .docx is a zip)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: a .doc, or a .docx with a password
DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
TEXT_PARTS = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")
UNREAD = ((re.compile(r"EN\.CITE\.DATA"), "an EndNote citation stored as field data"),
          (re.compile(r"^ADDIN CITAVI|CitaviPlaceholder", re.I), "a Citavi citation"),
          (re.compile(r"^CITATION\b"), "a citation of Word's own"))


class Refused(Exception):
    """The manuscript cannot be imported; the message says why and what to do."""


@dataclass
class Manuscript:
    path: Path
    properties: dict[str, str] = field(default_factory=dict)  # title, creator, company, ...
    unread: list[tuple[str, str, str]] = field(default_factory=list)  # what, printed, where
    rekeyed: dict[str, bytes] = field(default_factory=dict)  # part → its XML, re-keyed


def check(path: Path) -> Manuscript:
    """The manuscript, checked; ``Refused`` with the first reason it cannot be read."""
    name = path.name
    if not path.is_file():
        raise Refused(f"{name} is not a file; name a Word document (.docx)")
    if path.stat().st_size > MAX_BYTES:
        raise Refused(f"{name} is {path.stat().st_size // 10**6} MB, more than "
                      f"{MAX_BYTES // 10**6} MB; save the images smaller and import again")
    with path.open("rb") as file:
        head = file.read(8)
    if head == OLE:
        data = path.read_bytes()
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o" in data:
            raise Refused(f"{name} is protected by a password; save a copy without one "
                          "(File > Info > Protect Document) and import that")
        raise Refused(f"{name} is a Word 97-2003 document (.doc); open it in Word and save "
                      "it as a Word Document (.docx)")
    if not zipfile.is_zipfile(path):
        raise Refused(f"{name} is not a Word document (.docx); save it from Word as one")
    with zipfile.ZipFile(path) as archive:
        return _read(archive, Manuscript(path))


def _read(archive: zipfile.ZipFile, found: Manuscript) -> Manuscript:
    name = found.path.name
    sizes = {i.filename: i.file_size for i in archive.infolist()}
    if any(size > MAX_PART for size in sizes.values()):
        raise Refused(f"{name} holds a part larger than {MAX_PART // 10**6} MB unpacked; "
                      "it is not a manuscript the importer reads")
    types = _part(archive, "[Content_Types].xml").decode("utf-8", "replace")
    if "macroEnabled" in types:
        raise Refused(f"{name} is a macro-enabled document (.docm); save it as a Word "
                      "Document (.docx), without its macros")
    if DOCUMENT not in types:
        raise Refused(f"{name} is not a Word document (.docx); save it from Word as one")
    objects = sorted(n for n in sizes if n.startswith("word/embeddings/"))
    if objects:
        raise Refused(f"{name} holds an embedded object ({objects[0].rsplit('/', 1)[1]}); "
                      "replace it with a picture of it (Paste Special > Picture) and import "
                      "again")
    found.properties = _properties(archive)
    for part in (p for p in TEXT_PARTS if p in sizes):
        data = _part(archive, part)
        rekeyed = _fields(data, found)
        if rekeyed is not None:
            found.rekeyed[part] = rekeyed
    return found


def repacked(source: Path, target: Path, parts: dict[str, bytes],
             dated: tuple[int, ...] | None = None) -> None:
    """``source`` (a .docx: a zip) written as ``target`` with ``parts`` in place of its own
    (a part it has not: added after them, stored as it is, dated as its first), each part
    dated ``dated`` if given (else as it was)."""
    with zipfile.ZipFile(source) as old:
        infos = old.infolist()
        data = {i.filename: parts.get(i.filename) or old.read(i) for i in infos}
    infos += [zipfile.ZipInfo(name, infos[0].date_time) for name in parts if name not in data]
    with zipfile.ZipFile(target, "w") as new:  # (each part keeps its own compression)
        for info in infos:
            if dated:
                info.date_time = dated
            new.writestr(info, data[info.filename] if info.filename in data else
                         parts[info.filename])


def _part(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        return archive.read(name)
    except (KeyError, zipfile.BadZipFile, OSError) as failure:
        raise Refused(f"{archive.filename and Path(archive.filename).name}: its part {name} "
                      f"cannot be read ({failure}); save it again from Word") from None


def _properties(archive: zipfile.ZipFile) -> dict[str, str]:
    """The document's properties (File > Info): title, subject, creator, keywords,
    description, the dates, and the company."""
    found = {}
    for part in ("docProps/core.xml", "docProps/app.xml"):
        if part not in archive.namelist():
            continue
        try:
            root = ElementTree.fromstring(_part(archive, part))
        except ElementTree.ParseError:
            continue
        for element in root:
            key = element.tag.rsplit("}", 1)[-1].lower()
            if element.text and element.text.strip():
                found[key] = " ".join(element.text.split())
    return found


def _fields(data: bytes, found: Manuscript) -> bytes | None:
    """Each field code's runs read together: citations Pandoc cannot read are listed (with
    the text Word printed for them); Mendeley's citations re-keyed. The part's XML when
    something was re-keyed, else None."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as failure:
        raise Refused(f"{found.path.name} is damaged ({failure}); save it again from Word"
                      ) from None
    changed = False
    for runs, printed, heading in _field_codes(root):
        code = "".join(r.text or "" for r in runs).strip()
        kind = next((what for pattern, what in UNREAD if pattern.search(code)), None)
        if kind:
            found.unread.append((kind, printed, heading))
        elif code.startswith("ADDIN CSL_CITATION") and "mendeley" in code.lower():
            rekeyed = _mendeley(code)
            if rekeyed != code:
                runs[0].text, changed = f" {rekeyed} ", True
                for run in runs[1:]:
                    run.text = ""
    if not changed:
        return None
    for prefix, uri in _namespaces(data):
        ElementTree.register_namespace(prefix, uri)
    return ElementTree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _field_codes(root: ElementTree.Element) -> list[tuple[list, str, str]]:
    """Each complex field's code runs (``w:instrText``, with those of the fields inside
    its code), the text it printed and the heading it comes under."""
    found: list[tuple[list, str, str]] = []
    depth, runs, printed, seen_separate = 0, [], [], False
    heading = ""
    for element in root.iter():
        if element.tag == W + "p" and depth == 0:
            style = element.find(f"{W}pPr/{W}pStyle")
            if style is not None and re.fullmatch(r"(?i)heading ?1",
                                                  style.get(W + "val", "")):
                heading = " ".join("".join(t.text or "" for t in element.iter(W + "t"))
                                   .split())
        elif element.tag == W + "p" and depth == 1 and seen_separate:
            printed.append(" ")  # (a field printed over paragraphs: a bibliography's)
        if element.tag == W + "fldChar":
            kind = element.get(W + "fldCharType")
            if kind == "begin":
                depth += 1
                if depth == 1:
                    runs, printed, seen_separate = [], [], False
            elif kind == "separate" and depth == 1:
                seen_separate = True
            elif kind == "end":
                if depth == 1 and runs:
                    found.append((runs, " ".join("".join(printed).split()), heading))
                depth = max(depth - 1, 0)
        elif depth and element.tag == W + "instrText" and not seen_separate:
            runs.append(element)  # (a field inside the code: EndNote's data, say)
        elif depth == 1 and element.tag == W + "t" and seen_separate:
            printed.append(element.text or "")
    return found


def _mendeley(code: str) -> str:
    """Mendeley numbers its items ITEM-1, ITEM-2 in each citation, so that different works
    share a key: each takes its Mendeley document id (from ``uris``) instead."""
    start = code.index("{")
    try:
        citation = json.loads(code[start:])
    except ValueError:
        return code
    for item in citation.get("citationItems", []):
        uris = item.get("uris") or []
        uuid = next((m.group(1) for u in uris if (m := re.search(r"uuid=([\w-]+)", u))),
                    None)
        if uuid:
            item["id"] = f"mendeley-{uuid}"
            if isinstance(item.get("itemData"), dict):
                item["itemData"]["id"] = item["id"]
    return code[:start] + json.dumps(citation, ensure_ascii=False)


def _namespaces(data: bytes) -> list[tuple[str, str]]:
    head = data[:4096].decode("utf-8", "replace")
    return re.findall(r'xmlns:(\w+)="([^"]+)"', head)
