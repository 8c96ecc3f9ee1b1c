"""Hostile input, cleaned once at the door: NUL bytes and lone surrogates.

Neither can be stored: PostgreSQL refuses a NUL in a text value (psycopg
raises, which would be a 500) and a lone surrogate (U+D800–U+DFFF, which a
JSON ``"\\ud800"`` or a broken client can produce) cannot be encoded as UTF-8
by either database driver. Neither is ever part of what a person meant to
type: NUL is invisible and comes from pasted binary or an attack, a lone
surrogate is half a character.

So query parameters and form values (keys too) are **cleaned rather than
refused**: NUL is removed and a lone surrogate becomes U+FFFD (�, the
replacement character Werkzeug already uses for undecodable bytes). A
400 would throw away a whole case study someone spent an hour on because of
one invisible character pasted from a PDF; cleaning keeps every visible
character they typed, and the usual validation still runs on the result.

JSON bodies get the same treatment (Flask-WTF reads a JSON body as form
data, so ``{"title": "\\ud800"}`` would otherwise reach a template or the
database).

URL parts (``/tag/<slug>``) are different: an address holding a NUL names
nothing that can exist, so it is answered with 404 before any query runs.

Query parameters whose name starts with ``_`` are dropped: no page uses one,
and ``url_for`` reads ``_external``, ``_scheme``, ``_anchor`` and ``_method``
as options, so a template that passes the query string on to ``url_for``
(pagination, the language switch) would otherwise let a link point at
``javascript://…`` or fail with a 500.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, Request, abort, request, url_for
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.routing import BuildError
from werkzeug.utils import cached_property

_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(value: str) -> str:
    """``value`` without NUL and with lone surrogates replaced by U+FFFD."""
    if "\x00" in value:
        value = value.replace("\x00", "")
    return _SURROGATE.sub("\ufffd", value)


def needs_cleaning(value: str) -> bool:
    return "\x00" in value or _SURROGATE.search(value) is not None


def _cleaned(
    data: MultiDict[str, Any], *, drop_reserved: bool = False
) -> MultiDict[str, Any]:
    """A copy of ``data`` with every text key and value cleaned (files kept)."""
    if not any(
        needs_cleaning(key)
        or (drop_reserved and key.startswith("_"))
        or (isinstance(value, str) and needs_cleaning(value))
        for key, value in data.items(multi=True)
    ):
        return data
    pairs = [
        (clean_text(key), clean_text(value) if isinstance(value, str) else value)
        for key, value in data.items(multi=True)
        if not (drop_reserved and key.startswith("_"))
    ]
    return ImmutableMultiDict(pairs)


def clean_json(value: Any) -> Any:
    """``value`` (parsed JSON) with every string in it cleaned."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_json(item) for item in value]
    if isinstance(value, dict):
        return {clean_text(k): clean_json(v) for k, v in value.items()}
    return value


class CleanRequest(Request):
    """Flask's request, whose ``args``, ``form`` and JSON are already cleaned."""

    @cached_property
    def args(self) -> MultiDict[str, str]:  # type: ignore[override]
        # ``super().args`` is Werkzeug's own cached property: it parses the
        # query string and caches the raw result under the same name, which
        # this property's value then replaces.
        return _cleaned(super().args, drop_reserved=True)

    def _load_form_data(self) -> None:
        already = "form" in self.__dict__
        super()._load_form_data()
        if not already:
            self.__dict__["form"] = _cleaned(self.__dict__["form"])

    def get_json(
        self, force: bool = False, silent: bool = False, cache: bool = True
    ) -> Any:
        return clean_json(super().get_json(force=force, silent=silent, cache=cache))


def this_page_url(**changes: str) -> str:
    """This page's address with ``changes`` in its query string (the language
    switch). The path's own arguments win over query parameters of the same
    name (``/admin/program/1/ubah?program_id=x`` must not break the page)."""
    values: dict[str, Any] = dict(request.args.items())
    values.update(request.view_args or {})
    values.update(changes)
    values.pop("endpoint", None)  # url_for's own first argument
    try:
        return url_for(request.endpoint or "main.index", **values)
    except (BuildError, ValueError, TypeError):
        return url_for("main.index", **changes)


def refuse_unusable_url_parts() -> None:
    """404 for a URL argument holding NUL or a lone surrogate.

    :raise 404: such an address cannot name anything stored.
    """
    for value in (request.view_args or {}).values():
        if isinstance(value, str) and needs_cleaning(value):
            abort(404)


def register(app: Flask) -> None:
    app.request_class = CleanRequest
    app.before_request(refuse_unusable_url_parts)
    app.jinja_env.globals["this_page_url"] = this_page_url
