from .postcodes import register

__all__ = ["register"]
