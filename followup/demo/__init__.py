"""The demo, composed: each floor's demo module loads its own data, and this one, on the
top floor, runs them in order with one clock.

- partners.demo: the register;
- followup.demo.users: a login per role (password `demo`);
- agreements.demo: the agreements, their texts in agreements/demo/data/; each version
  gets its money (finance.demo.add_money) while it is still a draft; agreements.demo.exempelby:
  the invented second municipality's standard texts and agreement;
- finance.demo: payments and the repayment claim;
- followup.demo.hours and followup.demo.meetings: the hours and the follow-up.

Every loader creates only what is missing, so loading twice changes nothing.
"""

import datetime

from agreements import demo as agreements_demo
from agreements.demo import exempelby
from finance import demo as finance_demo
from followup.demo import hours, meetings, users
from partners import demo as partners_demo

# The day the demo describes: its payments, hours and meetings lie before it, and the
# services that refuse dates in the future are given it, so that loading does not depend
# on the clock of the machine.
TODAY = datetime.date(2026, 11, 22)


def demo_today():
    """The demo's clock: the one day every demo loader is given as `today`."""
    return TODAY


def load():
    """Load every floor's demo data, in the order each needs the one before."""
    today = demo_today()
    partners_demo.load()
    users.load()
    agreements_demo.load(today=today, before_signing=finance_demo.add_money)
    exempelby.load(today=today, before_signing=finance_demo.add_money)
    finance_demo.load(today=today)
    hours.load(today=today)
    meetings.load(today=today)
    agreements_demo.load_publication()
