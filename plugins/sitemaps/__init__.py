from .sitemaps import register

__all__ = ["register"]
