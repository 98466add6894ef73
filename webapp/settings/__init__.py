"""Settings profiles: ``base`` (shared), ``development`` (default) and ``production``.

Pick one with ``DJANGO_SETTINGS_MODULE=webapp.settings.production``.
"""
