from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from partners.orgnr import normalise_org_number, validate_org_number


class OrganisationNumberField(models.CharField):
    """An organisation number stored as NNNNNN-NNNN, normalised on every save,
    whichever path writes it. Declare it null=True, unique=True where it is optional:
    empty is stored as NULL so that organisations without one do not collide.
    """

    description = _("Swedish organisation number")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 11)
        super().__init__(*args, **kwargs)
        # Our validator says what is wrong (length included); CharField's own
        # max-length check would only repeat it less clearly.
        self.validators = [validate_org_number]

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("validators", None)
        return name, path, args, kwargs

    def to_python(self, value):
        value = super().to_python(value)
        if not value or not value.strip():
            return None
        try:
            return normalise_org_number(value)
        except ValidationError:
            return value  # left as typed; the validator explains what is wrong

    def pre_save(self, model_instance, add):
        # Every write path stores the normal form, and none stores an invalid number.
        value = getattr(model_instance, self.attname)
        value = normalise_org_number(value) if value and value.strip() else None
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        # The form field accepts the longer forms people type (spaces, 16-prefix).
        kwargs.setdefault("max_length", 20)
        return super().formfield(**kwargs)
