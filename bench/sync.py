"""The index write path, measured: rebuild rate, publish-to-searchable, check.

    .venv/bin/python bench/sync.py [N ...]      (default: 1000)

For each N, a fresh SQLite database in a temporary folder gets N published
case studies of ~600 words (sentences drawn from the demo content), written
through the ORM so the change log fills as in production. Then:

- ``flask search reindex`` path (``rebuild``): documents per second;
- publish -> searchable: commit one more case study, then ``apply_pending``
  (what runs after the response), 20 times; p50 / p95 / max;
- ``compare`` (``flask search check``) time.

Results go to docs/performance.md.
"""

from __future__ import annotations

import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from app.demo import content  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Agency, CaseStudy, Program, Status, User  # noqa: E402
from app.models.base import utcnow  # noqa: E402
from app.search.check import compare  # noqa: E402
from app.search.indexer import apply_pending  # noqa: E402
from app.search.rebuild import rebuild  # noqa: E402
from config import TestingConfig  # noqa: E402

SENTENCE = re.compile(r"[^.!?]+[.!?]")


def sentences() -> list[str]:
    text = " ".join(
        str(value)
        for case in content.CASE_STUDIES
        for value in case.values()
        if isinstance(value, str)
    )
    return [s.strip() for s in SENTENCE.findall(text) if len(s.split()) > 4]


def make_case_study(
    rng: random.Random, pool: list[str], n: int, **refs: object
) -> CaseStudy:
    def words(count: int) -> str:
        out: list[str] = []
        while sum(len(s.split()) for s in out) < count:
            out.append(rng.choice(pool))
        return " ".join(out)

    now = utcnow()
    return CaseStudy(
        title=words(8)[:200],
        slug=f"praktik-{n}",
        summary=words(30)[:500],
        situation_md=words(150),
        action_md=words(150),
        result_md=words(150),
        lessons_md=words(150),
        status=Status.PUBLISHED,
        published_at=now,
        updated_at=now,
        **refs,
    )


def run(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:

        class Bench(TestingConfig):
            SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp}/bench.sqlite3"
            INSTANCE_DIR = Path(tmp)
            SEARCH_INDEX_DIR = f"{tmp}/index"

        app = create_app(Bench)
        with app.app_context():
            db.create_all()
            rng, pool = random.Random(n), sentences()
            agency = Agency(name="Dinas Uji", slug="dinas-uji")
            program = Program(name="Pelatihan Uji", slug="pelatihan-uji")
            author = User(name="ASN Uji", email="uji@medan.go.id", password_hash="-")
            author.agency = agency
            refs = {"author": author, "program": program, "agency": agency}
            for i in range(n):
                db.session.add(make_case_study(rng, pool, i, **refs))
                if i % 500 == 499:
                    db.session.commit()
            db.session.commit()

            start = time.perf_counter()
            report = rebuild()
            build = time.perf_counter() - start

            latencies = []
            for i in range(20):
                db.session.add(make_case_study(rng, pool, n + i, **refs))
                start = time.perf_counter()
                db.session.commit()
                apply_pending()
                latencies.append(time.perf_counter() - start)

            start = time.perf_counter()
            agreement = compare().in_agreement
            checked = time.perf_counter() - start
            db.session.remove()
            db.engine.dispose()
        latencies.sort()
        print(
            f"| {n:,} | {report.documents / build:,.0f} docs/s ({build:.1f} s) "
            f"| {statistics.median(latencies) * 1000:.0f} / "
            f"{latencies[18] * 1000:.0f} / {latencies[-1] * 1000:.0f} ms "
            f"| {checked:.1f} s ({'agrees' if agreement else 'DIFFERS'}) |"
        )


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [1000]
    print("| case studies | rebuild | publish -> searchable p50 / p95 / max | check |")
    print("|---|---|---|---|")
    for n in sizes:
        run(n)


if __name__ == "__main__":
    main()
