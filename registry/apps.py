from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate


class RegistryConfig(AppConfig):
    default = True
    name = "registry"
    verbose_name = "Registry"

    def ready(self):
        import registry.admin.companies  # noqa: F401
        import registry.admin.registrations  # noqa: F401  (registers the registry's admins)
        from registry.models.changes import watch_changes_of
        from registry.models.fixed_lists import restore_after_migrate

        watch_changes_of(self)
        # Provinces, sectors and role groups exist in every database, after migrate and flush.
        post_migrate.connect(restore_after_migrate, sender=self, dispatch_uid="fixed-lists")


class MarkazAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "registry.admin.site.MarkazAdminSite"
