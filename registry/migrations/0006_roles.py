"""The four staff roles of SPEC §5 as groups, with the actions each may take on each model.

Which rows a role reaches (its provinces or facilities) is decided in registry/access.py.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ALL = ("view", "add", "change", "delete")
REGISTRY = [
    "registry.province",
    "registry.sector",
    "registry.city",
    "registry.operator",
    "registry.facility",
    "registry.park",
    "registry.company",
    "registry.tenancy",
    "registry.workforcereport",
    "centres.programme",
    "centres.centre",
    "centres.target",
]
FIXED_LISTS = {"registry.province": ("view",), "registry.sector": ("view",)}

ROLES = {
    "HQ editor": {
        **{model: ALL for model in REGISTRY},
        "registry.staffassignment": ALL,
    },
    "Provincial officer": {
        **FIXED_LISTS,
        "registry.city": ALL,
        "registry.operator": ("view",),
        "registry.facility": ("view",),
        "registry.park": ALL,
        "registry.company": ("view", "add"),
        "registry.tenancy": ALL,
        "registry.workforcereport": ALL,
        "centres.programme": ("view",),
        "centres.centre": ALL,
        "centres.target": ("view",),
    },
    "Facility manager": {
        **FIXED_LISTS,
        "registry.facility": ("view",),
        # Change, for the facility page's inlines; the facility's own fields stay read-only.
        "registry.park": ("view", "change"),
        "centres.centre": ("view", "change"),
        "registry.company": ("view", "add"),
        "registry.tenancy": ALL,
        "registry.workforcereport": ALL,
    },
    "Viewer": {model: ("view",) for model in REGISTRY},
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after migrating; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, actions in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for label, verbs in actions.items():
            app_label, model = label.split(".")
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label,
                    content_type__model=model,
                    codename__in=[f"{verb}_{model}" for verb in verbs],
                )
            )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("registry", "0005_history_and_staff_assignments"),
        ("centres", "0002_history"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
