"""Reminders to owners: each owner's lagging, overdue and nearly-due tasks,
with links, by e-mail and by webhook (企业微信, 钉钉, plain JSON), never the
same twice in a round, every message audited; and the schedule of
reminders and 通报 that ``luoshi serve --schedule`` keeps.

Modules: ``config`` (reminders.yaml), ``tasks`` (what each owner is
reminded of), ``messages`` (the message in each channel's shape),
``senders`` (SMTP and webhooks), ``run`` (``remind``), ``schedule``
(cron jobs in a background thread).
"""

from typing import TYPE_CHECKING

from luoshi.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from luoshi.reminders.config import RemindersConfig, parse_config, read_config
    from luoshi.reminders.run import Delivery, remind, round_of
    from luoshi.reminders.schedule import Duties, start_duties

__all__ = ["Delivery", "Duties", "RemindersConfig", "parse_config", "read_config", "remind", "round_of", "start_duties"]

# Senders (httpx) and 通报 (their charts) only once a reminder goes out: every
# command imports this package's config for its default path.
__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        **dict.fromkeys(["RemindersConfig", "parse_config", "read_config"], "luoshi.reminders.config"),
        **dict.fromkeys(["Delivery", "remind", "round_of"], "luoshi.reminders.run"),
        **dict.fromkeys(["Duties", "start_duties"], "luoshi.reminders.schedule"),
    },
)
