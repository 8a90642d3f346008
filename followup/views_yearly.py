# Placeholder until its owner writes this module; replace the whole file.
from django.http import Http404


def _todo(request, *args, **kwargs):
    raise Http404


yearly = yearly_pdf = yearly_export = yearly_edit = narrative_edit = _todo
