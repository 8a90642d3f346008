"""The hours pages, one module per topic: entry, upload, review and progress."""
