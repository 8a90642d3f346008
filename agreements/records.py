"""Records that never change once written: the guards the models inherit.

Two kinds. The content of a version (FrozenWhenSigned) may change while the version is a
draft and never again once it is signed; it refuses with SignedVersionError. An archive
record (WrittenOnce: the rendered PDF, the bytes of a scan) is written once and refuses
every later change with WrittenOnceError. Both guards hold for save, delete and the bulk
update and delete of a queryset, whichever path tries.
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

SIGNED = "signed"  # the stored status of a signed version; agreements.models.Status takes it from here


class SignedVersionError(ValidationError):
    """Raised on any attempt to change or delete a signed version or its content."""

    def __init__(self):
        super().__init__(
            _("The agreement has been signed and can no longer be changed. Make an amendment instead."),
            code="signed",
        )


class WrittenOnceError(ValidationError):
    """Raised on any attempt to change, replace or delete a record that is written once."""

    def __init__(self):
        super().__init__(_("This record is kept as it was written and can no longer be changed."), code="written_once")


class FrozenQuerySet(models.QuerySet):
    """Bulk update and delete refuse rows that belong to a signed version."""

    def _touches_signed(self):
        return self.filter(**{_status_lookup(self.model): SIGNED}).exists()

    def update(self, **kwargs):
        if self._touches_signed():
            raise SignedVersionError()
        return super().update(**kwargs)

    def delete(self):
        if self._touches_signed():
            raise SignedVersionError()
        return super().delete()

    update.queryset_only = True
    delete.queryset_only = True


class FrozenWhenSigned(models.Model):
    """Content of a version: refuses to be saved or deleted once the version is signed."""

    VERSION_PATH = "version"  # lookup from this model to its AgreementVersion ("" for the version itself)

    objects = FrozenQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._version_signed_in_database():
            raise SignedVersionError()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._version_signed_in_database():
            raise SignedVersionError()
        return super().delete(*args, **kwargs)

    def _version_signed_in_database(self):
        # As stored: a row that belongs to a signed version may not change at all...
        lookup = _status_lookup(type(self))
        if self.pk is not None and type(self)._base_manager.filter(pk=self.pk, **{lookup: SIGNED}).exists():
            return True
        # ...and nothing may be added to (or moved into) a signed version.
        version_id = self._target_version_id()
        versions = apps.get_model("agreements", "AgreementVersion")._base_manager
        return version_id is not None and versions.filter(pk=version_id, status=SIGNED).exists()

    def _target_version_id(self):
        return getattr(self, "version_id", None)


def _status_lookup(model):
    path = model.VERSION_PATH
    return f"{path}__status" if path else "status"


class WrittenOnceQuerySet(models.QuerySet):
    """Archive records are written once: no bulk update or delete."""

    def update(self, **kwargs):
        raise WrittenOnceError()

    def delete(self):
        raise WrittenOnceError()

    update.queryset_only = True
    delete.queryset_only = True


class WrittenOnce(models.Model):
    """An archive record written once, at most one per `ONE_PER` (a foreign key's name)."""

    ONE_PER = "version"

    objects = WrittenOnceQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        owner = {f"{self.ONE_PER}_id": getattr(self, f"{self.ONE_PER}_id")}
        if self.pk is not None or type(self)._base_manager.filter(**owner).exists():
            raise WrittenOnceError()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise WrittenOnceError()
