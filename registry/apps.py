from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class RegistryConfig(AppConfig):
    default = True
    name = "registry"
    verbose_name = "Registry"

    def ready(self):
        from registry.cache import watch_registry_changes

        watch_registry_changes()


class MarkazAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "registry.admin_site.MarkazAdminSite"
