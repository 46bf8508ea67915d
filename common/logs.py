"""One JSON object per log line, with the request reduced to what an operator needs."""

from pythonjsonlogger.json import JsonFormatter as _BaseJsonFormatter


class JsonFormatter(_BaseJsonFormatter):
    """Replaces Django's ``request`` extra (not serialisable, and full of cookies) by its path."""

    def process_log_record(self, log_data: dict) -> dict:
        request = log_data.pop("request", None)
        if request is not None and hasattr(request, "path"):
            log_data["path"] = request.path
            log_data["method"] = request.method
        # Django's server logger passes the socket; it says nothing the message does not.
        log_data.pop("server_time", None)
        return super().process_log_record(log_data)
