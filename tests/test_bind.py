"""brief/book/bind.py in this process, on small tagged PDFs WeasyPrint makes here: one page
tree, one structure tree, links that lead where they led, attached files named by their
brief, bookmarks and page labels (the whole book: test_book.py)."""
from __future__ import annotations

import io

import pikepdf
import pytest
import weasyprint
from helpers import shared_but_under_mutation

from brief.book import bind

CSS = weasyprint.CSS(string="@page { size: A7 } h1 { break-before: page; "
                     "bookmark-level: 1 }")


def pdf(body: str, language: str = "en", **options: object) -> bytes:
    html = f'<html lang="{language}"><head><title>T</title></head><body>{body}</body></html>'
    return weasyprint.HTML(string=html).write_pdf(stylesheets=[CSS], pdf_variant="pdf/ua-1",
                                                  **options)


def brief_pdf(name: str, language: str = "en", attached: bool = False) -> bytes:
    body = (f'<h1 id="top">{name}</h1><p><a href="#end">To the end</a></p>'
            f'<h1 id="end">{name}, the end</h1><p><a href="https://example.org/">A site</a>'
            "</p>")
    attachments = [weasyprint.Attachment(string="{}", name="data.json")] if attached else []
    return pdf(body, language, attachments=attachments)


@pytest.fixture(scope=shared_but_under_mutation)
def book() -> bytes:
    front = pdf('<h1 id="cover">A Book</h1><h1 id="contents">Contents</h1>'
                '<p><a href="#b1">One</a> <a href="#b2">Two</a></p>'
                '<span id="b1"></span><span id="b2"></span>')  # (bound to the briefs)
    marks = [bind.Mark("Contents", 1), bind.Mark("One", 2, (bind.Mark("One, the end", 3),)),
             bind.Mark("Two", 4)]
    return bind.bind(front, [(brief_pdf("One"), "en"), (brief_pdf("Deux", "fr", True), "fr")],
                     ["one", "two"], marks, {"b1": 2, "b2": 4})


def test_the_book_is_the_front_then_each_brief_with_their_bookmarks(book: bytes) -> None:
    with pikepdf.open(io.BytesIO(book)) as document:
        assert len(document.pages) == 6
        assert [pikepdf.Page(page).label for page in document.pages] == [
            "i", "ii", "3", "4", "5", "6"]
        text = [page.Contents.read_bytes() if "/Contents" in page.obj else b""
                for page in document.pages]
        assert all(text)
        values = list(document.Root.StructTreeRoot.ParentTree.Nums)[1::2]
        assert len(values) > 3 and all(  # (each brief's marked content: its elements)
            isinstance(v, (pikepdf.Array, pikepdf.Dictionary)) for v in values)
    assert bind.bookmarks(book) == [
        bind.Mark("Contents", 1), bind.Mark("One", 2, (bind.Mark("One, the end", 3),)),
        bind.Mark("Two", 4)]


def test_every_link_leads_into_its_own_brief(book: bytes) -> None:
    with pikepdf.open(io.BytesIO(book)) as document:
        page_of = {page.objgen: n for n, page in enumerate(document.pages)}
        names = dict(bind._named(document, "/Dests"))
        assert sorted(names) == ["b1", "b1-end", "b1-top", "b2", "b2-end", "b2-top",
                                 "contents", "cover"]  # (the front's, the briefs' prefixed)
        assert {name: page_of[value[0].objgen] for name, value in names.items()} == {
            "cover": 0, "contents": 1, "b1": 2, "b1-top": 2, "b1-end": 3, "b2": 4,
            "b2-top": 4, "b2-end": 5}
        internal = []
        for number, page in enumerate(document.pages):
            for annotation in page.obj.get("/Annots", []):
                action = annotation.get("/A")
                target = annotation.get("/Dest") or (action.get("/D") if action else None)
                if target is not None:
                    internal.append((number, str(target)))
                else:
                    assert str(action.URI) == "https://example.org/"
        assert internal == [(1, "b1"), (1, "b2"), (2, "b1-end"), (4, "b2-end")]


def test_one_structure_tree_holds_each_brief_as_a_part_in_its_language(book: bytes) -> None:
    with pikepdf.open(io.BytesIO(book)) as document:
        root = document.Root.StructTreeRoot
        top = bind._top_element(root)
        parts = [kid for kid in top.K if kid.get("/S") == pikepdf.Name.Part]
        assert [str(part.Lang) for part in parts] == ["en", "fr"]
        assert all(part.P.objgen == top.objgen for part in parts)
        keys = [int(k) for k in root.ParentTree.Nums[::2]]
        assert keys == sorted(set(keys)) and int(root.ParentTreeNextKey) == keys[-1] + 1
        used = [int(page.obj.StructParents) for page in document.pages]
        used += [int(a.StructParent) for page in document.pages
                 for a in page.obj.get("/Annots", []) if "/StructParent" in a]
        assert sorted(used) == sorted(set(used)) and set(used) <= set(keys)


def test_a_brief_s_attached_file_is_named_by_its_folder(book: bytes) -> None:
    with pikepdf.open(io.BytesIO(book)) as document:
        files = dict(bind._named(document, "/EmbeddedFiles"))
        assert list(files) == ["two-data.json"]
        spec = files["two-data.json"]
        assert (str(spec.F), str(spec.UF)) == ("two-data.json", "two-data.json")
        assert [str(f.F) for f in document.Root.AF] == ["two-data.json"]
        assert document.attachments["two-data.json"].get_file().read_bytes() == b"{}"


def test_a_book_without_attachments_or_links_binds_too() -> None:
    plain = pdf("<p>No link, no anchor.</p>")
    bound = bind.bind(plain, [(plain, "de")], ["one"], [], {})
    with pikepdf.open(io.BytesIO(bound)) as document:
        assert len(document.pages) == 2 and "/EmbeddedFiles" not in document.Root.Names
        assert "/AF" not in document.Root
        assert bind._named(document, "/Dests") == []
        assert [pikepdf.Page(page).label for page in document.pages] == ["i", "ii"]
    assert bind.bookmarks(bound) == []
    assert bind.bind(plain, [(plain, "de")], ["one"], [], {}) == bound  # deterministic


def test_a_name_tree_s_kids_are_read_too() -> None:
    with pikepdf.new() as document:
        leaf = pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("b"), 2]))
        tree = pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("a"), 1]),
                                  Kids=pikepdf.Array([document.make_indirect(leaf)]))
        assert [(k, int(v)) for k, v in bind._names(tree)] == [("a", 1), ("b", 2)]


def test_a_top_element_with_one_kid_is_given_an_array_of_it() -> None:
    """(WeasyPrint writes the Document's kids as an array; one kid alone may be written
    bare, and the book appends each brief's part to the array.)"""
    document = pikepdf.new()
    kid = document.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.P))
    for root in (pikepdf.Dictionary(K=pikepdf.Dictionary(S=pikepdf.Name.Document, K=kid)),
                 pikepdf.Dictionary(K=pikepdf.Array([pikepdf.Dictionary(
                     S=pikepdf.Name.Document, K=kid)]))):
        top = bind._top_element(root)
        assert top.S == pikepdf.Name.Document and isinstance(top.K, pikepdf.Array)
        assert len(top.K) == 1 and top.K[0].objgen == kid.objgen


def test_a_front_without_marked_content_numbers_the_first_brief_s_keys_from_0() -> None:
    """(A blank front page marks nothing: its structure's parent tree has no key.)"""
    with pikepdf.open(io.BytesIO(pdf("<p>x</p>"))) as front:
        front.Root.StructTreeRoot.ParentTree.Nums = pikepdf.Array()
        for page in front.pages:
            del page.obj["/StructParents"]
        out = io.BytesIO()
        front.save(out)
    bound = bind.bind(out.getvalue(), [(pdf("<p>y</p>"), "de")], ["one"], [], {})
    with pikepdf.open(io.BytesIO(bound)) as document:
        keys = [int(k) for k in document.Root.StructTreeRoot.ParentTree.Nums[::2]]
        assert int(document.pages[1].obj.StructParents) == min(keys) == 0
        assert int(document.Root.StructTreeRoot.ParentTreeNextKey) == max(keys) + 1


def test_an_attached_file_is_one_object_in_the_book_named_there() -> None:
    """Its file specification is the book's names' and the associated files' at once: the
    copy of an indirect one itself, a direct one made indirect; named anew."""
    book, other = pikepdf.new(), pikepdf.new()
    spec = other.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Filespec,
                                                  F=pikepdf.String("data.json")))
    copied = bind._attached(book, spec, "one-data.json")
    assert copied.objgen == book.copy_foreign(spec).objgen
    direct = bind._attached(book, pikepdf.Dictionary(Type=pikepdf.Name.Filespec), "two-x.csv")
    assert direct.is_indirect and direct.Type == pikepdf.Name.Filespec
    assert [(str(s.F), str(s.UF)) for s in (copied, direct)] == [
        ("one-data.json", "one-data.json"), ("two-x.csv", "two-x.csv")]


def test_a_link_by_a_go_to_action_and_a_dictionary_holding_an_object_are_carried_over(
        ) -> None:
    """A link written as a GoTo action to a named destination is given the brief's prefix
    as a link with its destination is; a dictionary of the brief that holds one of its
    objects is copied with a copy of that object."""
    brief = pikepdf.new()
    brief.add_blank_page()
    action = pikepdf.Dictionary(S=pikepdf.Name.GoTo, D=pikepdf.String("end"))
    to_site = pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://e.org/"))
    brief.pages[0].obj.Annots = brief.make_indirect(pikepdf.Array([
        pikepdf.Dictionary(Subtype=pikepdf.Name.Link, A=action),
        pikepdf.Dictionary(Subtype=pikepdf.Name.Link, A=to_site)]))
    bind._renumber(brief, 0, "b2-")
    first, second = brief.pages[0].obj.Annots
    assert (str(first.A.D), str(second.A.URI)) == ("b2-end", "https://e.org/")
    book = pikepdf.new()
    held = brief.make_indirect(pikepdf.Dictionary(Title=pikepdf.String("t")))
    copied = bind._copied(book, pikepdf.Dictionary(Held=held))
    assert copied.Held.is_indirect and copied.Held.is_owned_by(book)
    assert str(copied.Held.Title) == "t"


def test_the_book_is_saved_with_an_id_made_of_its_content(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """(Two bindings within a second have the same id either way: the options are read.)"""
    saved: list[dict] = []
    real = pikepdf.Pdf.save
    monkeypatch.setattr(pikepdf.Pdf, "save", lambda self, out, **options: saved.append(
        options) or real(self, out, **options))
    plain = pdf("<p>Front.</p>")
    bind.bind(plain, [(plain, "en")], ["one"], [], {})
    assert saved[-1].get("deterministic_id") is True


def test_a_bookmark_without_a_page_of_the_document_is_read_at_the_first_page() -> None:
    """(A bookmark may lead nowhere, by an action or an empty destination, or to a page
    that is not in the page tree: it is read at page 0, its children as they lead.)"""
    document = pikepdf.new()
    document.add_blank_page()
    document.add_blank_page()
    pages = {page.objgen: n for n, page in enumerate(document.pages)}
    stray = document.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Page))
    second = pikepdf.OutlineItem("second", pikepdf.Array([document.pages[1].obj,
                                                          pikepdf.Name.Fit]))
    nowhere = pikepdf.OutlineItem("nowhere")
    nowhere.children.append(second)
    items = [nowhere, pikepdf.OutlineItem("empty", pikepdf.Array()),
             pikepdf.OutlineItem("stray", pikepdf.Array([stray, pikepdf.Name.Fit]))]
    assert [bind._mark(item, pages) for item in items] == [
        bind.Mark("nowhere", 0, (bind.Mark("second", 1),)), bind.Mark("empty", 0),
        bind.Mark("stray", 0)]
