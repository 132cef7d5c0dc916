from .i18n import register

__all__ = ["register"]
