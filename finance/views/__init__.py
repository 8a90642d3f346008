"""The money pages, one module per topic; finance/urls.py names them."""
