"""Tag suggestions for the writing form: existing tags, most used first.

Writers who reuse a tag put their case study beside the others on its tag
page, where "antrean" and "antrian" would split them. The form's script asks
for the tags matching the word being typed; one indexed query answers,
however many tags and case studies there are.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from app.extensions import db
from app.models import CaseStudy, Status, Tag, case_study_tag
from app.text import slugify

MAX_SUGGESTIONS = 8
MAX_QUERY_LENGTH = 40  # a tag is at most this long (services.MAX_TAG_LENGTH)


@dataclass(frozen=True)
class Suggestion:
    name: str
    uses: int  # published case studies with this tag


def suggest_tags(typed: str, limit: int = MAX_SUGGESTIONS) -> list[Suggestion]:
    """Tags whose slug starts with what was typed, or has a word starting
    with it ("antre" finds "antrean" and "sistem antrean").

    Only tags of published case studies are offered: a tag seen only on
    someone's draft is theirs until they publish. Slugs are made of
    ``[a-z0-9-]`` only, so the typed text cannot smuggle a LIKE wildcard.
    """
    prefix = slugify(typed[:MAX_QUERY_LENGTH])
    if prefix == "-":
        return []
    uses = sa.func.count(CaseStudy.id)
    rows = db.session.execute(
        sa.select(Tag.name, uses)
        .join(case_study_tag, case_study_tag.c.tag_id == Tag.id)
        .join(CaseStudy, CaseStudy.id == case_study_tag.c.case_study_id)
        .where(
            CaseStudy.status == Status.PUBLISHED,
            sa.or_(Tag.slug.startswith(prefix), Tag.slug.contains(f"-{prefix}")),
        )
        .group_by(Tag.id, Tag.name)
        .order_by(uses.desc(), Tag.name)
        .limit(limit)
    )
    return [Suggestion(name, count) for name, count in rows]
