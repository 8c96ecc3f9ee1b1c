"""Demo data: `flask demo load [--if-empty]`."""

from __future__ import annotations

import inspect
import re
from collections import Counter

import sqlalchemy as sa

from app.auth.nip import validate_nip
from app.demo import content, evaluation_content
from app.demo.evaluation import plan_seats
from app.demo.loader import load_demo
from app.models import (
    Agency,
    CaseStudy,
    CheckIn,
    Comment,
    Completion,
    CompletionSource,
    Feedback,
    Follow,
    FollowTarget,
    FollowUp,
    Notification,
    NotificationKind,
    Program,
    ProgramRun,
    Role,
    Status,
    User,
)
from app.models.base import utcnow
from tests.evaluation_data import sign_in

SEED_PROGRAMMES = {
    "Pelatihan Manajemen Krisis",
    "Pelatihan Manajemen Waktu",
    "Pelatihan Komunikasi Efektif",
    "Seminar Etika Pelayanan Publik",
}


def table_counts(db) -> dict[str, int]:  # noqa: ANN001
    return {
        table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def published(db) -> list[CaseStudy]:  # noqa: ANN001
    return list(
        db.session.scalars(
            sa.select(CaseStudy).where(CaseStudy.status == Status.PUBLISHED)
        )
    )


def test_load_creates_case_studies_people_of_every_role_and_the_seed_programmes(
    db, runner
):
    result = runner.invoke(args=["demo", "load"])

    assert result.exit_code == 0, result.output
    assert len(published(db)) >= 30
    roles = set(db.session.scalars(sa.select(User.role)))
    assert roles == set(Role)
    names = set(db.session.scalars(sa.select(Program.name)))
    assert SEED_PROGRAMMES <= names
    assert all(
        p.hours and p.description for p in db.session.scalars(sa.select(Program))
    )
    assert {"dinas-kesehatan", "bkpsdm", "disdukcapil"} <= set(
        db.session.scalars(sa.select(Agency.slug))
    )


def test_command_prints_the_shared_demo_password(db, runner):
    result = runner.invoke(args=["demo", "load"])

    assert result.output.strip().splitlines()[-1].endswith("demo-lumbung-2026")


def test_the_dinas_kesehatan_crisis_story_is_there(db):
    load_demo()

    story = db.session.scalar(
        sa.select(CaseStudy)
        .join(CaseStudy.program)
        .join(CaseStudy.agency)
        .where(
            Program.name == "Pelatihan Manajemen Krisis",
            Agency.name == "Dinas Kesehatan",
            CaseStudy.title.contains("Koordinasi cepat"),
        )
    )
    assert story is not None and story.is_published
    assert "puskesmas" in story.situation_md.lower()
    assert "BPBD" in story.action_md and "kelurahan" in story.summary
    assert story.result_before > story.result_after
    assert story.revisions and story.result_html.startswith("<p>")


def test_loading_twice_changes_nothing(db, runner):
    runner.invoke(args=["demo", "load"])
    before = table_counts(db)

    result = runner.invoke(args=["demo", "load"])

    assert result.exit_code == 0
    assert "tidak ada yang ditambahkan" in result.output
    assert table_counts(db) == before


def test_reloading_restores_only_what_is_missing(db):
    load_demo()
    db.session.commit()
    db.session.execute(sa.delete(CaseStudy).where(CaseStudy.import_key == "demo:5"))
    db.session.commit()

    report = load_demo()

    assert (report.case_studies, report.users, report.comments) == (1, 0, 0)


def test_if_empty_does_nothing_on_a_database_with_a_user(db, runner, make_user):
    make_user()
    before = table_counts(db)

    result = runner.invoke(args=["demo", "load", "--if-empty"])

    assert result.exit_code == 0
    assert "tidak dimuat" in result.output
    assert table_counts(db) == before


def test_if_empty_does_nothing_on_a_database_with_a_case_study(db, make_case_study):
    make_case_study()

    assert load_demo(if_empty=True).skipped
    assert len(published(db)) == 1


def test_if_empty_loads_an_empty_database(db, runner):
    result = runner.invoke(args=["demo", "load", "--if-empty"])

    assert result.exit_code == 0
    assert len(published(db)) >= 30


def test_every_demo_user_can_log_in_with_the_demo_password(db):
    load_demo()
    db.session.commit()

    users = list(db.session.scalars(sa.select(User)))
    assert len(users) == len(content.USERS)
    for user in users:
        assert user.check_password("demo-lumbung-2026"), user.email
        assert user.is_active
        assert re.fullmatch(r"[a-z]+\.[a-z]+@medan\.go\.id", user.email)
        validate_nip(user.nip)
        assert user.agency is not None


def test_authors_have_completions_some_verified_some_not(db):
    load_demo()

    for case_study in db.session.scalars(sa.select(CaseStudy)):
        assert db.session.scalar(
            sa.select(Completion.id).where(
                Completion.user_id == case_study.author_id,
                Completion.program_id == case_study.program_id,
            )
        )
    verified = Counter(c.verified for c in db.session.scalars(sa.select(Completion)))
    assert verified[True] and verified[False]


def test_there_are_drafts_and_comments_with_replies(db):
    load_demo()

    statuses = Counter(db.session.scalars(sa.select(CaseStudy.status)))
    assert statuses[Status.DRAFT] >= 2
    replies = db.session.scalars(
        sa.select(Comment).where(Comment.parent_id.is_not(None))
    ).all()
    assert replies
    assert all(
        r.case_study.published_at < r.parent.created_at < r.created_at for r in replies
    )


def test_case_studies_are_substantial_varied_and_spread_out(db):
    load_demo()
    studies = published(db)

    for study in studies:
        words = sum(
            len(getattr(study, f"{name}_md").split())
            for name in ("situation", "action", "result", "lessons")
        )
        assert 150 <= words <= 450, study.import_key
        assert all(getattr(study, f"{n}_html") for n in ("situation", "lessons"))
        assert len(study.revisions) == 1
    assert len({s.program_id for s in studies}) >= 8
    assert len({s.agency_id for s in studies}) >= 12
    assert len({t.slug for s in studies for t in s.tags}) >= 40
    assert {s.published_at.year for s in studies} == {2025, 2026}
    assert sum(s.result_before is not None for s in studies) >= 20
    assert {s.result_unit for s in studies} >= {"menit", "hari kerja", "%"}


def test_no_sentence_is_repeated_across_case_studies():
    sentences = Counter()
    for spec in content.CASE_STUDIES:
        text = " ".join(
            inspect.cleandoc(spec.get(name, ""))
            for name in ("situation", "action", "result", "lessons")
        )
        for sentence in set(re.split(r"(?<=[.!?])\s+", " ".join(text.split()))):
            if len(sentence.split()) >= 6:
                sentences[sentence] += 1
    assert [s for s, n in sentences.items() if n > 1] == []


# --- evaluation: runs, participants, follow-ups, feedback ------------------------


def test_every_programme_has_runs_some_full_and_one_nearly_empty(db):
    load_demo()
    db.session.commit()

    runs = list(db.session.scalars(sa.select(ProgramRun)))
    per_programme = Counter(run.program_id for run in runs)
    assert set(per_programme) == set(db.session.scalars(sa.select(Program.id)))
    assert all(1 <= n <= 3 for n in per_programme.values())
    seated = Counter(
        db.session.scalars(
            sa.select(Completion.run_id).where(
                Completion.run_id.is_not(None), Completion.rejected_at.is_(None)
            )
        )
    )
    full = [r for r in runs if seated[r.id] == r.capacity]
    low = [r for r in runs if seated[r.id] * 2 < r.capacity]
    assert len(full) >= 2
    assert [r.name for r in low] == ["Angkatan I 2026"]
    assert all(r.organiser is not None for r in runs)


def test_participants_are_imported_declared_and_one_rejected(db):
    load_demo()
    db.session.commit()

    in_runs = list(
        db.session.scalars(sa.select(Completion).where(Completion.run_id.is_not(None)))
    )
    imported = [c for c in in_runs if c.source is CompletionSource.IMPORTED]
    assert imported and all(c.verified for c in imported)
    assert any(not c.verified for c in in_runs)  # declared, awaiting verification
    [rejected] = db.session.scalars(
        sa.select(Completion).where(Completion.rejected_at.is_not(None))
    )
    assert rejected.rejection_reason and not rejected.verified
    assert all(c.completed_on == c.run.ends_on for c in in_runs)


def test_follow_ups_are_in_every_state(db):
    load_demo()
    db.session.commit()
    now = utcnow()

    follow_ups = list(db.session.scalars(sa.select(FollowUp)))
    check_ins = list(db.session.scalars(sa.select(CheckIn)))
    assert any(f.sent_at is None and f.due_at <= now for f in follow_ups)
    assert any(f.sent_at and f.answered_at is None for f in follow_ups)
    assert {c.applied for c in check_ins} == {True, False}
    assert {c.supervisor_confirmed for c in check_ins if c.supervisor_id} == {
        True,
        False,
        None,
    }
    for check_in in check_ins:
        participant = check_in.follow_up.completion.user
        assert check_in.follow_up.answered_at is not None
        if check_in.supervisor is not None:
            assert check_in.supervisor.agency_id == participant.agency_id
    assert all(f.sent_at <= now for f in follow_ups if f.sent_at)


def test_feedback_is_enough_for_some_programmes_and_too_little_for_one(db):
    load_demo()
    db.session.commit()

    answers = Counter(
        db.session.scalars(
            sa.select(Program.name)
            .join(Completion, Completion.program_id == Program.id)
            .join(Feedback, Feedback.completion_id == Completion.id)
        )
    )
    assert sum(n >= 5 for n in answers.values()) >= 4
    assert 0 < answers["Pelatihan Pengelolaan Pengaduan Masyarakat"] < 5


def test_agencies_have_headcounts_and_staff_have_supervisors(db):
    load_demo()
    db.session.commit()

    headcounts = {a.name: a.headcount for a in db.session.scalars(sa.select(Agency))}
    assert headcounts["Dinas Kesehatan"] and headcounts["Bappeda"] is None
    supervised = list(
        db.session.scalars(sa.select(User).where(User.supervisor_id.is_not(None)))
    )
    assert len(supervised) >= 30
    assert all(u.supervisor.agency_id == u.agency_id for u in supervised)
    leaders = {u.agency.name for u in supervised if u.supervisor.role is Role.LEADER}
    assert {"Dinas Kesehatan", "Disdukcapil"} <= leaders


def test_seat_plan_comes_from_the_content_alone():
    plan = plan_seats()

    assert plan == plan_seats()
    for spec in evaluation_content.RUNS:
        assert len(plan[spec["key"]]) == spec["seats"] <= spec["capacity"]
    by_programme: dict[str, list[str]] = {}
    for spec in evaluation_content.RUNS:
        by_programme.setdefault(spec["program"], []).extend(plan[spec["key"]])
    for emails in by_programme.values():
        assert len(emails) == len(set(emails))


def test_demo_dashboards_show_the_gaps_the_evaluation_found(db, client):
    load_demo()
    db.session.commit()
    admin = db.session.scalar(sa.select(User).where(User.role == Role.ADMIN))
    leader = db.session.scalar(
        sa.select(User).where(User.email == "rahmat.pulungan@medan.go.id")
    )

    sign_in(client, admin)
    city = client.get("/evaluasi?tahun=2026").get_data(as_text=True)
    program = client.get("/evaluasi/program/pelatihan-manajemen-krisis")
    sign_in(client, leader)
    agency = client.get("/evaluasi/instansi/dinas-kesehatan?tahun=2026")
    other = client.get("/evaluasi/instansi/disdukcapil?tahun=2026")

    for note in (
        "Partisipasi rendah",
        "Belum ada tindak lanjut terkirim",
        "Tindak lanjut jarang dijawab",
        "Kurang dari 5 jawaban",
    ):
        assert note in city, note
    assert program.status_code == 200
    assert "Penuh" in program.get_data(as_text=True)
    page = agency.get_data(as_text=True)
    assert agency.status_code == 200 and "Bayu Pratama" in page
    assert other.status_code == 403


# Community (issue 6): follows, a feed, notices of every kind, a digest.


def _sri(db) -> User:  # noqa: ANN001
    return db.session.scalar(
        sa.select(User).where(User.email == "sri.nasution@medan.go.id")
    )


def test_demo_holds_a_notification_of_every_kind(db):
    load_demo()
    db.session.commit()

    kinds = set(db.session.scalars(sa.select(Notification.kind).distinct()))

    assert kinds == set(NotificationKind)


def test_demo_member_follows_things_and_has_a_feed_saved_list_and_marks(db, client):
    load_demo()
    db.session.commit()
    sri = _sri(db)
    story = db.session.scalar(
        sa.select(CaseStudy).where(CaseStudy.import_key == "demo:1")
    )

    assert {follow.target_kind for follow in sri_follows(db, sri)} == set(FollowTarget)
    assert story.helpful_count == 6 and story.replication_count == 3
    sign_in(client, sri)
    feed = client.get("/beranda").get_data(as_text=True)
    saved = client.get("/disimpan").get_data(as_text=True)
    assert "Jemput bola perekaman KTP-el" in feed
    assert "Memanggil pasien dengan nomor" in saved


def sri_follows(db, sri: User) -> list[Follow]:  # noqa: ANN001
    return list(db.session.scalars(sa.select(Follow).where(Follow.user_id == sri.id)))


def test_after_loading_the_next_digest_run_mails_the_demo_member_a_digest(
    db, runner, mail_server
):
    runner.invoke(args=["demo", "load"])

    result = runner.invoke(args=["digests", "send"])

    assert result.exit_code == 0, result.output
    to_sri = [m for m in mail_server.messages if "sri.nasution" in m["To"]]
    assert len(to_sri) == 1
    body = to_sri[0].get_body(("plain",)).get_content()
    for topic in (
        "Komentar dan balasan",
        "Bermanfaat dan penerapan",
        "Yang Anda ikuti",
    ):
        assert topic in body
    assert "menandai studi kasus Anda" in body
