"""The search benchmark: the app's index and query path against SQLite FTS5.

    .venv/bin/python bench/search.py --n 10000 [--json] [--keep] [--skip-load]
        [--phases index,queries,publish,fts5,relevance] [--rounds 2]
        [--publishes 20] [--profile-index] [--profile-queries]
        [--config SEARCH_REBUILD_PROCS 1]

For N synthetic ~600-word Indonesian case studies (``bench/corpus.py``,
deterministic), in a fresh SQLite database under ``bench/out/n<N>/``:

1. load the rows in bulk (programmes, agencies, authors, tags, case studies);
   loading is not what is measured, so it bypasses the services;
2. build the index through the app's own code (``app.search.rebuild.rebuild``,
   what ``flask search reindex`` runs): build rate, index size, peak memory;
   then rebuild again over the existing index (the reindex time);
3. run a fixed query mix through ``app.search.query.search`` (what the page and
   the API call): single word, two words, phrase, with a filter, facets
   (browsing one facet value), page 3, typo; p50 / p95 per type and overall;
4. the same documents and queries through SQLite FTS5 (unicode61, bm25 with the
   same field weights, snippet, total count and the same four facet counts);
5. publish -> searchable: publish through the service, commit, run the
   after-response indexer (``app.search.hooks.index_after_response``), then
   poll ``search`` until the new case study is found;
6. the relevance set of ``tests/relevance`` scored against FTS5 (the app's own
   scores come from ``tests/test_relevance.py``, printed here too).

Prints a Markdown table; ``--json`` also writes ``bench/out/search-<N>.json``.
Results are recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import html
import json
import math
import os
import platform
import pstats
import random
import re
import resource
import shutil
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import corpus  # noqa: E402
import sqlalchemy as sa  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import (  # noqa: E402
    Agency,
    CaseStudy,
    Program,
    Role,
    Status,
    Tag,
    User,
    case_study_tag,
)
from app.text import slugify  # noqa: E402
from config import TestingConfig  # noqa: E402

OUT = ROOT / "bench" / "out"
WEIGHTS = (3.0, 2.0, 1.0, 1.5, 1.0)  # title, summary, body, tags, context: schema.py
SECTIONS = ("situation", "action", "result", "lessons")


# --- the database -----------------------------------------------------------


def make_app(folder: Path):  # noqa: ANN201
    class Bench(TestingConfig):
        TESTING = False
        SERVER_NAME = None
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{folder / 'bench.sqlite3'}"
        INSTANCE_DIR = folder
        SEARCH_INDEX_DIR = str(folder / "index")

    return create_app(Bench)


def _paragraphs_html(text: str) -> str:
    return "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n"))


def load(n: int, seed: int) -> None:
    """N case studies in bulk (core inserts: no change log, no Markdown).

    Generated and inserted a chunk at a time, so loading 100,000 does not
    hold them all in memory (the peak memory reported is the index's).
    """
    db.drop_all()
    db.create_all()
    now = datetime.now(UTC)
    programs = {name: i + 1 for i, name in enumerate(corpus.PROGRAMS)}
    agencies = {name: i + 1 for i, name in enumerate(corpus.agencies())}
    tags = {name: i + 1 for i, name in enumerate(corpus.tags())}
    per_agency = 5 + n // 2000
    insert = db.session.execute
    insert(
        sa.insert(Program.__table__),
        [
            {"id": i, "name": k, "slug": slugify(k), "hours": 20}
            for k, i in programs.items()
        ],
    )
    insert(
        sa.insert(Agency.__table__),
        [
            {"id": i, "name": k, "slug": slugify(k), "created_at": now}
            for k, i in agencies.items()
        ],
    )
    insert(
        sa.insert(Tag.__table__),
        [{"id": i, "name": k, "slug": slugify(k)} for k, i in tags.items()],
    )
    users = []
    for agency_id in agencies.values():
        for j in range(per_agency):
            uid = (agency_id - 1) * per_agency + j + 1
            users.append(
                {
                    "id": uid,
                    "name": corpus.NAMES[(uid * 7) % len(corpus.NAMES)],
                    "email": f"asn{uid}@medan.go.id",
                    "role": Role.MEMBER,
                    "password_hash": "-",
                    "active": True,
                    "agency_id": agency_id,
                    "position": "Analis",
                    "created_at": now,
                }
            )
    insert(sa.insert(User.__table__), users)
    for start in range(0, n, 2000):
        rows, links = [], []
        for i in range(start, min(n, start + 2000)):
            doc = corpus.document(i, seed)
            agency_id = agencies[doc.agency]
            row = {
                "id": i + 1,
                "title": doc.title,
                "slug": slugify(doc.title)[:200],
                "summary": doc.summary,
                "status": Status.PUBLISHED,
                "author_id": (agency_id - 1) * per_agency + i % per_agency + 1,
                "program_id": programs[doc.program],
                "agency_id": agency_id,
                "created_at": doc.published_at,
                "updated_at": doc.published_at,
                "published_at": doc.published_at,
            }
            for name in SECTIONS:
                text = getattr(doc, name)
                row[f"{name}_md"] = text
                row[f"{name}_html"] = _paragraphs_html(text)
            rows.append(row)
            links += [{"case_study_id": i + 1, "tag_id": tags[t]} for t in doc.tags]
        insert(sa.insert(CaseStudy.__table__), rows)
        insert(sa.insert(case_study_tag), links)
        db.session.commit()


def folder_size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def max_rss_mb() -> tuple[int, int]:
    """Peak resident memory of this process and of its largest child (MB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    return own, children


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def build_index(profile: Path | None) -> dict:
    """The first build, then a rebuild over it (what `flask search reindex` does)."""
    from app.search.rebuild import rebuild, writer_processes

    total = db.session.scalar(sa.select(sa.func.count()).select_from(CaseStudy))
    gc.collect()
    profiler = cProfile.Profile() if profile else None
    cpu = _cpu_seconds()
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    report = rebuild()
    if profiler:
        profiler.disable()
        profiler.dump_stats(str(profile))
    built = time.perf_counter() - start
    built_cpu = _cpu_seconds() - cpu
    size = folder_size(report.folder)
    segments = len(list(report.folder.glob("*.seg")))
    cpu = _cpu_seconds()
    start = time.perf_counter()
    again = rebuild()
    reindex = time.perf_counter() - start
    reindex_cpu = _cpu_seconds() - cpu
    return {
        "documents": report.documents,
        "processes": writer_processes(total),
        "build_s": round(built, 2),
        "build_docs_per_s": round(report.documents / built, 1),
        "reindex_s": round(reindex, 2),
        "reindex_docs_per_s": round(again.documents / reindex, 1),
        # CPU seconds (this process and its workers): what the build costs
        # whatever else the machine is doing; the load average says how busy.
        "build_cpu_s": round(built_cpu, 1),
        "reindex_cpu_s": round(reindex_cpu, 1),
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "index_mb": round(size / 1e6, 1),
        "segments": segments,
    }


# --- the query mix --------------------------------------------------------------

SINGLE = """pelayanan banjir imunisasi disposisi gratifikasi sampah pengaduan anggaran
perekaman evakuasi stunting parkir zonasi mentoring retribusi posko jentik literasi
calo kompos""".split()
TWO = [
    "antrean loket",
    "koordinasi banjir",
    "pelatihan pegawai",
    "data penduduk",
    "keluhan warga",
    "jadwal rapat",
    "bantuan sosial",
    "izin usaha",
    "air bersih",
    "waktu tunggu",
    "pajak daerah",
    "rekam medis",
    "truk sampah",
    "kenaikan pangkat",
    "surat masuk",
    "ruang kelas",
    "media sosial",
    "tanda tangan",
    "jalur evakuasi",
    "nomor antrean",
]
PHRASES = [
    "nomor antrean",
    "ruang tunggu",
    "akta kelahiran",
    "demam berdarah",
    "jentik nyamuk",
    "rawat jalan",
    "bantaran sungai",
    "peringatan dini",
    "pompa air",
    "air bersih",
    "surat masuk",
    "blok waktu",
    "bahasa sederhana",
    "media sosial",
    "konflik kepentingan",
    "uang terima kasih",
    "tanda tangan elektronik",
    "kenaikan pangkat",
    "pajak daerah",
    "izin usaha",
]
TYPOS = """pelayaan kordinasi antrian imunisai disposis gratifkasi sampha anggraan
evakuassi stunteng pengaduan_masyarakt perekamn jadwall kesehatn pendidkan
perizinn kepegawaan parkr posyandu_balta bantuann""".split()


def query_mix() -> dict[str, list[dict]]:
    """Twenty distinct requests per type, as SearchRequest keyword arguments."""
    programs = [slugify(p) for p in corpus.PROGRAMS]
    agencies = [slugify(a) for a in corpus.agencies()]
    tags = [slugify(t) for t in corpus.tags()]
    filters = []
    for i in range(20):
        kind = ("program", "agency", "tag", "year")[i % 4]
        value = {
            "program": programs[i % len(programs)],
            "agency": agencies[i % len(agencies)],
            "tag": tags[(i * 3) % len(tags)],
            "year": 2021 + i % 6,
        }[kind]
        filters.append({kind: value})
    return {
        "single word": [{"q": w} for w in SINGLE],
        "two words": [{"q": w} for w in TWO],
        "phrase": [{"q": f'"{p}"'} for p in PHRASES],
        "filter": [{"q": SINGLE[i], **filters[i]} for i in range(20)],
        # Browsing by facet: no words, one facet chosen, counts over all of it.
        "facets": [{"q": "", **filters[(i + 1) % 20]} for i in range(20)],
        "page 3": [{"q": w, "page": 3} for w in TWO],
        "typo": [{"q": w.replace("_", " ")} for w in TYPOS],
    }


WARMUP = [
    {"q": "warga"},
    {"q": "laporan kegiatan"},
    {"q": '"standar pelayanan"'},
    {"q": "", "tag": "antrean"},
    {"q": "sekolah", "year": 2024},
]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1))
    return ordered[k]


def time_queries(run: Callable[[dict], object], mix: dict, rounds: int) -> dict:
    """Milliseconds per request by type: round 1 (each request new), later rounds."""
    for params in WARMUP:
        run(params)
    out = {}
    for kind, requests in mix.items():
        first, later = [], []
        for round_ in range(rounds):
            for params in requests:
                start = time.perf_counter()
                run(params)
                elapsed = (time.perf_counter() - start) * 1000
                (first if round_ == 0 else later).append(elapsed)
        out[kind] = {"first": first, "repeat": later}
    return out


def summarise(timings: dict) -> dict:
    rows = {}
    every_first, every_repeat = [], []
    for kind, t in timings.items():
        every_first += t["first"]
        every_repeat += t["repeat"]
        rows[kind] = _stats(t)
    rows["overall"] = _stats({"first": every_first, "repeat": every_repeat})
    return rows


def _stats(t: dict) -> dict:
    row = {
        "p50": round(statistics.median(t["first"]), 1),
        "p95": round(percentile(t["first"], 95), 1),
        "max": round(max(t["first"]), 1),
    }
    if t["repeat"]:
        row["repeat_p50"] = round(statistics.median(t["repeat"]), 1)
        row["repeat_p95"] = round(percentile(t["repeat"], 95), 1)
    return row


def app_runner() -> Callable[[dict], object]:
    from app.search.query import SearchRequest, search

    def run(params: dict):  # noqa: ANN202
        results = search(SearchRequest(**params))
        # What the API serialises: the hits' ids, snippets, total and facets.
        return [h.case_study.id for h in results.hits], results.total, results.facets

    return run


# --- SQLite FTS5, the same documents and the same requests ------------------------

FTS_SCHEMA = """
CREATE VIRTUAL TABLE fts USING fts5(
    title, summary, body, tags, context, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE docs (id INTEGER PRIMARY KEY, program TEXT, agency TEXT, year INTEGER,
                   published TEXT);
CREATE TABLE doc_tag (doc_id INTEGER, tag TEXT);
CREATE INDEX doc_tag_tag ON doc_tag (tag, doc_id);
CREATE INDEX doc_tag_doc ON doc_tag (doc_id);
CREATE INDEX docs_program ON docs (program);
CREATE INDEX docs_agency ON docs (agency);
CREATE INDEX docs_year ON docs (year);
CREATE INDEX docs_published ON docs (published);
"""
WIB_OFFSET_H = 7
BM25 = f"bm25(fts, {', '.join(map(str, WEIGHTS))})"
SNIPPET = "snippet(fts, -1, '<mark>', '</mark>', '…', 24)"


def fts_connect(path: Path | str) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path))
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA cache_size = -262144")  # 256 MB, as the app's index may use
    return conn


def fts_build(conn: sqlite3.Connection, rows: Iterable[tuple]) -> int:
    """rows: (id, title, summary, body, tags, context, program, agency, tags_slugs,
    published datetime)."""
    conn.executescript(FTS_SCHEMA)
    n = 0
    with conn:
        for (
            cid,
            title,
            summary,
            body,
            tags,
            context,
            program,
            agency,
            slugs,
            published,
        ) in rows:
            conn.execute(
                "INSERT INTO fts (rowid, title, summary, body, tags, context) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (cid, title, summary, body, tags, context),
            )
            wib = published.astimezone(UTC).timestamp() + WIB_OFFSET_H * 3600
            year = datetime.fromtimestamp(wib, UTC).year
            conn.execute(
                "INSERT INTO docs VALUES (?, ?, ?, ?, ?)",
                (cid, program, agency, year, published.isoformat()),
            )
            conn.executemany(
                "INSERT INTO doc_tag VALUES (?, ?)", [(cid, s) for s in slugs]
            )
            n += 1
    conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")
    conn.commit()
    return n


def rows_from_app() -> Iterable[tuple]:
    """The published case studies as FTS5 rows, read in id order."""
    from sqlalchemy.orm import Session

    from app.search.documents import published_batches

    with Session(db.engine) as session:
        for chunk in published_batches(session):
            for cs in chunk:
                yield (
                    cs.id,
                    cs.title,
                    cs.summary,
                    "\n\n".join(getattr(cs, f"{n}_md") for n in SECTIONS),
                    " ".join(t.name for t in cs.tags),
                    " ".join(
                        filter(
                            None,
                            [
                                cs.program.name,
                                cs.agency.name if cs.agency else "",
                                cs.author.name,
                            ],
                        )
                    ),
                    cs.program.slug,
                    cs.agency.slug if cs.agency else "",
                    [t.slug for t in cs.tags],
                    cs.published_at,
                )


_PHRASE = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"[^\W_]+(?:[-.][^\W_]+)*")
_FILTER_SQL = {
    "program": "d.program = ?",
    "agency": "d.agency = ?",
    "year": "d.year = ?",
    "tag": "EXISTS (SELECT 1 FROM doc_tag x WHERE x.doc_id = d.id AND x.tag = ?)",
}


def fts_match(q: str) -> str | None:
    """Words OR-ed, "quoted phrases" kept; each item quoted so nothing is syntax."""
    items = [f'"{" ".join(_WORD.findall(p))}"' for p in _PHRASE.findall(q)]
    items = [i for i in items if i != '""']
    items += [f'"{w}"' for w in _WORD.findall(_PHRASE.sub(" ", q))]
    return " OR ".join(items) or None


def fts_search(conn: sqlite3.Connection, params: dict) -> tuple[list[int], int, dict]:
    """The FTS5 equivalent of one search: a ranked page with snippets, the total,
    and the four facet counts (each with the other filters applied)."""
    match = fts_match(params.get("q", ""))
    filters = {k: params[k] for k in _FILTER_SQL if params.get(k) is not None}
    per_page, page = params.get("per_page", 10), params.get("page", 1)
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS m (id INTEGER PRIMARY KEY)")
    conn.execute("DELETE FROM m")
    if match:
        conn.execute("INSERT INTO m SELECT rowid FROM fts WHERE fts MATCH ?", (match,))
    else:
        conn.execute("INSERT INTO m SELECT id FROM docs")

    def where(skip: str | None = None) -> tuple[str, list]:
        parts = [sql for k, sql in _FILTER_SQL.items() if k in filters and k != skip]
        args = [filters[k] for k in _FILTER_SQL if k in filters and k != skip]
        return (" AND ".join(parts) or "1"), args

    clause, args = where()
    if match:
        top = conn.execute(
            f"SELECT fts.rowid FROM fts JOIN docs d ON d.id = fts.rowid "
            f"WHERE fts MATCH ? AND {clause} ORDER BY {BM25} LIMIT ? OFFSET ?",
            [match, *args, per_page, (page - 1) * per_page],
        ).fetchall()
        ids = [r[0] for r in top]
        if ids:
            marks = ",".join("?" * len(ids))
            conn.execute(
                f"SELECT rowid, {SNIPPET} FROM fts "
                f"WHERE fts MATCH ? AND rowid IN ({marks})",
                [match, *ids],
            ).fetchall()
    else:
        top = conn.execute(
            f"SELECT d.id FROM m JOIN docs d ON d.id = m.id WHERE {clause} "
            f"ORDER BY d.published DESC LIMIT ? OFFSET ?",
            [*args, per_page, (page - 1) * per_page],
        ).fetchall()
        ids = [r[0] for r in top]
    total = conn.execute(
        f"SELECT count(*) FROM m JOIN docs d ON d.id = m.id WHERE {clause}", args
    ).fetchone()[0]
    facets = {}
    for name in ("program", "agency", "year"):
        clause_f, args_f = where(skip=name)
        facets[name] = conn.execute(
            f"SELECT d.{name}, count(*) c FROM m JOIN docs d ON d.id = m.id "
            f"WHERE {clause_f} GROUP BY d.{name} ORDER BY c DESC LIMIT 15",
            args_f,
        ).fetchall()
    clause_f, args_f = where(skip="tag")
    facets["tag"] = conn.execute(
        f"SELECT t.tag, count(*) c FROM m JOIN docs d ON d.id = m.id "
        f"JOIN doc_tag t ON t.doc_id = m.id WHERE {clause_f} "
        f"GROUP BY t.tag ORDER BY c DESC LIMIT 15",
        args_f,
    ).fetchall()
    return ids, total, facets


# --- publish -> searchable ---------------------------------------------------------


def publish_latency(app, count: int) -> dict:  # noqa: ANN001
    """Publish through the service, commit, run the after-response indexer, then
    search until the new case study is found (ms)."""
    from app.practices.services import CaseStudyData, create_case_study
    from app.search.hooks import index_after_response
    from app.search.query import SearchRequest, search

    author = db.session.get(User, 1)
    program_id = db.session.scalar(sa.select(Program.id).limit(1))
    indexed, found, searches = [], [], []
    for i in range(count):
        word = f"penanda{i}uji{random.randrange(10**6)}"
        doc = corpus.document(10_000_000 + i)
        data = CaseStudyData(
            title=f"{doc.title[:150]} {word}",
            summary=doc.summary,
            program_id=program_id,
            situation=doc.situation,
            action=doc.action,
            result=doc.result,
            lessons=doc.lessons,
            tags=doc.tags,
        )
        start = time.perf_counter()
        case_study = create_case_study(
            author, data, publish=True, require_completion=False
        )
        db.session.commit()
        index_after_response(app)
        indexed.append(time.perf_counter() - start)
        tries = 0
        while True:
            tries += 1
            hits = search(SearchRequest(q=word)).hits
            if any(h.case_study.id == case_study.id for h in hits):
                break
            if time.perf_counter() - start > 30:
                raise RuntimeError("not searchable after 30 s")
        found.append(time.perf_counter() - start)
        searches.append(tries)
    ms = [x * 1000 for x in found]
    return {
        "p50_ms": round(statistics.median(ms), 1),
        "p95_ms": round(percentile(ms, 95), 1),
        "max_ms": round(max(ms), 1),
        "indexer_p50_ms": round(statistics.median(indexed) * 1000, 1),
        "searches_needed_max": max(searches),
    }


# --- relevance: the judged set, app and FTS5 ----------------------------------------


def relevance(folder: Path) -> dict:
    """nDCG@10 / recall@10 of the app and of FTS5 on tests/relevance."""
    from app.search.indexer import apply_pending
    from tests.test_relevance import (
        K,
        app_search,
        by_category,
        load_documents,
        load_into_database,
        load_queries,
        published_at,
        score,
    )

    documents, queries = load_documents(), load_queries()
    rel_folder = folder / "relevance"
    shutil.rmtree(rel_folder, ignore_errors=True)
    rel_folder.mkdir(parents=True)
    app = make_app(rel_folder)
    with app.app_context():
        db.create_all()
        ids = load_into_database(documents)
        db.session.commit()
        apply_pending()
        app_scored = score(queries, app_search, ids)
        db.session.remove()
        db.engine.dispose()
    conn = fts_connect(":memory:")
    fts_build(
        conn,
        (
            (
                ids[d["key"]],
                d["title"],
                d["summary"],
                "\n\n".join(d[s] for s in SECTIONS),
                " ".join(d["tags"]),
                f"{d['program']} {d['agency']}",
                slugify(d["program"]),
                slugify(d["agency"]),
                [slugify(t) for t in d["tags"]],
                published_at(d),
            )
            for d in documents
        ),
    )

    def fts_run(query: dict) -> list[int]:
        return fts_search(conn, {"q": query["q"], "per_page": K, **query["filters"]})[0]

    fts_scored = score(queries, fts_run, ids)
    out = {}
    for name, scored in (("app", app_scored), ("fts5", fts_scored)):
        out[name] = {
            "ndcg": round(statistics.mean(s.ndcg for s in scored), 3),
            "recall": round(statistics.mean(s.recall for s in scored), 3),
            "by_category": {
                k: [round(v[0], 3), round(v[1], 3)]
                for k, v in sorted(by_category(scored).items())
            },
        }
    return out


# --- the run ----------------------------------------------------------------------


PHASES = ("index", "queries", "publish", "fts5", "relevance")


def run(args: argparse.Namespace) -> dict:
    folder = OUT / f"n{args.n}"
    phases = set(args.phases.split(","))
    result: dict = {
        "n": args.n,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}",
        "memory_mb": {},  # peak RSS (this process, largest child) after each phase
    }
    if not args.skip_load:
        shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    app = make_app(folder)
    for key, value in args.config:
        app.config[key] = int(value) if value.isdigit() else value
    mix = query_mix()

    def checkpoint(phase: str) -> None:
        result["memory_mb"][phase] = list(max_rss_mb())
        _log(f"{phase}: {result.get(phase, '')} memory {result['memory_mb'][phase]}")

    with app.app_context():
        if not args.skip_load:
            start = time.perf_counter()
            load(args.n, args.seed)
            result["load_s"] = round(time.perf_counter() - start, 1)
            checkpoint("load")
        if "index" in phases:
            profile = folder / "rebuild.prof" if args.profile_index else None
            result["index"] = build_index(profile)
            checkpoint("index")
        if "queries" in phases:
            result["app"] = summarise(time_queries(app_runner(), mix, args.rounds))
            checkpoint("app")
            if args.profile_queries:
                _profile_queries(app_runner(), mix, folder / "queries.prof")
        if "publish" in phases:
            result["publish"] = publish_latency(app, args.publishes)
            checkpoint("publish")
        if "fts5" in phases:
            result.update(fts5_phase(folder, mix, args.rounds))
            checkpoint("fts5")
        db.session.remove()
        db.engine.dispose()
    if "relevance" in phases:
        result["relevance"] = relevance(folder)
    if not args.keep:
        for name in ("bench.sqlite3", "fts.sqlite3"):
            (folder / name).unlink(missing_ok=True)
    return result


def fts5_phase(folder: Path, mix: dict, rounds: int) -> dict:
    """Build FTS5 from the same rows, then time the same requests."""
    path = folder / "fts.sqlite3"
    path.unlink(missing_ok=True)
    conn = fts_connect(path)
    start = time.perf_counter()
    n = fts_build(conn, rows_from_app())
    built = time.perf_counter() - start
    size = None
    if _has_dbstat(conn):
        query = "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'fts%'"
        size = round(conn.execute(query).fetchone()[0] / 1e6, 1)
    timings = time_queries(lambda p: fts_search(conn, p), mix, rounds)
    conn.close()
    return {
        "fts5_index": {
            "build_s": round(built, 2),
            "build_docs_per_s": round(n / built, 1),
            "size_mb": size,
        },
        "fts5": summarise(timings),
    }


def _has_dbstat(conn: sqlite3.Connection) -> bool:
    try:
        conn.execute("SELECT 1 FROM dbstat LIMIT 1")
        return True
    except sqlite3.OperationalError:
        return False


def _profile_queries(run_one: Callable, mix: dict, path: Path) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for requests in mix.values():
        for params in requests:
            run_one(params)
    profiler.disable()
    profiler.dump_stats(str(path))
    stats = pstats.Stats(str(path))
    stats.sort_stats("cumulative").print_stats(25)


def _log(text: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {text}", file=sys.stderr, flush=True)


def table(result: dict) -> str:
    """The Markdown summary of whatever phases ran."""
    lines = [f"N = {result['n']:,} ({result['date']}; {result['machine']})", ""]
    app, fts = result.get("app"), result.get("fts5")
    if app:
        lines += [
            "| query type | app p50 | app p95 | FTS5 p50 | FTS5 p95 | app/FTS5 p95 |",
            "|---|---|---|---|---|---|",
        ]
        for kind, row in app.items():
            other = (fts or {}).get(kind, {"p50": "-", "p95": 0})
            ratio = f"{row['p95'] / other['p95']:.1f}x" if other["p95"] else "-"
            lines.append(
                f"| {kind} | {row['p50']} ms | {row['p95']} ms | {other['p50']} ms "
                f"| {other['p95'] or '-'} ms | {ratio} |"
            )
        lines.append("")
    if ix := result.get("index"):
        lines.append(
            f"- index build: {ix['build_docs_per_s']:,} docs/s ({ix['build_s']} s, "
            f"{ix['processes']} process(es), {ix['segments']} segment(s), "
            f"{ix['build_cpu_s']} CPU s); reindex {ix['reindex_s']} s "
            f"({ix['reindex_cpu_s']} CPU s); index {ix['index_mb']} MB; "
            f"load average {ix['load_average']}"
        )
    if fx := result.get("fts5_index"):
        lines.append(
            f"- FTS5 build: {fx['build_docs_per_s']:,} docs/s ({fx['build_s']} s); "
            f"FTS5 tables {fx['size_mb']} MB"
        )
    memory = ", ".join(
        f"{phase} {own}/{child}" for phase, (own, child) in result["memory_mb"].items()
    )
    lines.append(f"- peak memory MB (this process/largest child) after: {memory}")
    if pub := result.get("publish"):
        lines.append(
            f"- publish -> searchable: p50 {pub['p50_ms']} ms, p95 {pub['p95_ms']} ms, "
            f"max {pub['max_ms']} ms (indexer p50 {pub['indexer_p50_ms']} ms)"
        )
    if rel := result.get("relevance"):
        lines.append(
            f"- relevance (tests/relevance): app nDCG@10 {rel['app']['ndcg']}, "
            f"recall@10 {rel['app']['recall']}; FTS5 nDCG@10 {rel['fts5']['ndcg']}, "
            f"recall@10 {rel['fts5']['recall']}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--rounds",
        type=int,
        default=2,
        help="passes over the query mix (the first is reported)",
    )
    parser.add_argument("--publishes", type=int, default=20)
    parser.add_argument(
        "--json", action="store_true", help="also write bench/out/search-<N>.json"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the databases in bench/out/n<N>/"
    )
    parser.add_argument(
        "--phases",
        default=",".join(PHASES),
        help="what to run after loading (default: all): " + ",".join(PHASES),
    )
    parser.add_argument(
        "--skip-load",
        action="store_true",
        help="reuse the database kept by an earlier --keep run",
    )
    parser.add_argument(
        "--profile-index",
        action="store_true",
        help="cProfile the first build (bench/out/n<N>/rebuild.prof)",
    )
    parser.add_argument(
        "--profile-queries",
        action="store_true",
        help="cProfile one pass of the query mix",
    )
    parser.add_argument(
        "--config",
        nargs=2,
        action="append",
        default=[],
        metavar=("KEY", "VALUE"),
        help="app setting, e.g. --config SEARCH_REBUILD_PROCS 1",
    )
    args = parser.parse_args()
    result = run(args)
    print(table(result))
    if args.json:
        OUT.mkdir(parents=True, exist_ok=True)
        path = OUT / f"search-{args.n}.json"
        path.write_text(json.dumps(result, indent=1, ensure_ascii=False))
        print(f"\nwritten {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
