"""The REST API (/api/v1/): the app's scoping and services, behind tokens or the session."""
