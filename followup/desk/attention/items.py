"""An item of the attention list: one thing a user must do, by a date."""

import datetime
from dataclasses import dataclass


class Kind:
    DECISION = "decision"
    NOTICE = "notice"
    ENDING = "ending"
    MEETING = "meeting"
    APPROVE = "approve"
    SUBMIT = "submit"
    RETURNED = "returned"
    ACTION = "action"
    PAYMENT = "payment"
    TRUE_UP = "true_up"
    INDEX = "index"  # an OPI value missing: administrators enter it


@dataclass(frozen=True)
class Item:
    key: str  # stable: the same thing to do keeps its key from day to day
    kind: str
    title: str  # says which agreement: read alone, in an e-mail or a calendar
    due: datetime.date
    url: str
    overdue: bool
    # The start page groups items by agreement: the group's name is printed once, so each
    # line says only what to do (`label`); `list_url` lists every item of the kind there.
    agreement: object = None
    label: str = ""
    list_url: str = ""


def new_item(key, kind, title, due, url, today, *, agreement=None, label="", list_url="") -> Item:
    return Item(
        key=key,
        kind=kind,
        title=title,
        due=due,
        url=url,
        overdue=due < today,
        agreement=agreement,
        label=label or title,
        list_url=list_url or url,
    )
