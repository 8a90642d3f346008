from django.db import migrations


def staff_to_municipality(apps, schema_editor):
    """Staff belong to the municipality of their committees, or to the installation's only
    municipality; partners and superusers stay without one."""
    User = apps.get_model("accounts", "User")
    Municipality = apps.get_model("partners", "Municipality")
    only = list(Municipality.objects.values_list("pk", flat=True)[:2])
    for user in User.objects.exclude(role="partner").filter(municipality__isnull=True):
        committee = user.committees.order_by("pk").first()
        municipality_id = committee.municipality_id if committee else (only[0] if len(only) == 1 else None)
        if municipality_id is not None:
            User.objects.filter(pk=user.pk).update(municipality_id=municipality_id)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_user_municipality"),
        ("partners", "0003_municipality_required"),
    ]

    operations = [migrations.RunPython(staff_to_municipality, migrations.RunPython.noop)]
