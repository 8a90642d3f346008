import factory

from iop.accounts.models import Role, User

PASSWORD = "secret-password-1"


class UserFactory(factory.django.DjangoModelFactory):
    """A user of a role; bindings via `committees=[...]` or `organisations=[...]`."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.se")
    role = Role.VIEWER
    # Staff belong to a municipality (that of their committees), partners to none.
    municipality = factory.Maybe(
        factory.LazyAttribute(lambda user: user.role != Role.PARTNER),
        factory.SubFactory("partners.tests.factories.MunicipalityFactory"),
        None,
    )
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def committees(self, create, extracted, **kwargs):
        if create and extracted:
            self.committees.set(extracted)
            self.municipality = extracted[0].municipality

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisations.set(extracted)

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()
