"""The S&E and documents part of the REST API (registered in ``config/api.py``)."""
