"""Structured logs: one JSON object a line, and never a CPR number or a person's name.

PersonalDataFilter is on every handler (config/settings/base.py). It
- writes a model instance given as an argument as "app.model:pk": str() of a young person or a
  user is their name;
- masks anything shaped like a CPR number (ddmmyy-nnnn, ddmmyynnnn) in the final message;
- drops an exception's message and keeps its type and where it was raised: database errors
  and validation errors quote the values they choked on.
"""

import json
import logging
import re
import traceback
from datetime import UTC, datetime
from typing import Any

from django.db.models import Model

CPR_SHAPED = re.compile(r"(?<!\d)\d{6}[-\s]?\d{4}(?!\d)")


def _safe(arg: Any) -> Any:
    if isinstance(arg, Model):
        return f"{arg._meta.label_lower}:{arg.pk}"
    return arg


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, dict):
            record.args = {key: _safe(value) for key, value in record.args.items()}
        elif record.args:
            record.args = tuple(_safe(arg) for arg in record.args)
        record.msg = CPR_SHAPED.sub("[cpr]", record.getMessage())
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            frames = traceback.extract_tb(exc.__traceback__)
            record.exception_type = type(exc).__name__
            record.exception_at = [f"{f.filename}:{f.lineno} {f.name}" for f in frames[-5:]]
            record.exc_info = None
            record.exc_text = None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, tz=UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in ("exception_type", "exception_at", "status_code"):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        return json.dumps(entry, ensure_ascii=False, default=str)
