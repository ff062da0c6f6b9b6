"""Logging filters."""

import logging


class OneLineWarning(logging.Filter):
    """Turn a record into one line at WARNING: its message, without the traceback."""

    def filter(self, record):
        if record.levelno > logging.WARNING:
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info = record.exc_text = record.stack_info = None
        return True
