"""SCAFFOLD: `flask practices import` is written by the import work."""
from flask.cli import AppGroup

practices = AppGroup("practices", help="Studi kasus.")
