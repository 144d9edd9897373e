"""Names shown for providers, accounts and domain states, in the interface language.

The layers below Qt name providers in English (``PROVIDER_TITLES``) for the CLI and logs;
the window uses the names each provider's own console uses in that language.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from cdnmon.gui.i18n import arg
from cdnmon.providers.errors import PROVIDER_TITLES

# pyside6-lupdate finds strings only in calls with a literal context.
translate = QCoreApplication.translate


def provider_title(provider: str) -> str:
    """``Alibaba Cloud`` / ``阿里云``; an unknown provider by its id."""
    titles = {
        "aliyun": translate("Labels", "Alibaba Cloud"),
        "ucloud": translate("Labels", "UCloud"),
        "tencent": translate("Labels", "Tencent Cloud"),
        "edgeone": translate("Labels", "Tencent EdgeOne"),
        "huawei": translate("Labels", "Huawei Cloud"),
        "volcengine": translate("Labels", "Volcengine"),
        "prometheus": translate("Labels", "Prometheus"),
    }
    return titles.get(provider, PROVIDER_TITLES.get(provider, provider))


def source_title(provider: str, account: str) -> str:
    """``Alibaba Cloud · shop``."""
    return f"{provider_title(provider)} · {account}"


def account_label(provider: str, account: str) -> str:
    """``Alibaba Cloud account 'shop'``, as in the CLI's messages."""
    # One text per provider: a translation may space a Latin name and not a Chinese one.
    texts = {
        "aliyun": translate("Labels", "Alibaba Cloud account '%1'"),
        "ucloud": translate("Labels", "UCloud account '%1'"),
        "tencent": translate("Labels", "Tencent Cloud account '%1'"),
        "edgeone": translate("Labels", "Tencent EdgeOne account '%1'"),
        "huawei": translate("Labels", "Huawei Cloud account '%1'"),
        "volcengine": translate("Labels", "Volcengine account '%1'"),
        "prometheus": translate("Labels", "Prometheus '%1'"),
    }
    if provider in texts:
        return arg(texts[provider], account)
    return arg(translate("Labels", "%1 account '%2'"), provider_title(provider), account)


def domain_status(status: str) -> str:
    """A domain state from the providers' domain lists; an unknown one as the provider wrote it."""
    states = {
        "offline": translate("Labels", "offline", "domain state"),
        "disable": translate("Labels", "disabled", "domain state"),
        "configuring": translate("Labels", "configuring", "domain state"),
        "configure_failed": translate("Labels", "configuration failed", "domain state"),
        "checking": translate("Labels", "under review", "domain state"),
        "check": translate("Labels", "under review", "domain state"),
        "check_failed": translate("Labels", "review failed", "domain state"),
        "stopping": translate("Labels", "stopping", "domain state"),
        "deleting": translate("Labels", "deleting", "domain state"),
    }
    return states.get(status, status)
