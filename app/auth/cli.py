"""SCAFFOLD: `flask users ...` is written by the auth work."""
import click
from flask.cli import AppGroup

users = AppGroup("users", help="Kelola akun pengguna.")
