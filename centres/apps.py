from django.apps import AppConfig


class CentresConfig(AppConfig):
    name = "centres"
    verbose_name = "e-Rozgaar centres and targets"
