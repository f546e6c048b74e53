"""Articles from saved web pages, Word documents and PDFs; editing document metadata."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from tests.article_files import (
    AD,
    COMMENT,
    FOOTER,
    FOOTNOTE,
    NAV,
    PARAGRAPHS,
    RELATED,
    compound_file,
    news_page,
    pdf_bytes,
    write_docx,
    write_encrypted_pdf,
    write_news_page,
    write_pdf,
)

from annotator.cli import main
from annotator.commands.progress import ProgressBar, render_bar
from annotator.domain.errors import ImportProblem, InvalidInput, NotFound
from annotator.domain.text import text_sha256
from annotator.io.readers import discover_files, read_document_file
from annotator.operations import export_annotations, read_files
from annotator.services.annotations import add_annotation
from annotator.services.documents import (
    get_document,
    get_document_text,
    list_documents,
    revert_document_edit,
    update_document_metadata,
)
from annotator.services.project import open_project


def refusal(path: Path) -> str:
    with pytest.raises(ImportProblem) as caught:
        read_document_file(path)
    assert caught.value.path == str(path)
    assert str(caught.value).startswith(f"{path}: ")
    return caught.value.reason


# ----- HTML --------------------------------------------------------------------------------


def test_news_page_keeps_the_article_and_drops_navigation_ads_comments(tmp_path):
    article = read_document_file(write_news_page(tmp_path / "reforme.html"))
    assert article.text == (
        "Le ministre défend la réforme\n\n"
        f"{PARAGRAPHS[0]}\n\n{PARAGRAPHS[1]}\n\nUn calendrier serré\n\n{PARAGRAPHS[2]}\n"
    )
    for boilerplate in (NAV.split()[0], AD, COMMENT, RELATED, FOOTER, "Commentaires"):
        assert boilerplate not in article.text
    assert article.sha256 == text_sha256(article.text)
    assert (article.title, article.date, article.author, article.outlet, article.url,
            article.language, article.source_name) == (
        "Le ministre défend la réforme", "2023-04-12", "Camille Martin", "Le Quotidien",
        "https://quotidien.example/politique/reforme-2023", "fr", "reforme.html")


def test_cp1252_page_with_a_meta_charset_and_a_mislabelled_utf8_page_read_right(tmp_path):
    legacy = read_document_file(write_news_page(tmp_path / "a.htm", encoding="cp1252"))
    mislabelled = tmp_path / "b.html"
    mislabelled.write_bytes(news_page(charset="iso-8859-1").encode("utf-8"))
    for article in (legacy, read_document_file(mislabelled)):
        assert PARAGRAPHS[0] in article.text
        assert article.title == "Le ministre défend la réforme"


def test_page_without_metadata_gets_its_headline_as_title_and_no_date(tmp_path):
    page = write_news_page(tmp_path / "bare.html", outlet=None, url=None, author=None,
                           published=None, lang=None)
    article = read_document_file(page)
    assert article.title == "Le ministre défend la réforme"
    assert (article.date, article.author, article.outlet, article.url, article.language) == (
        None, "", "", "", "")
    assert "20 avril" in article.text  # a date in the text is not taken as the publication date


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"<html><head><title>Vide</title></head><body><nav>Menu</nav></body></html>",
         "no article text found in the page (is it a saved news article?)"),
        (b"just words " * 40, "not an HTML page (nothing could be parsed)"),
        (b"", "file is empty"),
        (b"<html>\x00\x01\x02\x03" * 100, "binary file, not text"),
    ],
)
def test_pages_without_an_article_are_refused_naming_the_file(tmp_path, content, reason):
    page = tmp_path / "page.html"
    page.write_bytes(content)
    assert refusal(page) == reason


def test_malformed_markup_is_repaired_not_refused(tmp_path):
    page = tmp_path / "broken.html"
    markup = news_page().replace("</p>", "").replace("</article>", "<div><span>")
    page.write_text(markup, encoding="utf-8")
    article = read_document_file(page)
    assert PARAGRAPHS[1] in article.text and COMMENT not in article.text


# ----- DOCX --------------------------------------------------------------------------------


def test_docx_paragraphs_in_order_headings_on_their_own_lines_footnotes_dropped(tmp_path):
    article = read_document_file(write_docx(tmp_path / "reforme.docx"))
    assert article.text == (
        "Le ministre défend la réforme\n\n"
        f"{PARAGRAPHS[0]}\n\n{PARAGRAPHS[1]}\n\nUn calendrier serré\n\n"
        "Le texte doit être examiné au Sénat avant l’été.\n\nGrève\n\n20 avril\n"
    )
    assert FOOTNOTE not in article.text and "INSEE, note" not in article.text
    assert (article.title, article.date, article.author, article.language) == (
        "Le ministre défend la réforme", "2023-04-12", "Camille Martin", "fr-FR")


def test_docx_text_in_fields_and_inline_content_controls_is_kept_deleted_text_is_not(tmp_path):
    import docx
    from lxml import etree

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    paragraph = document.add_paragraph("Publié le ")
    for xml in (f'<w:fldSimple {w} w:instr=" DATE "><w:r><w:t>12 mai</w:t></w:r></w:fldSimple>',
                f'<w:del {w} w:id="1" w:author="x"><w:r><w:delText> hier</w:delText></w:r></w:del>',
                f'<w:sdt {w}><w:sdtContent><w:r><w:t> par la mairie</w:t></w:r>'
                '</w:sdtContent></w:sdt>'):
        paragraph._p.append(etree.fromstring(xml))
    document.save(tmp_path / "fields.docx")
    assert read_document_file(tmp_path / "fields.docx").text == "Publié le 12 mai par la mairie\n"


def test_footnote_really_is_in_the_test_document(tmp_path):
    import docx

    path = write_docx(tmp_path / "fn.docx")
    document = docx.Document(str(path))
    kinds = [rel.reltype.rsplit("/", 1)[-1] for rel in document.part.rels.values()]
    assert "footnotes" in kinds
    assert b"footnoteReference" in __import__("zipfile").ZipFile(path).read("word/document.xml")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (compound_file(encrypted=True),
         "password-protected Word document: save a copy without a password and import that"),
        (compound_file(encrypted=False),
         "an old Word (.doc) file, not .docx: save it as .docx in Word and import that"),
        (b"PK\x03\x04" + b"\x00" * 200, "damaged Word document (the zip archive cannot be read)"),
        (b"plain text renamed", "not a Word document (.docx files are zip archives; this is not one)"),
    ],
)
def test_protected_old_or_corrupt_word_files_are_refused(tmp_path, content, reason):
    path = tmp_path / "article.docx"
    path.write_bytes(content)
    assert refusal(path) == reason


def test_truncated_docx_and_broken_xml_are_refused_with_the_part_and_line(tmp_path):
    import zipfile

    good = write_docx(tmp_path / "good.docx", footnote=False)
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(good.read_bytes()[:2000])
    assert refusal(truncated) == "damaged Word document (the zip archive cannot be read)"
    with zipfile.ZipFile(good) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"</w:body>", b"</w:bdy>")
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(broken, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    reason = refusal(broken)
    assert reason.startswith("damaged Word document (word/document.xml line ")
    assert "mismatch" in reason


def test_empty_docx_is_refused(tmp_path):
    import docx

    path = tmp_path / "empty.docx"
    docx.Document().save(str(path))
    assert refusal(path) == "the document has no text"


# ----- PDF ---------------------------------------------------------------------------------


def test_pdf_text_with_hyphenated_line_breaks_joined_and_metadata(tmp_path):
    article = read_document_file(write_pdf(tmp_path / "reforme.pdf"))
    assert article.text == (
        "Le ministre défend la réforme\n"
        "Selon le ministre, la réforme sauvera des emplois d’ici 2025. Le porte-\n"
        "Parole cite l’INSEE-\n"
        "2023 et le rapport Dupont.\n\n"
        "Un calendrier serré : le Sénat examinera le texte avant l’été.\n"
    )
    assert (article.title, article.date, article.author, article.language) == (
        "Le ministre défend la réforme", "2023-04-12", "Camille Martin", "fr-FR")


def test_pdf_without_metadata_takes_its_first_line_as_title(tmp_path):
    path = write_pdf(tmp_path / "a.pdf", [["Titre du rapport", "Corps du texte."]],
                     info={"Title": "Microsoft Word - rapport.docx"})
    article = read_document_file(path)
    assert (article.title, article.date, article.author) == ("Titre du rapport", None, "")


def test_scanned_pdf_is_refused(tmp_path):
    path = write_pdf(tmp_path / "scan.pdf", [[], []])
    assert refusal(path) == "no text layer (a scanned PDF?): run it through OCR first"


def test_password_protected_pdf_is_refused_and_an_empty_password_is_tried(tmp_path):
    locked = write_encrypted_pdf(tmp_path / "locked.pdf", "secret")
    assert refusal(locked) == "password-protected PDF: save a copy without a password and import that"
    open_one = write_encrypted_pdf(tmp_path / "restricted.pdf", "")
    assert read_document_file(open_one).text.startswith("Le ministre défend la réforme\n")


@pytest.mark.parametrize(
    ("content", "reason_start"),
    [
        (pdf_bytes([["Un texte."]])[:150], "damaged PDF ("),
        (b"%PDF-1.4\n" + bytes(range(256)) * 4, "damaged PDF ("),
        (b"<html>not a pdf</html>", "not a PDF file (no %PDF header)"),
    ],
)
def test_corrupt_pdf_is_refused(tmp_path, content, reason_start):
    path = tmp_path / "bad.pdf"
    path.write_bytes(content)
    assert refusal(path).startswith(reason_start)


# ----- folders, the command line, progress ---------------------------------------------------


def test_folders_find_the_new_types_and_skip_a_saved_page_assets_folder(tmp_path):
    write_news_page(tmp_path / "page.html")
    assets = tmp_path / "page_files"
    assets.mkdir()
    (assets / "ad-frame.html").write_text("<html><body>pub</body></html>", encoding="utf-8")
    write_docx(tmp_path / "b.DOCX", footnote=False)
    write_pdf(tmp_path / "c.pdf")
    (tmp_path / "d.htm").write_bytes(news_page().encode())
    files, problems = discover_files([tmp_path])
    assert problems == []
    assert [f.name for f in files] == ["b.DOCX", "c.pdf", "d.htm", "page.html"]


def test_cli_imports_html_docx_pdf_with_metadata_and_lists_bad_files(tmp_path, capsys):
    folder = tmp_path / "articles"
    folder.mkdir()
    write_news_page(folder / "page.html")
    write_docx(folder / "word.docx")
    write_pdf(folder / "report.pdf")
    (folder / "protected.docx").write_bytes(compound_file(encrypted=True))
    write_pdf(folder / "scan.pdf", [[]])
    (folder / "notes.txt").write_text("Une note.\n", encoding="utf-8")
    project_path = tmp_path / "p.annotator"
    code = main(["import", "--project", str(project_path), str(folder)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "4 imported, 0 already in project, 2 not imported" in out
    assert f"skipped {folder / 'protected.docx'}: password-protected Word document" in err
    assert f"skipped {folder / 'scan.pdf'}: no text layer" in err
    assert "\r" not in err  # stderr is not a terminal here: no progress bar
    project = open_project(project_path)
    try:
        docs = {doc.source_name: doc for doc in list_documents(project)}
        assert sorted(docs) == ["notes.txt", "page.html", "report.pdf", "word.docx"]
        page = docs["page.html"]
        assert (page.outlet, page.url, page.date) == (
            "Le Quotidien", "https://quotidien.example/politique/reforme-2023", "2023-04-12")
        assert docs["report.pdf"].author == "Camille Martin"
        assert get_document_text(project, page.id).startswith("Le ministre défend la réforme\n\n")
    finally:
        project.close()
    code = main(["import", "--project", str(project_path), str(folder / "page.html")])
    assert code == 0
    assert "0 imported, 1 already in project, 0 not imported" in capsys.readouterr().out


def test_read_files_reports_progress_per_file(tmp_path):
    for number in range(3):
        write_news_page(tmp_path / f"{number}.html", title=f"Article numéro {number}")
    calls: list[tuple[int, int]] = []
    texts, problems = read_files([tmp_path], progress=lambda done, total: calls.append((done, total)))
    assert (len(texts), problems) == (3, [])
    assert calls == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_progress_bar_waits_a_moment_then_shows_counts_and_clears_its_line():
    now = [0.0]
    stream = io.StringIO()
    bar = ProgressBar(stream, clock=lambda: now[0])
    bar.update(0, 1000)
    now[0] = 0.5
    bar.update(10, 1000)
    assert stream.getvalue() == "" and not bar.shown
    now[0] = 1.5
    bar.update(420, 1000)
    assert stream.getvalue() == "\r" + render_bar(420, 1000, 1.5)
    assert " 420/1000 files" in stream.getvalue()
    now[0] = 1.52
    bar.update(421, 1000)  # too soon to redraw
    bar.update(1000, 1000)  # the end is always drawn
    assert stream.getvalue().endswith("1000/1000 files  2 s")
    bar.close()
    assert stream.getvalue().endswith("\r")
    assert not bar.shown


def test_readers_load_no_extraction_library_until_such_a_file_is_read():
    code = (
        "import sys\nimport annotator.io.readers, annotator.operations, annotator.commands.basic\n"
        "print(sorted(m for m in ('trafilatura', 'docx', 'pypdf', 'lxml') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# ----- editing metadata --------------------------------------------------------------------


@pytest.fixture
def project_with_page(tmp_path):
    project = open_project(tmp_path / "m.annotator")
    texts, problems = read_files([write_news_page(tmp_path / "page.html")])
    assert problems == []
    from annotator.services.documents import import_texts

    (outcome,) = import_texts(project, texts)
    yield project, outcome.document
    project.close()


def test_metadata_edit_changes_only_the_given_fields_and_reverts(project_with_page):
    project, doc = project_with_page
    text = get_document_text(project, doc.id)
    edit = update_document_metadata(project, doc.id, title="  Réforme : le ministre insiste ",
                                    date="2023-04-13", outlet="", language="fr-FR")
    assert edit.before == doc
    after = get_document(project, doc.id)
    assert after == edit.after
    assert (after.title, after.date, after.outlet, after.language, after.author, after.url) == (
        "Réforme : le ministre insiste", "2023-04-13", "", "fr-FR", doc.author, doc.url)
    assert get_document_text(project, doc.id) == text and after.sha256 == doc.sha256
    assert revert_document_edit(project, edit) == doc
    assert get_document(project, doc.id) == doc
    cleared = update_document_metadata(project, doc.id, date="")
    assert cleared.after.date is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "   "}, "a document needs a title"),
        ({"date": "12/04/2023"}, "date '12/04/2023' must be written YYYY-MM-DD (or left empty)"),
        ({"date": "2023-02-30"}, "date '2023-02-30' does not exist"),
        ({"author": "Camille\nMartin"}, "the author must be one line"),
    ],
)
def test_bad_metadata_is_refused_and_nothing_changes(project_with_page, changes, message):
    project, doc = project_with_page
    with pytest.raises(InvalidInput) as caught:
        update_document_metadata(project, doc.id, outlet="Autre", **changes)
    assert str(caught.value) == message
    assert get_document(project, doc.id) == doc


def test_metadata_of_an_unknown_document_is_refused(project_with_page):
    project, _doc = project_with_page
    with pytest.raises(NotFound):
        update_document_metadata(project, 999, title="X")


def test_export_carries_the_edited_outlet_and_url(project_with_page, tmp_path):
    project, doc = project_with_page
    add_annotation(project, doc.id, "source", "ana", 0, 11)
    update_document_metadata(project, doc.id, outlet="La Gazette", url="https://gazette.example/a")
    out = tmp_path / "out.csv"
    export_annotations(project, str(out))
    (row,) = csv.DictReader(out.open(encoding="utf-8", newline=""))
    assert (row["document_outlet"], row["document_url"], row["text"]) == (
        "La Gazette", "https://gazette.example/a", "Le ministre")


def test_a_web_page_over_the_cap_is_refused_by_its_size_and_the_others_imported(tmp_path, capsys):
    from tests.helpers import files_state

    from annotator.io.readers import MAX_HTML_BYTES

    folder = tmp_path / "articles"
    folder.mkdir()
    write_news_page(folder / "page.html")
    huge = write_news_page(folder / "huge.html", title="Un très long dossier")
    with huge.open("r+b") as handle:  # 18 MB without writing them: a sparse file
        handle.truncate(18 * 1024 * 1024)
    assert MAX_HTML_BYTES == 5 * 1024 * 1024
    before = files_state(folder)
    code = main(["import", "--project", str(tmp_path / "p.annotator"), str(folder)])
    out, err = capsys.readouterr()
    assert code == 1 and "1 imported, 0 already in project, 1 not imported" in out
    assert (f"skipped {huge}: file is too large (18 MB; the limit is 5 MB for a saved web page)"
            in err)
    assert files_state(folder) == before


def test_a_docx_whose_text_passes_the_limit_is_refused_before_it_is_built(tmp_path):
    from annotator.io.docx_reader import read_docx_file

    path = write_docx(tmp_path / "long.docx", footnote=False)
    assert "Le ministre" in read_docx_file(path).text
    with pytest.raises(ImportProblem) as caught:
        read_docx_file(path, max_text=200)
    assert caught.value.reason.startswith("the text is larger than")
    assert "(the limit for one document)" in caught.value.reason
