from django.apps import AppConfig


class CentresConfig(AppConfig):
    name = "centres"
    verbose_name = "e-Rozgaar centres and targets"

    def ready(self):
        from registry.models.changes import watch_changes_of

        # Programmes, centres and targets are registry data too: a change revalidates pages.
        watch_changes_of(self)
