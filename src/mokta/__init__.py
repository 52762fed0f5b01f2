"""mokta: a stateful server that speaks the Okta Admin Management API."""

__version__ = "0.1.0"
