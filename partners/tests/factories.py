import factory

from django.utils.text import slugify

from partners.models import Administration, Committee, Contact, Municipality, Organisation
from partners.orgnr import luhn_check_digit


def org_number(n):
    """A valid organisation number for sequence n (8-series: non-profit associations)."""
    body = f"802{n % 1_000_000:06d}"
    return f"{body[:6]}-{body[6:]}{luhn_check_digit(body)}"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("name",)

    name = "Linköpings kommun"
    org_number = "212000-0449"
    slug = factory.LazyAttribute(lambda municipality: slugify(municipality.name))


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee
        django_get_or_create = ("municipality", "name")

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Nämnd {n}")


class AdministrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Administration

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Förvaltning {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Förening {n}")
    org_number = factory.Sequence(lambda n: org_number(n))


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Kontakt {n}")
