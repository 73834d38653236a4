"""Careplan: care plans and handouts for people with dystonia."""

__version__ = "0.1.0"
