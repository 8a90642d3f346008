"""The forms partners log volunteer hours with. They only read what was typed and check
no rule about hours (at most 24 a volunteer and day, a date in the period, a month not
locked): their callers hand what they read to the hours services."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from followup.hours.models import HourEntry
from iop.core.dates import month_end
from iop.core.forms import SwedishDecimalField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NO_PERSONAL_DATA = _("Do not write names or other personal data about volunteers.")


def hours_field(**kwargs):
    return SwedishDecimalField(max_digits=7, decimal_places=1, **kwargs)


class HourEntryForm(forms.ModelForm):
    """One entry on the month page: a day of `month`, or the whole month."""

    hours = hours_field(label=_("Hours"), help_text=_("All the volunteers' hours together, e.g. 2,5."))

    class Meta:
        model = HourEntry
        fields = ["date", "whole_month", "activity", "hours", "volunteers", "place", "note"]
        widgets = {"date": DATE, "note": forms.TextInput}
        help_texts = {
            "date": _("The day the hours were given."),
            "whole_month": _("The hours are the month's total; no date is needed."),
        }

    def __init__(self, *args, activities, month, **kwargs):
        super().__init__(*args, **kwargs)
        self.month = month
        self.last_day = month_end(month)
        self.fields["activity"].queryset = activities
        self.fields["date"].required = False
        self.fields["date"].widget.attrs.update(min=month.isoformat(), max=self.last_day.isoformat())
        self.fields["volunteers"].widget.attrs["min"] = 1
        self.fields["note"].help_text = NO_PERSONAL_DATA
        self.fields["place"].help_text = _("Optional, e.g. the service house or the district.")

    def _post_clean(self):
        # The model's rules are checked by the service, which also knows the month report.
        pass

    def clean(self):
        data = super().clean()
        day = data.get("date")
        if data.get("whole_month"):
            data["date"] = self.month
        elif "date" in data and day is None:
            self.add_error("date", _("Give the date, or tick “whole month”."))
        elif day is not None and not (self.month <= day <= self.last_day):
            self.add_error("date", _("Choose a day in %(month)s.") % {"month": date_format(self.month, "F Y")})
        return data

    def service_fields(self):
        """The keyword arguments of services.hours_log."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


# The month sheet's inputs are named by activity and day rather than declared one by one:
# these two fields read what was typed in them (clean() raises ValidationError).
SHEET_HOURS = hours_field(required=False)
SHEET_VOLUNTEERS = forms.IntegerField(required=False, min_value=1, max_value=100000)


def month_days(month):
    """Every day of the month that starts on `month`."""
    return [month.replace(day=day) for day in range(1, month_end(month).day + 1)]


def parse_month(text) -> datetime.date:
    """ "2026-11" → 2026-11-01 (the URL converter has checked the form)."""
    year, month = text.split("-")
    return datetime.date(int(year), int(month), 1)


@dataclass
class SheetInput:
    name: str  # also the input's id
    label: str  # read by screen readers: "Promenadgrupper 12 november, hours"
    value: str = ""
    disabled: bool = False
    errors: list = field(default_factory=list)
    inputmode: str = "decimal"


@dataclass
class SheetRow:
    activity: object
    volunteers: SheetInput
    cells: list  # one SheetInput a day
    logged: Decimal  # hours already logged for the activity in the month

    @property
    def inputs(self):
        """The row's inputs in the order of the columns."""
        return [self.volunteers, *self.cells]


class MonthSheet:
    """The month sheet: one row per activity, one hours cell per day, and the number of
    volunteers per day for each row. Typed values are kept when the sheet comes back with
    errors; each error is shown at its cell and in `summary`."""

    def __init__(self, data=None, *, activities, month, open_day, logged=None):
        data = data or {}
        logged = logged or {}
        self.days = month_days(month)
        self.rows = []
        for activity in activities:
            cells = [
                SheetInput(
                    name=f"h-{activity.pk}-{day.day}",
                    label=_("%(activity)s %(day)s, hours") % {"activity": activity, "day": date_format(day, "j F")},
                    value=data.get(f"h-{activity.pk}-{day.day}", "").strip(),
                    disabled=not open_day(day),
                )
                for day in self.days
            ]
            volunteers = SheetInput(
                name=f"v-{activity.pk}",
                label=_("%(activity)s, volunteers per day") % {"activity": activity},
                value=data.get(f"v-{activity.pk}", "").strip(),
                inputmode="numeric",
            )
            self.rows.append(SheetRow(activity, volunteers, cells, logged.get(activity.pk, Decimal("0"))))
        self.summary = []  # [(input or None, message)]
        self._typed = []  # [(row, day, cell, service row)] in the order given to the service

    def _error(self, sheet_input, message):
        if sheet_input is not None:
            if message in sheet_input.errors:
                return
            sheet_input.errors.append(message)
        elif any(target is None and text == message for target, text in self.summary):
            return
        self.summary.append((sheet_input, message))

    def is_valid(self):
        """Read every typed cell; True when there is something to save and all of it reads."""
        for row in self.rows:
            typed = [(day, cell) for day, cell in zip(self.days, row.cells, strict=True) if cell.value]
            volunteers = self._read(SHEET_VOLUNTEERS, row.volunteers)
            if typed and volunteers is None and not row.volunteers.errors:
                self._error(row.volunteers, _("Give the number of volunteers for the days you filled in."))
            for day, cell in typed:
                hours = self._read(SHEET_HOURS, cell)
                if hours is not None and volunteers is not None:
                    fields = {"activity": row.activity, "date": day, "hours": hours, "volunteers": volunteers}
                    self._typed.append((row, cell, fields))
        if not self.summary and not self._typed:
            self._error(None, _("Type the hours in at least one day."))
        return not self.summary

    def _read(self, parser, sheet_input):
        try:
            return parser.clean(sheet_input.value)
        except ValidationError as error:
            for message in error.messages:
                self._error(sheet_input, message)
            return None

    def service_rows(self):
        """The rows for services.hours_log_many, in the order their errors refer to."""
        return [fields for _row, _cell, fields in self._typed]

    def refused(self, errors):
        """Put the errors of services.RowsRefused at their cells (rows count from 1)."""
        for error in errors:
            row, cell, _fields = self._typed[error.row - 1]
            if error.column == "volunteers":
                self._error(row.volunteers, error.message)
            elif error.column in ("hours", "date", "activity"):
                self._error(cell, error.message)
            else:  # the month is locked, the organisation is not a party: the whole sheet
                self._error(None, error.message)
