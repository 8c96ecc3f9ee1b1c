"""Backups: ``flask backup create`` and ``flask backup restore``.

A backup is one file (``archive``) holding a manifest and the database itself,
copied by the tool each engine trusts: SQLite's online backup API (``sqlite``)
or ``pg_dump`` (``postgres``). ``services`` chooses by the configured database;
``inventory`` counts what is there, so a restore can prove it got everything.
The search index is not in a backup: it is derived, ``flask search reindex``
rebuilds it from the restored database.
"""
