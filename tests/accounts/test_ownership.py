"""Who may report on a target: its owner (a department, or a league or city
for the places in it), any admin, never a viewer; admins reassign owners."""

from __future__ import annotations

import pytest
from accounts_samples import COMMERCE, PASSWORD, admin, commerce, target

from luoshi.accounts import Accounts, PermissionDenied, Role, target_key

WULANHAOTE = target(region="乌兰浩特市", code="152201", owner=None, start=100)
XINGAN = target(region="兴安盟", code="152200", owner=None, start=40)
HOHHOT = target(region="呼和浩特市", code="150100", owner=None, start=70)


def test_a_target_key_is_its_document_and_span():
    assert target_key(target()) == "plan.txt:10-22"


def test_a_department_owner_may_report_on_its_own_targets_only(accounts: Accounts):
    zhang = commerce(accounts)
    other = accounts.add_user("li", PASSWORD, Role.OWNER, owner="自治区发展和改革委员会")
    assert accounts.may_report(zhang, target())
    assert not accounts.may_report(other, target())
    assert not accounts.may_report(zhang, target(owner="自治区发展和改革委员会"))


def test_a_league_owner_may_report_on_its_places_targets_without_an_owner(accounts: Accounts):
    xingan = accounts.add_user("xam", PASSWORD, Role.OWNER, owner="兴安盟")
    assert accounts.may_report(xingan, XINGAN)
    assert accounts.may_report(xingan, WULANHAOTE)  # a 旗县 of the league
    assert not accounts.may_report(xingan, HOHHOT)
    assert not accounts.may_report(xingan, target())  # a department's target in the region
    assert accounts.may_report(xingan, target(region="乌兰浩特市", code=None, owner=None))  # code from the name


def test_a_viewer_may_not_report_and_an_admin_may(accounts: Accounts):
    viewer = accounts.add_user("kan", PASSWORD, Role.VIEWER, owner=COMMERCE)
    root = admin(accounts)
    assert not accounts.may_report(viewer, target())
    assert accounts.may_report(root, target()) and accounts.may_report(root, HOHHOT)


def test_assigning_an_owner_takes_an_admin(accounts: Accounts):
    zhang = commerce(accounts)
    with pytest.raises(PermissionDenied, match="zhang.*只有管理员"):
        accounts.assign_owner(target(), "兴安盟", by=zhang)
    assert accounts.assigned_owners() == {}
    assert accounts.owner_of(target()) == COMMERCE


def test_an_assignment_by_an_admin_decides_who_may_report(accounts: Accounts):
    root, zhang = admin(accounts), commerce(accounts)
    xingan = accounts.add_user("xam", PASSWORD, Role.OWNER, owner="兴安盟")
    accounts.assign_owner(target(), "兴安盟", by=root)
    assert accounts.owner_of(target()) == "兴安盟"
    assert accounts.assigned_owners() == {"plan.txt:10-22": "兴安盟"}
    assert accounts.may_report(xingan, target()) and not accounts.may_report(zhang, target())
    accounts.assign_owner(WULANHAOTE, "自治区交通运输厅", by=root)  # an owner now, so not the league's
    assert not accounts.may_report(xingan, WULANHAOTE)
    accounts.assign_owner(target(), COMMERCE, by=root)  # reassigned
    assert accounts.may_report(zhang, target()) and len(accounts.assigned_owners()) == 2


def test_a_disabled_owner_may_not_report(accounts: Accounts):
    commerce(accounts)
    zhang = accounts.disable("zhang")
    assert not accounts.may_report(zhang, target())
