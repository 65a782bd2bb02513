from __future__ import annotations

from django.contrib import admin

from clinic.runners.models import AccessGrant, Runner


@admin.register(Runner)
class RunnerAdmin(admin.ModelAdmin[Runner]):
    list_display = ["user", "created_at"]
    search_fields = ["user__email", "user__full_name"]


@admin.register(AccessGrant)
class AccessGrantAdmin(admin.ModelAdmin[AccessGrant]):
    list_display = ["runner", "clinic", "granted_at", "withdrawn_at"]
    list_filter = ["clinic"]
    # Consent records are evidence: the admin may read them, never rewrite them.
    readonly_fields = [f.name for f in AccessGrant._meta.fields]
