from __future__ import annotations

from django.contrib import admin

from clinic.clinics.models import Clinic, Membership


class MembershipInline(admin.TabularInline[Membership, Clinic]):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin[Clinic]):
    list_display = ["name", "slug", "phone", "email"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]
