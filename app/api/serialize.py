"""Search results as the JSON of API v1 (the shape is fixed by docs/api.md)."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from flask import url_for

from app.models import CaseStudy
from app.search.query import Hit, SearchResults


def results_json(results: SearchResults) -> dict[str, Any]:
    request = results.request
    return {
        "query": request.q,
        "total": results.total,
        "page": request.page,
        "per_page": request.per_page,
        "results": [hit_json(hit) for hit in results.hits],
        "facets": {
            name: [
                {"slug": value.slug, "name": value.name, "count": value.count}
                for value in values
            ]
            for name, values in results.facets.items()
        },
        "suggestion": results.suggestion,
    }


def hit_json(hit: Hit) -> dict[str, Any]:
    cs: CaseStudy = hit.case_study
    return {
        "id": cs.id,
        "title": cs.title,
        "url": url_for("practices.show", case_id=cs.id, slug=cs.slug, _external=True),
        "summary": cs.summary,
        "snippet": str(hit.snippet),
        "program": {"slug": cs.program.slug, "name": cs.program.name},
        "agency": (
            {"slug": cs.agency.slug, "name": cs.agency.name} if cs.agency else None
        ),
        "tags": [{"slug": tag.slug, "name": tag.name} for tag in cs.tags],
        "published_at": (
            cs.published_at.astimezone(UTC).isoformat() if cs.published_at else None
        ),
        "featured": cs.is_featured,
        "score": round(float(hit.score), 4),
    }
