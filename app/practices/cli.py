"""``flask practices ...``: case-study commands for operators."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import sqlalchemy as sa
from flask.cli import AppGroup
from flask_babel import gettext as _

from app.extensions import db
from app.models import User
from app.practices.importer import import_jsonl

practices = AppGroup("practices", help="Studi kasus.")


@practices.command("import")
@click.argument(
    "file",
    type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path),
)
@click.option(
    "--author",
    "author_email",
    metavar="EMAIL",
    help="Penulis studi kasus yang diimpor (bawaan: akun arsip).",
)
def import_command(file: Path, author_email: str | None) -> None:
    """Impor studi kasus dari berkas JSONL, satu studi kasus per baris."""
    author = None
    if author_email:
        email = author_email.strip().lower()
        author = db.session.scalar(sa.select(User).where(User.email == email))
        if author is None:
            raise click.ClickException(
                _("Tidak ada pengguna dengan email %(email)s.", email=email)
            )
    try:
        total = _count_lines(file)
        with (
            file.open("rb") as handle,
            click.progressbar(
                handle,
                length=total,
                label=_("Mengimpor %(file)s", file=file.name),
                file=sys.stderr,
            ) as lines,
        ):
            report = import_jsonl(lines, author)
    except OSError as error:
        raise click.ClickException(
            _("Berkas tidak dapat dibaca: %(error)s", error=error.strerror or error)
        ) from error
    for problem in report.problems:
        click.echo(
            _("Baris %(line)d: %(reason)s", line=problem.line, reason=problem.reason),
            err=True,
        )
    if report.duplicates:
        click.echo(
            _(
                "Dilewati karena sudah pernah diimpor: baris %(lines)s",
                lines=line_ranges(report.duplicates),
            ),
            err=True,
        )
    click.echo(report.summary())


def _count_lines(file: Path) -> int:
    with file.open("rb") as handle:
        return sum(1 for _line in handle)


def line_ranges(numbers: list[int]) -> str:
    """``[1, 2, 3, 7, 9, 10]`` -> ``"1-3, 7, 9-10"``: short even for a long re-run."""
    ranges: list[str] = []
    start = previous = numbers[0]
    for number in [*numbers[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        ranges.append(str(start) if start == previous else f"{start}-{previous}")
        if number is not None:
            start = previous = number
    return ", ".join(ranges)
