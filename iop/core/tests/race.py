"""Running writes really at the same moment, for the tests that check a write holds a lock.

Each callable runs in its own thread with its own database connection; a barrier lets
them all go at once. Use with `@pytest.mark.race` and `django_db(transaction=True)`:
the race tests need PostgreSQL (SQLite takes one writer at a time, so nothing races).
"""

import threading

from django.db import close_old_connections, connection


class Outcome:
    """What one racer got: its result, or the exception it raised."""

    def __init__(self, result=None, error=None):
        self.result, self.error = result, error

    @property
    def ok(self):
        return self.error is None

    def __repr__(self):
        return f"Outcome(result={self.result!r}, error={self.error!r})"


def at_once(*callables, timeout=30) -> list[Outcome]:
    """Run the callables in parallel threads, released together; their outcomes in order."""
    barrier = threading.Barrier(len(callables))
    outcomes = [None] * len(callables)

    def run(position, function):
        close_old_connections()
        try:
            barrier.wait(timeout=timeout)
            outcomes[position] = Outcome(result=function())
        except Exception as error:  # noqa: BLE001 - the test reads what each racer got
            outcomes[position] = Outcome(error=error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, f)) for i, f in enumerate(callables)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a racer is still running: a deadlock?"
    return outcomes
