from .typography import register

__all__ = ["register"]
