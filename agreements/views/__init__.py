"""The agreement pages, one module per topic."""

from agreements.views.drafting import *  # noqa: F403 (the pages as they were in one module, until the split)
