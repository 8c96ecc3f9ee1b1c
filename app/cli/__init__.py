"""``flask`` command groups; each group lives beside the area it serves."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from app.auth.cli import users
    from app.demo.cli import demo
    from app.followups.cli import followups
    from app.practices.cli import practices
    from app.search.cli import search

    for group in (users, demo, practices, search, followups):
        app.cli.add_command(group)
