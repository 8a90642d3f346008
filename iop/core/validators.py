"""Maximum lengths of the texts people write.

Each is a model field's validator, so a text is refused at its field whatever saves it. They are generous (the longest chapter
of the real agreements has about 2 200 characters) but finite: the time a PDF takes grows
with its text, and one text without a bound could make every printing of its document run
out of time (iop.core.pdf).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

CHAPTER = 20_000  # a chapter of an agreement, the minutes of a meeting
ACCOUNT = 10_000  # a party's account of the year
PARAGRAPH = 5_000  # a description, a list of references, a motivation, a comment


def _grouped(number):
    return f"{number:,}".replace(",", "\xa0")  # 20 000, as Swedish writes it


@deconstructible(path="iop.core.validators.TextLimit")
class TextLimit(MaxLengthValidator):
    message = _("The text may be at most %(limit)s characters long; this one has %(length)s.")

    def __call__(self, value):
        length = self.clean(value)
        if length > self.limit_value:
            params = {"limit": _grouped(self.limit_value), "length": _grouped(length)}
            raise ValidationError(self.message, code=self.code, params=params)
