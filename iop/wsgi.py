"""WSGI entry point: `gunicorn iop.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iop.settings")

application = get_wsgi_application()
