"""Synthetic article files for the HTML, DOCX and PDF readers' tests (made in tmp_path)."""

from __future__ import annotations

import datetime as dt
import html
import zipfile
from pathlib import Path

PARAGRAPHS = (
    "Selon le ministre, la réforme « sauvera » 12 000 emplois d’ici 2025. Il l’a répété mardi "
    "devant l’Assemblée nationale, face à une opposition très remontée.",
    "L’opposition parle d’un « désastre annoncé » et cite l’INSEE, dont les chiffres publiés en "
    "mars montrent un ralentissement de l’emploi dans l’industrie.",
    "Le texte doit être examiné au Sénat avant l’été. Les syndicats ont annoncé une journée de "
    "grève le 20 avril, la sixième depuis janvier.",
)
NAV = "Accueil Politique Économie Sport"
AD = "Publicité : abonnez-vous pour 1 € seulement !"
COMMENT = "Jean75 : Encore une réforme inutile, quelle honte !"
RELATED = "À lire aussi : dix recettes pour l’été"
FOOTER = "© Le Quotidien 2023 — Mentions légales"


def news_page(
    title: str = "Le ministre défend la réforme",
    paragraphs: tuple[str, ...] = PARAGRAPHS,
    *,
    charset: str = "utf-8",
    outlet: str | None = "Le Quotidien",
    url: str | None = "https://quotidien.example/politique/reforme-2023",
    author: str | None = "Camille Martin",
    published: str | None = "2023-04-12T08:30:00+02:00",
    lang: str | None = "fr",
    heading: str | None = "Un calendrier serré",
) -> str:
    """A saved news page: navigation, an ad, the article, related links, comments, a footer."""
    meta = [f'<meta charset="{charset}">', f"<title>{html.escape(title)} | Le Quotidien</title>",
            f'<meta property="og:title" content="{html.escape(title)}">']
    if outlet:
        meta.append(f'<meta property="og:site_name" content="{html.escape(outlet)}">')
    if url:
        meta.append(f'<link rel="canonical" href="{url}"><meta property="og:url" content="{url}">')
    if author:
        meta.append(f'<meta name="author" content="{html.escape(author)}">')
    if published:
        meta.append(f'<meta property="article:published_time" content="{published}">')
    body = [f"<h1>{html.escape(title)}</h1>"]
    for number, para in enumerate(paragraphs):
        if heading and number == len(paragraphs) - 1:
            body.append(f"<h2>{html.escape(heading)}</h2>")
        body.append(f"<p>{html.escape(para)}</p>")
    lang_attr = f' lang="{lang}"' if lang else ""
    nav_links = "".join(f'<li><a href="/{w.lower()}">{w}</a></li>' for w in NAV.split())
    return (
        f"<!DOCTYPE html>\n<html{lang_attr}>\n<head>\n" + "\n".join(meta) + "\n</head>\n<body>\n"
        f"<header><nav class=\"menu\"><ul>{nav_links}</ul></nav></header>\n"
        f'<div class="ad banner advertisement">{html.escape(AD)}</div>\n'
        "<main><article>\n" + "\n".join(body) + "\n</article></main>\n"
        f'<aside class="related"><a href="/ete">{html.escape(RELATED)}</a></aside>\n'
        f'<section id="comments" class="comments"><h3>Commentaires</h3>'
        f'<div class="comment"><p>{html.escape(COMMENT)}</p></div></section>\n'
        f"<footer>{html.escape(FOOTER)}</footer>\n</body>\n</html>\n"
    )


def write_news_page(path: Path, encoding: str = "utf-8", **options) -> Path:
    """Write `news_page(...)` encoded as `encoding` (declared in its meta charset by default)."""
    options.setdefault("charset", encoding)
    path.write_bytes(news_page(**options).encode(encoding))
    return path


# ----- DOCX --------------------------------------------------------------------------------

FOOTNOTE = "Source : INSEE, note de conjoncture de mars 2023."


def write_docx(path: Path, footnote: bool = True) -> Path:
    """A Word document: a title heading, paragraphs, an empty paragraph, a subheading, a table,
    document properties and (by default) a footnote on the first paragraph."""
    import docx

    document = docx.Document()
    props = document.core_properties
    props.title = "Le ministre défend la réforme"
    props.author = "Camille Martin"
    props.created = dt.datetime(2023, 4, 12, 8, 30)
    props.language = "fr-FR"
    document.add_heading("Le ministre défend la réforme", level=1)
    document.add_paragraph(PARAGRAPHS[0])
    document.add_paragraph("")
    document.add_paragraph(PARAGRAPHS[1])
    document.add_heading("Un calendrier serré", level=2)
    last = document.add_paragraph("Le texte doit être examiné au Sénat")
    last.add_run(" avant l’été.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Grève"
    table.cell(0, 1).text = "20 avril"
    document.save(str(path))
    if footnote:
        _add_footnote(path, PARAGRAPHS[0][-20:], FOOTNOTE)
    return path


_W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _add_footnote(path: Path, after_text: str, note: str) -> None:
    """Add a footnote part and a footnote reference after the run ending with `after_text`."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["word/footnotes.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {_W_NS}>'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
        '</w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {note}</w:t></w:r></w:p></w:footnote></w:footnotes>'
    ).encode()
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace("</Types>", (
        '<Override PartName="/word/footnotes.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')).encode()
    rels = parts["word/_rels/document.xml.rels"].decode()
    parts["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", (
        '<Relationship Id="rIdFootnotes" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>')).encode()
    body = parts["word/document.xml"].decode()
    marker = f"{after_text}</w:t></w:r>"
    assert marker in body
    parts["word/document.xml"] = body.replace(marker, marker + (
        '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
        '<w:footnoteReference w:id="1"/></w:r>'), 1).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def compound_file(encrypted: bool) -> bytes:
    """The start of an OLE compound file: what Word writes for a password-protected document
    (with an EncryptionInfo stream) or an old .doc (without)."""
    head = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    entry = "EncryptionInfo" if encrypted else "WordDocument"
    return head + entry.encode("utf-16-le") + b"\x00" * 1024


# ----- PDF ---------------------------------------------------------------------------------


def pdf_bytes(
    pages: list[list[str]], info: dict[str, str] | None = None, lang: str | None = None
) -> bytes:
    """A small valid PDF: each page's lines set in Helvetica (WinAnsi encoding); a page given no
    lines holds only a grey rectangle (like a scan, no text)."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    pages_id = add(b"")
    page_ids = []
    for lines in pages:
        ops = [b"BT /F1 12 Tf 14 TL 72 720 Td"]
        for line in lines:
            escaped = line.encode("cp1252").replace(b"\\", b"\\\\")
            escaped = escaped.replace(b"(", b"\\(").replace(b")", b"\\)")
            ops.append(b"(" + escaped + b") Tj T*")
        ops.append(b"ET")
        if not lines:
            ops = [b"0.5 g 72 600 200 100 re f"]
        stream = b"\n".join(ops)
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        page_ids.append(add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (pages_id, font, content)
        ))
    kids = b" ".join(b"%d 0 R" % number for number in page_ids)
    objects[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))
    catalog_body = b"<< /Type /Catalog /Pages %d 0 R" % pages_id
    if lang:
        catalog_body += b" /Lang (" + lang.encode("ascii") + b")"
    catalog = add(catalog_body + b" >>")
    info_id = None
    if info:
        entries = b" ".join(
            b"/" + key.encode("ascii") + b" (" + value.encode("latin-1") + b")"
            for key, value in info.items()
        )
        info_id = add(b"<< " + entries + b" >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objects) + 1, catalog)
    if info_id:
        trailer += b" /Info %d 0 R" % info_id
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


ARTICLE_PDF_PAGES = [
    [
        "Le ministre défend la réforme",
        "Selon le ministre, la réforme sauvera des em-",
        "plois d’ici 2025. Le porte-",
        "Parole cite l’INSEE-",
        "2023 et le rapport Dupont.",
    ],
    ["Un calendrier serré : le Sénat exami-", "nera le texte avant l’été."],
]
ARTICLE_PDF_INFO = {
    "Title": "Le ministre défend la réforme",
    "Author": "Camille Martin",
    "CreationDate": "D:20230412083000+02'00'",
}


def write_pdf(path: Path, pages: list[list[str]] | None = None, **options) -> Path:
    """Write `pdf_bytes` (the two-page article by default, with its document information)."""
    if pages is None:
        pages = ARTICLE_PDF_PAGES
        options.setdefault("info", ARTICLE_PDF_INFO)
        options.setdefault("lang", "fr-FR")
    path.write_bytes(pdf_bytes(pages, **options))
    return path


def write_encrypted_pdf(path: Path, user_password: str) -> Path:
    """The article PDF encrypted (RC4, which pypdf reads without extra packages)."""
    from pypdf import PdfWriter

    plain = write_pdf(path.with_name(path.stem + "-plain.tmp"))
    writer = PdfWriter(clone_from=str(plain))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    with path.open("wb") as handle:
        writer.write(handle)
    plain.unlink()
    return path
