"""The agreement pages, one module per topic; agreements/urls.py names them."""
