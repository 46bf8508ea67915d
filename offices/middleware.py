"""Every page drawn shows its times in the government's zone (offices.government)."""

import datetime

from django.utils import timezone

from offices.government import government, government_per_request


class GovernmentZone(datetime.tzinfo):
    """The government's zone, read the first time a time is shown or typed on this request.

    A request that shows no time (the health check, a file download) never reads the government.
    """

    def __init__(self) -> None:
        self._zone = None

    def _real(self) -> datetime.tzinfo:
        if self._zone is None:
            self._zone = government().zone
        return self._zone

    def utcoffset(self, dt):
        return self._real().utcoffset(dt)

    def dst(self, dt):
        return self._real().dst(dt)

    def tzname(self, dt):
        return self._real().tzname(dt)

    def fromutc(self, dt):
        real = self._real()
        return real.fromutc(dt.replace(tzinfo=real)).replace(tzinfo=self)

    def __str__(self) -> str:
        # The zone's name ("Asia/Makassar"): what the database's date functions are given.
        return str(self._real())

    def __repr__(self) -> str:
        return f"GovernmentZone({self._zone!r})"


class GovernmentTimeZoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with government_per_request():
            timezone.activate(GovernmentZone())
            try:
                return self.get_response(request)
            finally:
                timezone.deactivate()
