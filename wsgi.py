"""Entry point for gunicorn: ``gunicorn wsgi:app``.

Production config unless ``APP_ENV`` says otherwise.
"""

import os

from app import create_app

app = create_app(os.environ.get("APP_ENV", "production"))
