"""Entry point for gunicorn: ``gunicorn wsgi:app``.

Production config unless ``APP_ENV`` says otherwise. ``create_app`` refuses to
start (RuntimeError, with the fix in the message) when ``SECRET_KEY`` or
``REDIS_URL`` is missing or the database is behind the migrations: run
``flask db upgrade`` before starting or restarting gunicorn.

Logging: the app writes one JSON line per request (with its request id) and
its security events to stderr (``app/logs.py``, ``app/request_log.py``), so
leave gunicorn's access log off (it is off unless ``--access-logfile`` is
given): it would log every query string, including values the app keeps out
of its own log. gunicorn's own error log (start, stop, worker timeouts) stays
on stderr as plain lines.

Version strings: gunicorn answers ``Server: gunicorn`` without a version; the
reverse proxy in front should not add one either (nginx: ``server_tokens
off;``). The app sends none (docs/security.md, "Errors").
"""

import os

from app import create_app

app = create_app(os.environ.get("APP_ENV", "production"))
