"""The hours page's glance at each agreement: this year's hours against the commitment."""

from django import template
from django.utils import timezone

from followup.hours.progress import agreement_hours

register = template.Library()


@register.simple_tag(takes_context=True)
def hours_glance(context, agreement):
    """This year's progress of `agreement` as the page's user follows it (a partner: their own
    organisations' hours and commitment), the figures of the progress page. The agreement
    comes `with_state()`; a few queries per agreement, none per month or entry."""
    today = context.get("today") or timezone.localdate()
    return agreement_hours(user=context["request"].user, agreement=agreement, year=today.year, today=today)
