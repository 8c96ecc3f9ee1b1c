"""Daily and weekly digests: due at 07.00 WIB, only when there is news, exactly once.

Email goes to a real local SMTP server (``tests/mailbox.py``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.i18n import WIB
from app.models import (
    Digest,
    EmailFrequency,
    Notification,
    NotificationKind,
    NotificationTopic,
)
from app.notifications import digests, settings
from tests.concurrency import command_env, run_commands_together, run_together
from tests.conftest import database_url
from tests.mailbox import BASE_URL, Mailbox, body_html, body_text, use_smtp

DAILY, WEEKLY = EmailFrequency.DAILY, EmailFrequency.WEEKLY
# Monday 2 March 2026, 07.00 WIB: both digests are due from here.
MONDAY_7 = datetime(2026, 3, 2, 7, 0, tzinfo=WIB)
SUNDAY = MONDAY_7 - timedelta(hours=10)  # Sunday 21.00 WIB
RUN = MONDAY_7 + timedelta(minutes=5)


def wib(*args: int) -> datetime:
    return datetime(*args, tzinfo=WIB)


def choose(db, user, **topics: str) -> None:  # noqa: ANN001
    settings.set_frequencies(
        user,
        {NotificationTopic(t): EmailFrequency(f) for t, f in topics.items()},
    )
    db.session.commit()


def digest_rows(db) -> list[Digest]:  # noqa: ANN001
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Digest).order_by(Digest.id)))


@pytest.fixture
def commented(make_case_study, make_user, make_notification):  # noqa: ANN001,ANN201
    """A comment notice (discussion: daily by default) on the user's case study."""

    def make(user, *, at: datetime = SUNDAY, title: str = "Antrean Puskesmas", **kw):  # noqa: ANN001,ANN003,ANN202
        case_study = make_case_study(author=user, title=title)
        return make_notification(
            user,
            NotificationKind.COMMENT,
            case_study=case_study,
            actor=make_user(name="Budi Santoso"),
            created_at=at,
            **kw,
        )

    return make


# --- when digests are due -----------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "frequency", "start"),
    [
        (wib(2026, 3, 4, 7, 0), DAILY, wib(2026, 3, 4, 7, 0)),
        (wib(2026, 3, 4, 6, 59), DAILY, wib(2026, 3, 3, 7, 0)),
        (wib(2026, 3, 4, 23, 30), DAILY, wib(2026, 3, 4, 7, 0)),
        (wib(2026, 3, 1, 2, 0), DAILY, wib(2026, 2, 28, 7, 0)),  # across months
        (wib(2026, 3, 2, 7, 0), WEEKLY, wib(2026, 3, 2, 7, 0)),  # Monday 07.00
        (wib(2026, 3, 2, 6, 59), WEEKLY, wib(2026, 2, 23, 7, 0)),  # not yet
        (wib(2026, 3, 8, 23, 59), WEEKLY, wib(2026, 3, 2, 7, 0)),  # Sunday night
        (wib(2026, 3, 4, 12, 0), WEEKLY, wib(2026, 3, 2, 7, 0)),
    ],
)
def test_periods_begin_at_seven_wib_daily_and_on_mondays(now, frequency, start):
    begun = digests.period_start(frequency, now.astimezone(UTC))
    assert begun == start
    assert begun.tzinfo is UTC and begun.hour == 0  # 07.00 WIB is 00.00 UTC


def test_a_daily_digest_is_due_at_seven_not_before(
    db, mail_server, make_user, commented
):
    commented(make_user(), at=wib(2026, 3, 3, 20, 0))
    assert (
        digests.send_due(wib(2026, 3, 4, 6, 59)).sent == 0
    )  # its period has not begun
    assert digests.send_due(wib(2026, 3, 4, 7, 1)).sent == 1


# --- only when there is something new -----------------------------------------------


def test_nothing_new_means_no_email_and_no_digest_row(
    db, mail_server, make_user, commented
):
    quiet = make_user()  # nothing at all
    commented(make_user(), at=RUN)  # arrived after the period began: tomorrow
    commented(make_user(), read_at=SUNDAY)  # read in the app already
    immediate = make_user()
    choose(db, immediate, discussion="immediate")
    commented(immediate)  # not for a digest at all
    assert quiet
    report = digests.send_due(RUN)
    assert report.sent == 0
    assert mail_server.messages == []
    assert digest_rows(db) == []


def test_a_digest_is_sent_once_however_often_the_command_runs(
    db, mail_server, make_user, commented
):
    user = make_user()
    first = commented(user)
    assert digests.send_due(RUN).sent == 1
    assert digests.send_due(RUN + timedelta(hours=1)).sent == 0
    late = commented(user, at=RUN + timedelta(hours=2), title="Arsip Digital")
    assert digests.send_due(RUN + timedelta(hours=3)).sent == 0  # waits for tomorrow
    assert digests.send_due(RUN + timedelta(days=1)).sent == 1
    assert len(mail_server.messages) == 2
    assert "Arsip Digital" not in body_text(mail_server.messages[0])
    assert "Arsip Digital" in body_text(mail_server.messages[1])
    [monday, tuesday] = digest_rows(db)
    assert (monday.user_id, monday.frequency, monday.notification_count) == (
        user.id,
        DAILY,
        1,
    )
    assert monday.period_start == MONDAY_7.astimezone(UTC)
    assert monday.sent_at == RUN and monday.email_error == ""
    assert tuesday.period_start == (MONDAY_7 + timedelta(days=1)).astimezone(UTC)
    db.session.expire_all()
    assert db.session.get(Notification, first.id).mailed_at == RUN
    assert db.session.get(Notification, late.id).mailed_at == RUN + timedelta(days=1)


def test_daily_and_weekly_topics_make_separate_digests(
    db, mail_server, make_user, make_case_study, make_notification, commented
):
    user = make_user()  # discussion daily, appreciation weekly (the defaults)
    commented(user)
    make_notification(
        user,
        NotificationKind.HELPFUL,
        case_study=make_case_study(author=user),
        actor=make_user(),
        created_at=SUNDAY,
    )
    assert digests.send_due(RUN).sent == 2  # Monday: both
    subjects = sorted(m["Subject"] for m in mail_server.messages)
    assert subjects == [
        "Ringkasan harian Lumbung Praktik: 1 notifikasi baru",
        "Ringkasan mingguan Lumbung Praktik: 1 notifikasi baru",
    ]
    make_notification(
        user,
        NotificationKind.REPLICATED,
        case_study=make_case_study(author=user),
        actor=make_user(),
        created_at=RUN + timedelta(hours=1),
    )
    commented(user, at=RUN + timedelta(hours=1))
    assert digests.send_due(RUN + timedelta(days=1)).sent == 1  # Tuesday: daily only
    assert digests.send_due(RUN + timedelta(days=7)).sent == 1  # next Monday: weekly


def test_inactive_accounts_get_no_digest(db, mail_server, make_user, commented):
    commented(make_user(active=False))
    assert digests.send_due(RUN).sent == 0
    assert digest_rows(db) == []


def test_a_notice_about_a_case_study_now_hidden_is_left_out(
    db, mail_server, make_user, make_case_study, make_notification
):
    from app.models import Status

    user = make_user()
    hidden = make_case_study(title="Rahasia Zamrud")
    notice = make_notification(
        user, NotificationKind.NEW_CASE_STUDY, case_study=hidden, created_at=SUNDAY
    )
    hidden.status = Status.HIDDEN
    db.session.commit()
    assert digests.send_due(RUN).sent == 0
    assert digest_rows(db) == []
    db.session.expire_all()
    assert db.session.get(Notification, notice.id).mailed_at is not None  # settled


# --- what the email says ------------------------------------------------------------


def test_the_digest_is_grouped_by_topic_with_links_reasons_and_unsubscribe(
    db, mail_server, make_user, make_case_study, make_notification, commented
):
    user = make_user(name="Sri Nasution")
    choose(db, user, appreciation="daily", moderation="daily")
    comment = commented(user, title="Antrean Puskesmas")
    helpful = make_notification(
        user,
        NotificationKind.HELPFUL,
        case_study=make_case_study(author=user, title="Arsip Digital"),
        actor=make_user(name="Rina Siregar"),
        actor_count=3,
        created_at=SUNDAY,
    )
    make_notification(
        user, NotificationKind.WARNING, message="Jaga bahasa.", created_at=SUNDAY
    )
    assert digests.send_due(RUN).sent == 1
    [message] = mail_server.messages
    assert message["Subject"] == "Ringkasan harian Lumbung Praktik: 3 notifikasi baru"
    text, html = body_text(message), body_html(message)
    assert "Yth. Sri Nasution," in text
    assert "hingga 2 Maret 2026, 07.00 WIB" in text
    # Topics in the settings page's order, each with its own items.
    headings = [
        "== Komentar dan balasan ==",
        "== Bermanfaat dan penerapan ==",
        "== Keputusan moderator ==",
    ]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    assert text.index("Budi Santoso mengomentari") < positions[1]
    assert positions[1] < text.index("Rina Siregar dan 2 rekan lain") < positions[2]
    assert "Pesan: Jaga bahasa." in text
    for notice in (comment, helpful):
        assert f"{BASE_URL}/notifikasi/{notice.id}" in text
        assert f'href="{BASE_URL}/notifikasi/{notice.id}"' in html
    assert text.count("Anda menerima ini karena Anda penulis studi kasus ini.") == 2
    for topic in (
        "Komentar dan balasan",
        "Bermanfaat dan penerapan",
        "Keputusan moderator",
    ):
        assert (
            f"Berhenti menerima email tentang «{topic}»: {BASE_URL}/berhenti/" in text
        )
    assert "Berhenti menerima email ringkasan ini" in text
    unsubscribe = message["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith(f"{BASE_URL}/berhenti/") and unsubscribe in text
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"{BASE_URL}/pengaturan/notifikasi" in text
    assert f'href="{BASE_URL}/pengaturan/notifikasi#topik-appreciation"' in html


def test_the_digests_one_click_unsubscribe_stops_every_topic_in_it(
    db, client, mail_server, make_user, make_case_study, make_notification, commented
):
    from urllib.parse import urlsplit

    user = make_user()
    choose(db, user, appreciation="daily")
    commented(user)
    make_notification(
        user,
        NotificationKind.HELPFUL,
        case_study=make_case_study(author=user),
        created_at=SUNDAY,
    )
    digests.send_due(RUN)
    link = mail_server.messages[0]["List-Unsubscribe"].strip("<>")
    assert client.post(urlsplit(link).path).status_code == 200
    chosen = settings.frequencies(user)
    assert chosen[NotificationTopic.DISCUSSION] is EmailFrequency.NEVER
    assert chosen[NotificationTopic.APPRECIATION] is EmailFrequency.NEVER
    assert chosen[NotificationTopic.MODERATION] is EmailFrequency.IMMEDIATE  # untouched


def test_the_digest_is_in_the_recipients_language(
    db, mail_server, make_user, commented
):
    user = make_user()
    user.locale = "en"
    db.session.commit()
    choose(db, user, discussion="weekly")
    commented(user)
    digests.send_due(RUN)
    # Dates are formatted by the locale, whatever the catalogue holds.
    assert "2 March 2026" in body_text(mail_server.messages[0])


# --- the command and failures -------------------------------------------------------


def test_the_command_prints_the_count_last(
    db, runner, mail_server, make_user, commented
):
    for _ in range(3):
        commented(make_user())
    result = runner.invoke(args=["digests", "send", "--now", "2026-03-02T07:05"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-2:] == [
        "Ringkasan terkirim: 3, gagal: 0.",
        "3 digests sent",
    ]
    again = runner.invoke(args=["digests", "send", "--now", "2026-03-02T08:05"])
    assert again.output.splitlines()[-1] == "0 digests sent"


def test_when_smtp_fails_the_error_is_recorded_and_not_retried(
    app, db, runner, make_user, commented
):
    from tests.mailbox import free_port

    use_smtp(app, free_port())
    notice = commented(make_user())
    result = runner.invoke(args=["digests", "send", "--now", "2026-03-02T07:05"])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "0 digests sent"
    [digest] = digest_rows(db)
    assert digest.sent_at is None and "ConnectionRefusedError" in digest.email_error
    assert db.session.get(Notification, notice.id).mailed_at is not None
    again = runner.invoke(args=["digests", "send", "--now", "2026-03-02T08:05"])
    assert again.output.splitlines()[-1] == "0 digests sent"
    assert len(digest_rows(db)) == 1


def test_without_base_url_nothing_is_claimed(
    app, db, runner, mail_server, make_user, commented
):
    app.config["BASE_URL"] = ""
    commented(make_user())
    result = runner.invoke(args=["digests", "send", "--now", "2026-03-02T07:05"])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "0 digests sent"
    assert digest_rows(db) == []


def test_a_claim_is_atomic_the_second_claim_of_a_period_fails(db, make_user, commented):
    user = make_user()
    commented(user)
    assert digests.claim(user.id, DAILY, RUN) is not None
    commented(user)  # new, but the period's digest is taken
    assert digests.claim(user.id, DAILY, RUN) is None


# --- two runs at once ---------------------------------------------------------------

RUNS = 2
USERS = 30


def users_with_news(db, make_user, commented) -> dict[str, int]:  # noqa: ANN001
    """USERS users, each with two comment notices for Monday's daily digest."""
    users = [make_user() for _ in range(USERS)]
    for user in users:
        commented(user)
        commented(user)
    return {user.email: user.id for user in users}


def assert_each_digest_sent_once(db, box: Mailbox, users: dict[str, int]) -> None:  # noqa: ANN001
    recipients = sorted(to for _sender, tos in box.envelopes for to in tos)
    assert recipients == sorted(users)
    rows = digest_rows(db)
    assert sorted(r.user_id for r in rows) == sorted(users.values())
    assert all(r.sent_at is not None and r.notification_count == 2 for r in rows)
    unmailed = db.session.scalar(
        sa.select(sa.func.count(Notification.id)).where(
            Notification.mailed_at.is_(None)
        )
    )
    assert unmailed == 0


def test_two_runs_in_parallel_send_each_digest_exactly_once(
    app, db, config_class, mail_server, make_user, commented
):
    users = users_with_news(db, make_user, commented)

    def send(_n, start) -> digests.DigestReport:  # noqa: ANN001
        start()
        return digests.send_due(RUN)

    reports = run_together(
        config_class,
        RUNS,
        send,
        prepare=lambda other: use_smtp(other, mail_server.port),
    )
    assert sum(r.sent for r in reports) == USERS
    assert_each_digest_sent_once(db, mail_server, users)


def test_two_cron_runs_of_the_command_at_once_send_each_digest_exactly_once(
    db, test_dirs, tmp_path, mail_server, make_user, commented
):
    users = users_with_news(db, make_user, commented)
    env = command_env(database_url(test_dirs), tmp_path, mail_server.port, BASE_URL)

    last_lines = run_commands_together(
        ["digests", "send", "--now", "2026-03-02T07:05+07:00"], env, RUNS
    )

    counts = [int(line.removesuffix(" digests sent")) for line in last_lines]
    assert sum(counts) == USERS, last_lines
    assert_each_digest_sent_once(db, mail_server, users)
