from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "clinic.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from clinic.accounts import privacy, signals  # noqa: F401  (connect receivers)
