"""A record written once is not a version: it refuses change with an error of its own."""

import pytest

from django.db import transaction

from agreements.models import SignedDocument
from agreements.records import SignedVersionError, WrittenOnceError
from agreements.tests.factories import make_agreement


def test_an_archived_pdf_refuses_change_as_a_written_once_record_not_as_a_signed_version(db, settings):
    settings.FREEZE_SIGNED_PDF = True
    archived = SignedDocument.objects.get(version=make_agreement(state="signed").versions.get())
    with pytest.raises(WrittenOnceError) as refused, transaction.atomic():
        archived.delete()
    assert refused.value.code == "written_once"
    assert not isinstance(refused.value, SignedVersionError)
    assert "signed" not in str(refused.value.message)
