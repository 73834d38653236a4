"""``python -m careplan`` and the ``careplan`` console script."""

from careplan.app import launch, main

#: ``main``: what the console script of an installation made by an earlier version calls.
__all__ = ["launch", "main"]

if __name__ == "__main__":
    launch()
