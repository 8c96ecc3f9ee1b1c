"""The access rules, asked directly: the one place that decides who may do what."""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin

from app.models import Role, Status
from app.policy import Ability, can

ANONYMOUS = AnonymousUserMixin()


@pytest.fixture
def author(make_user):  # noqa: ANN001,ANN201
    return make_user()


@pytest.fixture
def draft(make_case_study, author):  # noqa: ANN001,ANN201
    return make_case_study(author=author, publish=False)


@pytest.fixture
def published(make_case_study, author):  # noqa: ANN001,ANN201
    return make_case_study(author=author, publish=True)


def test_anyone_may_read_a_published_case_study(published, make_user):
    assert can(ANONYMOUS, Ability.VIEW_CASE_STUDY, published)
    assert can(make_user(), Ability.VIEW_CASE_STUDY, published)


@pytest.mark.parametrize("status", [Status.DRAFT, Status.WITHDRAWN, Status.HIDDEN])
def test_only_author_and_moderators_see_unpublished_case_studies(
    status, draft, author, make_user, db
):
    draft.status = status
    db.session.commit()
    assert can(author, Ability.VIEW_CASE_STUDY, draft)
    assert can(make_user(Role.MODERATOR), Ability.VIEW_CASE_STUDY, draft)
    assert can(make_user(Role.ADMIN), Ability.VIEW_CASE_STUDY, draft)
    assert not can(ANONYMOUS, Ability.VIEW_CASE_STUDY, draft)
    for role in (Role.MEMBER, Role.ORGANISER, Role.LEADER):
        assert not can(make_user(role), Ability.VIEW_CASE_STUDY, draft)


def test_only_the_author_may_edit_even_an_admin_may_not(published, author, make_user):
    assert can(author, Ability.EDIT_CASE_STUDY, published)
    for role in Role:
        assert not can(make_user(role), Ability.EDIT_CASE_STUDY, published)
    assert not can(ANONYMOUS, Ability.EDIT_CASE_STUDY, published)


def test_a_hidden_case_study_cannot_be_edited_by_its_author(published, author, db):
    published.status = Status.HIDDEN
    db.session.commit()
    assert not can(author, Ability.EDIT_CASE_STUDY, published)


def test_only_a_published_case_study_can_be_withdrawn_by_its_author(
    published, draft, author, make_user
):
    assert can(author, Ability.WITHDRAW_CASE_STUDY, published)
    assert not can(author, Ability.WITHDRAW_CASE_STUDY, draft)
    assert not can(make_user(Role.ADMIN), Ability.WITHDRAW_CASE_STUDY, published)


def test_history_is_for_the_author_and_moderators(published, author, make_user):
    assert can(author, Ability.VIEW_HISTORY, published)
    assert can(make_user(Role.MODERATOR), Ability.VIEW_HISTORY, published)
    assert not can(make_user(), Ability.VIEW_HISTORY, published)
    assert not can(ANONYMOUS, Ability.VIEW_HISTORY, published)


def test_signed_in_users_comment_on_published_case_studies_only(
    published, draft, make_user
):
    member = make_user()
    assert can(member, Ability.COMMENT, published)
    assert not can(member, Ability.COMMENT, draft)
    assert not can(ANONYMOUS, Ability.COMMENT, published)


def test_comments_are_edited_and_deleted_by_their_author_only(
    published, make_user, make_comment, db
):
    commenter = make_user()
    comment = make_comment(published, author=commenter)
    assert can(commenter, Ability.EDIT_COMMENT, comment)
    assert can(commenter, Ability.DELETE_COMMENT, comment)
    assert not can(make_user(), Ability.EDIT_COMMENT, comment)
    assert not can(ANONYMOUS, Ability.DELETE_COMMENT, comment)


def test_writing_and_declaring_completions_need_an_account(make_user):
    assert can(make_user(), Ability.WRITE_CASE_STUDY)
    assert can(make_user(), Ability.DECLARE_COMPLETION)
    assert not can(ANONYMOUS, Ability.WRITE_CASE_STUDY)
    assert not can(ANONYMOUS, Ability.DECLARE_COMPLETION)


# Community: appreciation, bookmarks, follows.


@pytest.mark.parametrize("ability", [Ability.MARK_HELPFUL, Ability.REPLICATE])
def test_colleagues_may_appreciate_published_work_but_not_their_own(
    ability, published, author, make_user
):
    assert can(make_user(), ability, published)
    assert not can(author, ability, published)
    assert not can(ANONYMOUS, ability, published)


@pytest.mark.parametrize("ability", [Ability.MARK_HELPFUL, Ability.REPLICATE])
@pytest.mark.parametrize("status", [Status.DRAFT, Status.WITHDRAWN, Status.HIDDEN])
def test_unpublished_work_cannot_be_appreciated(ability, status, draft, make_user, db):
    draft.status = status
    db.session.commit()
    assert not can(make_user(), ability, draft)
    assert not can(make_user(Role.MODERATOR), ability, draft)


def test_only_what_one_may_read_can_be_bookmarked(draft, published, author, make_user):
    colleague = make_user()
    assert can(colleague, Ability.BOOKMARK, published)
    assert not can(colleague, Ability.BOOKMARK, draft)
    assert can(author, Ability.BOOKMARK, draft)
    assert not can(ANONYMOUS, Ability.BOOKMARK, published)


def test_people_may_follow_others_but_not_themselves(author, make_user, make_program):
    colleague = make_user()
    assert can(colleague, Ability.FOLLOW, author)
    assert not can(author, Ability.FOLLOW, author)
    assert can(author, Ability.FOLLOW, make_program())
    assert not can(ANONYMOUS, Ability.FOLLOW, author)
