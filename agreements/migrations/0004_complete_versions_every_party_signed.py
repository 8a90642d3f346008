from django.db import migrations
from django.utils import timezone

REASON = "Every party had signed: completed"


def complete_versions_every_party_signed(apps, schema_editor):
    """Versions that every party signed but that stayed "decided" (the last two signatures
    recorded at the same moment, before signing locked the version) are signed now, dated
    by the last signature and told in their history. Their archived PDF is rendered at the
    first download, as for a version signed while archiving was off."""
    versions = apps.get_model("agreements", "AgreementVersion")
    parties = apps.get_model("agreements", "Party")
    signatures = apps.get_model("agreements", "Signature")
    history = apps.get_model("agreements", "HistoricalAgreementVersion")
    now = timezone.now()
    for version in versions._base_manager.filter(status="decided"):
        count = parties._base_manager.filter(version=version).count()
        dates = list(signatures._base_manager.filter(party__version=version).values_list("date", flat=True))
        if not count or len(dates) != count:
            continue
        version.status, version.signed_on, version.lock_version = "signed", max(dates), version.lock_version + 1
        versions._base_manager.filter(pk=version.pk).update(
            status=version.status, signed_on=version.signed_on, lock_version=version.lock_version, updated_at=now
        )
        row = {field.attname: getattr(version, field.attname) for field in versions._meta.concrete_fields}
        history._base_manager.create(
            **row | {"updated_at": now}, history_date=now, history_type="~", history_change_reason=REASON
        )


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0003_scans_withdrawn_not_replaced"),
    ]

    operations = [
        migrations.RunPython(complete_versions_every_party_signed, migrations.RunPython.noop),
    ]
