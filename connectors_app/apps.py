from django.apps import AppConfig


class ConnectorsAppConfig(AppConfig):
    name = "connectors_app"
    verbose_name = "Connector Wizard"
