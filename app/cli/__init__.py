"""``flask`` command groups; each group lives beside the area it serves."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from app.auth.cli import users
    from app.demo.cli import demo
    from app.practices.cli import practices

    for group in (users, demo, practices):
        app.cli.add_command(group)
