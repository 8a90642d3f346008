"""Two planners editing the same draft: the later save is refused, nothing is overwritten."""

import pytest

from agreements import services
from agreements.models import AgreementVersion
from agreements.tests.factories import make_agreement


def test_the_later_of_two_saves_is_refused_and_the_first_stays(db):
    version = make_agreement().versions.get()
    opened_by_anna = AgreementVersion.objects.get(pk=version.pk)
    opened_by_erik = AgreementVersion.objects.get(pk=version.pk)
    services.version_update(
        by=None, version=opened_by_anna, lock_version=opened_by_anna.lock_version, purpose="Annas syfte"
    )
    with pytest.raises(services.ConflictError):
        services.version_update(
            by=None, version=opened_by_erik, lock_version=opened_by_erik.lock_version, purpose="Eriks syfte"
        )
    assert AgreementVersion.objects.get(pk=version.pk).purpose == "Annas syfte"


def test_a_stale_form_cannot_add_a_chapter_either(db):
    version = make_agreement().versions.get()
    stale = version.lock_version
    services.version_update(by=None, version=version, lock_version=stale, purpose="Först")
    with pytest.raises(services.ConflictError):
        services.item_add(by=None, version=version, lock_version=stale, kind="section", heading="Sent")
    assert not version.sections.exists()
