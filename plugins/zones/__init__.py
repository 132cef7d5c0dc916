from .zones import register

__all__ = ["register"]
