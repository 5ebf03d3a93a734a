"""Data: the fixed roles of R-ORG-2."""

from django.db import migrations

ROLE_CODES = [
    "administrator", "head", "cc_deputy_head", "registry_keeper", "unit_head", "executor",
    "controller", "registrar", "reception_officer", "cc_operator", "social_operator", "internal_client",
]


def create_roles(apps, schema_editor):
    Role = apps.get_model("orgs", "Role")
    for code in ROLE_CODES:
        Role.objects.get_or_create(code=code)


def delete_roles(apps, schema_editor):
    apps.get_model("orgs", "Role").objects.filter(code__in=ROLE_CODES).delete()


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]
    operations = [migrations.RunPython(create_roles, delete_roles)]
