#!/usr/bin/env python
"""Django's command-line utility (``python webapp/manage.py ...``)."""

import os
import sys
from pathlib import Path

# Run as a script, Python puts webapp/ first on sys.path, where our ``calendar`` app would
# shadow the standard library module: import from the project root instead.
PROJECT_ROOT = str(Path(__file__).resolve().parent.parent)
sys.path[:] = [PROJECT_ROOT, *(p for p in sys.path[1:] if p != PROJECT_ROOT)]


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "webapp.settings.development")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
