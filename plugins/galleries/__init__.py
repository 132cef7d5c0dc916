from .galleries import register

__all__ = ["register"]
