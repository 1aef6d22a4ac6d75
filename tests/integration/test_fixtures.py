"""The shared test infrastructure talks to real servers: slapd and an SMTP sink."""

from __future__ import annotations

import pytest
from django.core.mail import send_mail


@pytest.mark.ldap
def test_slapd_serves_the_test_directory(slapd) -> None:
    import ldap3

    server = ldap3.Server(slapd.uri, connect_timeout=5)
    # A user binds with their own password, as the sign-in will.
    user_dn = f"uid=anna.schmidt,ou=SG111,ou=FB11,ou=D1,ou=people,{slapd.suffix}"
    with ldap3.Connection(server, user=user_dn, password="Passwort-123", auto_bind=True) as conn:
        conn.search(f"ou=people,{slapd.suffix}", "(uid=anna.schmidt)", attributes=["cn", "mail", "memberOf"])
        (entry,) = conn.entries
        assert entry.cn.value == "Anna Schmidt"
        assert entry.mail.value == "anna.schmidt@stadt.example"
        # memberOf is filled by the overlay, so the LDIF was loaded through the running server.
        assert f"cn=intranet-users,ou=groups,{slapd.suffix}" in entry.memberOf.values


@pytest.mark.ldap
def test_slapd_rejects_a_wrong_password(slapd) -> None:
    import ldap3
    from ldap3.core.exceptions import LDAPBindError

    server = ldap3.Server(slapd.uri, connect_timeout=5)
    user_dn = f"uid=anna.schmidt,ou=SG111,ou=FB11,ou=D1,ou=people,{slapd.suffix}"
    with pytest.raises(LDAPBindError):
        ldap3.Connection(server, user=user_dn, password="wrong", auto_bind=True)


def test_mail_goes_through_real_smtp(smtp_sink) -> None:
    send_mail("Ihr Antrag", "Ihr Antrag wurde genehmigt.", "intranet@stadt.example", ["ada@stadt.example"])
    (message,) = smtp_sink.wait_for(1)
    assert message["Subject"] == "Ihr Antrag"
    assert message["X-Envelope-To"] == "ada@stadt.example"
    assert "genehmigt" in message.get_content()
