"""Run the web app: apply migrations, collect static files, serve with uvicorn.

    python -m webapp [--host 127.0.0.1] [--port 8000] [--workers 1]

Settings profile from ``DJANGO_SETTINGS_MODULE`` (default development).
"""

from __future__ import annotations

import argparse
import os

import uvicorn


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m webapp", description=__doc__)
    parser.add_argument("--host", default=os.environ.get("WEBAPP_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEBAPP_PORT", "8000")))
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "webapp.settings.development")
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    if not settings.DEBUG:
        call_command("collectstatic", interactive=False, verbosity=0)
    uvicorn.run(
        "webapp.asgi:application",
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=False,
        lifespan="off",
        access_log=False,  # webapp.core.observability logs each request with its id
        log_config=settings.LOGGING,
    )


if __name__ == "__main__":
    main()
