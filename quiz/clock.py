"""Time as the app sees it: UTC in the database, the learners' local day for calendars and "due today"."""
from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

# Classes meet in China: a learner's day runs midnight to midnight Beijing time unless configured otherwise.
LOCAL_TZ = ZoneInfo(os.environ.get("APP_TIMEZONE", "Asia/Shanghai"))


def utcnow() -> datetime:
    return datetime.now(UTC)


def local_day(moment: datetime) -> date:
    return moment.astimezone(LOCAL_TZ).date()


def end_of_local_day(moment: datetime) -> datetime:
    """The first instant of the next local day, in UTC: what is due before it is due "today"."""
    tomorrow = local_day(moment) + timedelta(days=1)
    return datetime(tomorrow.year, tomorrow.month, tomorrow.day, tzinfo=LOCAL_TZ).astimezone(UTC)
