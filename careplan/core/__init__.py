"""Pure-Python heart of Careplan: vocabularies, plan snapshots and clinical rules.

Nothing here imports Qt, SQLAlchemy or any other careplan package.
"""
