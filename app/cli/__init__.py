"""``flask`` command groups; each group lives beside the area it serves."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from app.auth.cli import users
    from app.backup.cli import backup
    from app.demo.cli import demo
    from app.followups.cli import followups
    from app.notifications.cli import digests_group, notifications
    from app.practices.cli import practices
    from app.search.cli import search

    groups = (users, demo, practices, search, followups, notifications, digests_group)
    for group in groups:
        app.cli.add_command(group)
    app.cli.add_command(backup)
