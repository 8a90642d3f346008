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


@dataclass(frozen=True)
class Item:
    key: str  # stable: the same thing to do keeps its key from day to day
    kind: str
    title: str
    due: datetime.date
    url: str
    overdue: bool


def new_item(key, kind, title, due, url, today) -> Item:
    return Item(key=key, kind=kind, title=title, due=due, url=url, overdue=due < today)
