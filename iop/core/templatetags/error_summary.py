"""{% load error_summary %}: a refused form's errors as the summary at its top lists them."""

from django import template

from iop.core import forms

register = template.Library()


@register.filter
def error_summary(form):
    return forms.error_summary(form)
