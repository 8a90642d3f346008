"""The scan of the signed paper original: only a real PDF is kept, and a wrong scan is
withdrawn with a reason (it stays, flagged) so that the right one can be uploaded."""

import re

import pytest

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from agreements import scans
from agreements.models import ScannedOriginal, WrittenOnceError
from agreements.tests.factories import make_agreement, scan_pdf
from iop.core.tests.race import at_once


def _upload(data, name="original.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def _weasyprint(**options):
    import weasyprint

    return weasyprint.HTML(string="<h1>Överenskommelse</h1><p>Underskriven</p>").write_pdf(**options)


def _with_number_changed(data, pattern, change):
    """`data` with the number that the last match of `pattern` captures changed by `change`."""
    found = list(re.finditer(pattern, data))[-1]
    return data[: found.start(1)] + b"%d" % (int(found.group(1)) + change) + data[found.end(1) :]


def test_pdfs_as_writers_make_them_are_accepted():
    assert scans.is_pdf(scan_pdf())
    assert scans.is_pdf(_weasyprint(uncompressed_pdf=True))  # a table of the objects
    assert scans.is_pdf(_weasyprint())  # a cross-reference stream, objects packed in streams
    assert scans.is_pdf(_weasyprint(pdf_variant="pdf/a-3b"))
    assert scans.is_pdf(scan_pdf() + b"\r\n\x00\x00")  # a scanner's padding after the end


def test_a_file_that_only_starts_like_a_pdf_or_is_damaged_is_refused():
    good = scan_pdf()
    refused = {
        "only the header": b"%PDF-1.4 scanned",
        "header and random bytes": b"%PDF-1.7\n" + bytes(range(256)) * 4,
        "cut in the middle": good[: len(good) // 2],
        "cut before the end marker": good[:-6],
        "startxref pointing elsewhere": _with_number_changed(good, rb"startxref\s+(\d+)", 5),
        "an object not where the table says": _with_number_changed(good, rb"(\d{10}) 00000 n", 3),
        "a root that is no catalogue": good.replace(b"/Root 1 0 R", b"/Root 2 0 R"),
        "a stream file cut short": _weasyprint()[:-200],
        "a JPEG": b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\x00" * 100,
        "HTML": b"<!doctype html><title>%PDF-1.4</title>",
        "nothing": b"",
    }
    assert [name for name, data in refused.items() if scans.is_pdf(data)] == []


def test_a_damaged_scan_is_refused_next_to_the_field_and_nothing_is_kept(client_as, planner):
    agreement = make_agreement(state="signed")
    client = client_as(planner)
    url = reverse("agreements:scan-upload", args=[agreement.pk, 1])
    response = client.post(url, {"file": _upload(b"%PDF-1.4 scanned")})
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Den inskannade handlingen måste vara en PDF-fil som går att öppna."
    ]
    assert not ScannedOriginal.objects.exists()


def test_a_scan_that_is_too_large_is_refused(db, settings):
    settings.SCAN_MAX_BYTES = 10
    version = make_agreement(state="signed").versions.get()
    with pytest.raises(ValidationError):
        scans.scan_store(by=None, version=version, upload=_upload(scan_pdf()))


def test_a_scan_is_kept_once_beside_the_archived_pdf(client_as, planner):
    agreement = make_agreement(state="signed")
    client = client_as(planner)
    url = reverse("agreements:scan-upload", args=[agreement.pk, 1])
    assert client.post(url, {"file": _upload(scan_pdf("Först"))}).status_code == 302
    download = client.get(reverse("agreements:scan-download", args=[agreement.pk, 1]))
    assert download.content == scan_pdf("Först")
    again = client.post(url, {"file": _upload(scan_pdf("Sedan"))})
    assert again.status_code == 200 and "Återkalla den först" in again.context["form"].errors["file"][0]
    assert ScannedOriginal.objects.count() == 1


def test_a_planner_withdraws_a_wrong_scan_with_a_reason_and_uploads_the_right_one(client_as, planner):
    agreement = make_agreement(state="signed")
    client = client_as(planner)
    upload_url = reverse("agreements:scan-upload", args=[agreement.pk, 1])
    withdraw_url = reverse("agreements:scan-withdraw", args=[agreement.pk, 1])
    download_url = reverse("agreements:scan-download", args=[agreement.pk, 1])
    client.post(upload_url, {"file": _upload(scan_pdf("Fel avtal"), "fel.pdf")})
    wrong = ScannedOriginal.objects.get()

    assert client.get(withdraw_url).status_code == 200
    no_reason = client.post(withdraw_url, {"reason": "  "})
    assert no_reason.status_code == 200 and not ScannedOriginal.objects.get().is_withdrawn
    assert client.post(withdraw_url, {"reason": "Fel avtal skannades in."}).status_code == 302
    assert client.get(download_url).status_code == 404  # no scan is current until the right one comes
    assert client.get(withdraw_url).status_code == 404
    assert client.post(upload_url, {"file": _upload(scan_pdf("Rätt avtal"), "ratt.pdf")}).status_code == 302

    assert client.get(download_url).content == scan_pdf("Rätt avtal")
    wrong.refresh_from_db()
    assert wrong.is_withdrawn and wrong.withdrawn_by == planner and wrong.withdrawal_reason == "Fel avtal skannades in."
    assert bytes(wrong.pdf) == scan_pdf("Fel avtal")  # kept as it was
    assert ScannedOriginal.objects.count() == 2

    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "En inskannad handling (”fel.pdf”) återkallades" in page and "Fel avtal skannades in." in page
    history = client.get(reverse("agreements:agreement-history", args=[agreement.pk])).content.decode()
    assert "inskannad handling ”fel.pdf” återkallad: Fel avtal skannades in." in history
    assert "inskannad undertecknad originalhandling ”ratt.pdf” uppladdad" in history


def test_a_withdrawn_scan_is_kept_as_it_is(db):
    version = make_agreement(state="signed").versions.get()
    scan = scans.scan_store(by=None, version=version, upload=_upload(scan_pdf()))
    scans.scan_withdraw(by=None, scan=scan, reason="Fel fil")
    with pytest.raises(ValidationError) as twice:
        scans.scan_withdraw(by=None, scan=ScannedOriginal.objects.get(pk=scan.pk), reason="Igen")
    assert twice.value.code == "withdrawn_twice"
    scan.withdrawal_reason = "Ändrat skäl"
    for action in (
        lambda: scan.save(update_fields=ScannedOriginal.WITHDRAWAL),
        lambda: scan.save(),
        scan.delete,
        lambda: ScannedOriginal.objects.filter(pk=scan.pk).update(withdrawal_reason="Bulk"),
        lambda: ScannedOriginal.objects.filter(pk=scan.pk).delete(),
    ):
        with pytest.raises(WrittenOnceError), transaction.atomic():
            action()
    assert ScannedOriginal.objects.get(pk=scan.pk).withdrawal_reason == "Fel fil"


def test_a_scan_of_another_committees_agreement_cannot_be_withdrawn(client_as, planner_y):
    agreement = make_agreement(state="signed")
    scans.scan_store(by=None, version=agreement.versions.get(), upload=_upload(scan_pdf()))
    url = reverse("agreements:scan-withdraw", args=[agreement.pk, 1])
    assert client_as(planner_y).post(url, {"reason": "Inte min"}).status_code == 403
    assert not ScannedOriginal.objects.get().is_withdrawn


def _store(version, note):
    return lambda: scans.scan_store(by=None, version=version, upload=_upload(scan_pdf(note)))


@pytest.mark.race
@pytest.mark.django_db(transaction=True)
def test_two_scans_uploaded_at_once_are_kept_once_and_the_other_is_told():
    for round_number in range(5):
        version = make_agreement(state="signed", registry_number=f"ÄN 2019-{round_number}").versions.get()
        outcomes = at_once(*[_store(type(version).objects.get(pk=version.pk), f"Scan {n}") for n in range(4)])
        assert sum(outcome.ok for outcome in outcomes) == 1, outcomes
        errors = [outcome.error for outcome in outcomes if not outcome.ok]
        assert all(isinstance(error, ValidationError) for error in errors), errors
        assert {error.error_dict["file"][0].code for error in errors} == {"scan_kept"}
        assert ScannedOriginal.objects.filter(version=version).count() == 1
