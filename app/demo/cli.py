"""SCAFFOLD: `flask demo load` is written by the demo work."""
from flask.cli import AppGroup

demo = AppGroup("demo", help="Data contoh.")
