"""Programmes as organisers run them: runs (angkatan), participant lists,
verifying what members declared. Under ``/kelola`` so it never clashes with
the public browse pages under ``/program``.
"""

from flask import Blueprint

bp = Blueprint("programmes", __name__)

from app.programmes import routes, verification_routes  # noqa: E402,F401
