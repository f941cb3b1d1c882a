"""Sending a reminder: by SMTP (STARTTLS, implicit TLS, or plain to a relay
on loopback; credentials from the reminders file or the environment) and by
HTTP POST of JSON to a webhook (企业微信 and 钉钉 robots answer errcode 0
when they took it; 钉钉 加签 signs the URL with the robot's secret)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import smtplib
import ssl
import time
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any
from urllib.parse import quote_plus

import httpx

from luoshi.reminders.config import Hook, Smtp


class SendFailed(Exception):
    """A channel did not take the message; the text says why, in Chinese."""


def _tls(smtp: Smtp) -> ssl.SSLContext:
    context = ssl.create_default_context()
    if smtp.ca_file:
        context.load_verify_locations(cafile=smtp.ca_file)
    return context


def send_email(smtp: Smtp, to: str, subject: str, body: str) -> None:
    message = EmailMessage()
    message["From"] = smtp.sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain="luoshi")
    message.set_content(body)
    try:
        if smtp.security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout, context=_tls(smtp))
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
        with client:
            if smtp.security == "starttls":
                client.starttls(context=_tls(smtp))
            if smtp.username:
                _login(client, smtp.username, smtp.password or "")
            client.send_message(message)
    except smtplib.SMTPAuthenticationError as exc:
        raise SendFailed(f"邮件服务器拒绝登录（{exc.smtp_code}）：请检查 smtp.username 和密码") from None
    except smtplib.SMTPRecipientsRefused:
        raise SendFailed(f"邮件服务器拒收地址 {to}") from None
    except (smtplib.SMTPException, OSError, ssl.SSLError) as exc:
        raise SendFailed(f"邮件未能发送（{smtp.host}:{smtp.port}：{exc}）") from None


def _login(client: smtplib.SMTP, username: str, password: str) -> None:
    """Log in; credentials beyond ASCII (smtplib's ``login`` refuses them)
    by AUTH PLAIN in UTF-8, as RFC 4616 allows."""
    if (username + password).isascii():
        client.login(username, password)
        return
    client.ehlo_or_helo_if_needed()
    token = base64.b64encode(b"\0" + username.encode() + b"\0" + password.encode()).decode("ascii")
    code, answer = client.docmd("AUTH", f"PLAIN {token}")
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, answer)


def signed_url(hook: Hook, now_ms: int | None = None) -> str:
    """A 钉钉 robot's URL with timestamp and sign when it has a secret (加签)."""
    if not hook.secret:
        return hook.url
    stamp = str(now_ms if now_ms is not None else int(time.time() * 1000))
    digest = hmac.new(hook.secret.encode(), f"{stamp}\n{hook.secret}".encode(), hashlib.sha256).digest()
    sign = quote_plus(base64.b64encode(digest).decode())
    joiner = "&" if "?" in hook.url else "?"
    return f"{hook.url}{joiner}timestamp={stamp}&sign={sign}"


def post_json(url: str, body: dict[str, Any], robot: bool, timeout: float = 15.0) -> None:
    """POST ``body``; a robot (企业微信, 钉钉) must answer errcode 0, any other a 2xx."""
    try:
        response = httpx.post(url, json=body, timeout=timeout, follow_redirects=False)
    except httpx.HTTPError as exc:
        raise SendFailed(f"无法连接 {url.split('?', 1)[0]}（{exc}）") from None
    if not response.is_success:
        raise SendFailed(f"{url.split('?', 1)[0]} 返回 HTTP {response.status_code}")
    if robot:
        try:
            answer = response.json()
        except ValueError:
            raise SendFailed(f"{url.split('?', 1)[0]} 的回答不是 JSON") from None
        if not isinstance(answer, dict) or answer.get("errcode") != 0:
            raise SendFailed(f"群机器人拒收：{answer}")
