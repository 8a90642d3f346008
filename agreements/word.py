"""The printed agreement as a Word document (.docx), for planners who circulate a draft to
the partners and attach it to the committee's papers. It prints what the PDF prints (the
same `document.PrintedVersion`, so the same sections in the municipality's order) as an
editable document: real headings, paragraphs, bullet lists, and tables for the parties,
the money and the signatures. Comments on it come back by hand.

A part's printed object (agreements.parts `printed`) that has `write_docx(writer)` adds
itself to the Economy chapter through the `Writer` below, as its `template` does in the PDF.
"""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.image.exceptions import UnrecognizedImageError
from docx.shared import Mm, Pt

from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from agreements.document import PrintedVersion
from iop.core.templatetags.iop import BULLETS

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class Writer:
    """The few kinds of block the agreement is made of, written into one python-docx
    Document. Parts write through it, so every table and list looks the same."""

    def __init__(self):
        self.document = Document()
        section = self.document.sections[0]
        section.page_height, section.page_width = Mm(297), Mm(210)  # A4, as the PDF
        section.top_margin = section.bottom_margin = Mm(25)
        section.left_margin, section.right_margin = Mm(25), Mm(22)
        self.document.styles["Normal"].font.size = Pt(10.5)

    def heading(self, text, level=1):
        return self.document.add_heading(str(text), level=level)

    def paragraph(self, text="", *, bold=False, style=None):
        paragraph = self.document.add_paragraph(style=style)
        if text:
            paragraph.add_run(str(text)).bold = bold
        return paragraph

    def bullets(self, items):
        for item in items:
            self.document.add_paragraph(str(item), style="List Bullet")

    def prose(self, text):
        """The agreements' simple markup (as the `prose` filter reads it): a blank line
        starts a paragraph, a line starting with "- " is a bullet, other lines break."""
        for block in (text or "").replace("\r\n", "\n").split("\n\n"):
            lines = []
            for line in (line.strip() for line in block.split("\n")):
                if not line:
                    continue
                if line.startswith(BULLETS):
                    self._lines(lines)
                    lines = []
                    self.document.add_paragraph(line[2:].strip(), style="List Bullet")
                else:
                    lines.append(line)
            self._lines(lines)

    def _lines(self, lines):
        if not lines:
            return
        run = self.document.add_paragraph().add_run(lines[0])
        for line in lines[1:]:
            run.add_break()
            run.add_text(line)

    def table(self, header, rows, *, amounts=(), total=None, caption=""):
        """A table with a bold header row; `amounts` are the indexes of right-aligned
        columns; `total` a last row in bold (its first cell spanning up to the last)."""
        if caption:
            self.paragraph(caption, bold=True)
        table = self.document.add_table(rows=0, cols=len(header))
        table.style = "Table Grid"
        self._row(table, header, amounts, bold=True)
        for row in rows:
            self._row(table, row, amounts)
        if total is not None:
            label, value = total
            cells = table.add_row().cells
            first = cells[0].merge(cells[-2]) if len(cells) > 2 else cells[0]
            first.text = ""
            first.paragraphs[0].add_run(str(label)).bold = True
            cells[-1].text = ""
            cells[-1].paragraphs[0].add_run(str(value)).bold = True
            cells[-1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        return table

    def _row(self, table, values, amounts, *, bold=False):
        cells = table.add_row().cells
        for index, value in enumerate(values):
            cells[index].text = ""
            paragraph = cells[index].paragraphs[0]
            paragraph.add_run("" if value is None else str(value)).bold = bold
            if index in amounts:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def page_break(self):
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def bytes(self):
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def _org_number(text, org_number):
    return f"{text} {_('org nr')} {org_number}" if org_number else str(text)


def _cover(writer, printed):
    version, agreement = printed.version, printed.agreement
    if printed.logo:
        try:
            writer.document.add_picture(io.BytesIO(printed.logo[0]), width=Mm(60))
        except UnrecognizedImageError:  # a logo Word cannot read: the name says whose it is
            pass
    writer.paragraph(printed.municipality.name)
    writer.document.add_paragraph(version.title, style="Title")
    if printed.amendment:
        writer.paragraph(printed.amendment)
    writer.paragraph(printed.month_year)
    if agreement.registry_number:
        writer.paragraph(f"{_('Dnr')} {agreement.registry_number}")
    if printed.draft:
        writer.paragraph(f"{_('DRAFT')} – {version.get_status_display()}", bold=True)
    header = writer.document.sections[0].header.paragraphs[0]
    header.text = "   ".join(
        part
        for part in (
            _("DRAFT") if printed.draft else "",
            printed.municipality.name,
            f"{_('Dnr')} {agreement.registry_number}" if agreement.registry_number else "",
        )
        if part
    )
    writer.page_break()


def _parties(writer, printed):
    writer.paragraph(_("This agreement is made between:"))
    rows = []
    for party in printed.parties:
        if party.is_public:
            municipality = party.committee.municipality
            rows.append((_("Public sector"), f"{party.committee}, {municipality}", municipality.org_number))
        else:
            rows.append((_("Idea-based sector"), str(party.organisation), party.organisation.org_number))
    writer.table([_("Sector"), _("Party"), _("org nr")], rows)
    for party in printed.parties:
        if party.description:
            writer.paragraph(party.name, bold=True)
            writer.prose(party.description)


def _content(writer, printed):
    version, heading = printed.version, printed.headings["content"]
    groups = version.responsibility_groups()
    if groups:
        writer.heading(heading)
        for party, group in groups:
            if party is None:
                title = _("Joint responsibility")
            elif party.is_public:
                title = str(party.committee.municipality)
            else:
                title = _("%(name)s's responsibility") % {"name": party.organisation}
            writer.heading(title, level=2)
            writer.bullets(item.text for item in group)
    activities = list(version.activities.all())
    if activities:
        writer.heading(_("Activities"), level=2)
        writer.bullets(
            f"{activity.name}: {activity.description}" if activity.description else activity.name
            for activity in activities
        )


def _texts(*names):
    """A section that is its heading and the version's texts, printed when any is written."""

    def write(writer, printed, key):
        texts = [getattr(printed.version, name) for name in names]
        if any(texts):
            writer.heading(printed.headings[key])
            for text in texts:
                writer.prose(text)

    return write


def _value_base(writer, printed, key):
    version = printed.version
    if version.value_base or version.references:
        writer.heading(printed.headings[key])
        writer.prose(version.value_base)
        writer.bullets(version.references)


def _chapters(writer, printed, key):
    for section in printed.version.sections.all():
        writer.heading(section.heading)
        writer.prose(section.body)


def _referral(writer, printed, key):
    version = printed.version
    if version.referral or version.planned_participants:
        writer.heading(printed.headings[key])
        writer.prose(version.referral)
        if version.planned_participants:
            note = f" ({version.participants_note})" if version.participants_note else ""
            writer.paragraph(f"{_('Planned participants')}: {version.planned_participants}{note}")


def _economy(writer, printed, key):
    if printed.version.economy or printed.parts:
        writer.heading(printed.headings[key])
        writer.prose(printed.version.economy)
        for shown in printed.parts.values():
            write = getattr(shown, "write_docx", None)
            if write is not None:
                write(writer)


def _period(writer, printed, key):
    version = printed.version
    writer.heading(printed.headings[key])
    # The same sentences as the page and the PDF, from the same template.
    period = " ".join(strip_tags(render_to_string("agreements/_period.html", {"version": version})).split())
    if period:
        writer.paragraph(period)
    writer.prose(version.conditions)
    if version.changes_clause:
        writer.heading(_("Changes"))
        writer.prose(version.changes_clause)


def _signatures(writer, printed):
    writer.heading(_("Signatures"))
    parties = printed.parties
    table = writer.document.add_table(rows=(len(parties) + 1) // 2, cols=2)
    for index, party in enumerate(parties):
        cell = table.cell(index // 2, index % 2)
        signature = getattr(party, "signature", None)
        if signature:
            place = f"{signature.place} {signature.date.isoformat()}"
            who = ", ".join(part for part in (signature.signatory_name, signature.signatory_title) if part)
        else:
            place = f"{printed.version.signing_place or _('Place')} ____________"
            signatory = party.signatory
            who = (
                ", ".join(part for part in (signatory.name, signatory.title) if part)
                if signatory
                else _("Name and title")
            )
        cell.text = place
        cell.add_paragraph(_("For %(name)s") % {"name": party.name})
        cell.add_paragraph("\n\n_______________________________")
        cell.add_paragraph(who)


SECTION_WRITERS = {
    "background": _texts("background"),
    "purpose": _texts("challenge", "purpose"),
    "objectives": _texts("objectives"),
    "target_group": _texts("target_group"),
    "value_base": _value_base,
    "gender_equality": _texts("gender_equality"),
    "parties": lambda writer, printed, key: (writer.heading(printed.headings[key]), _parties(writer, printed)),
    "starting_points": _texts("starting_points"),
    "content": lambda writer, printed, key: _content(writer, printed),
    "chapters": _chapters,
    "referral": _referral,
    "follow_up": _texts("follow_up"),
    "economy": _economy,
    "period": _period,
}


def render(version) -> bytes:
    """The version as a .docx: the cover, its sections in the municipality's order, the signatures."""
    printed = PrintedVersion.of(version)
    writer = Writer()
    _cover(writer, printed)
    for key in printed.sections:
        SECTION_WRITERS[key](writer, printed, key)
    _signatures(writer, printed)
    return writer.bytes()
