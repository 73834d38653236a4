"""The desktop program (PySide6): the only package that imports QtWidgets.

``careplan.ui.application.run_gui`` starts it; every change to the data goes
through ``careplan.ui.ops.Ops.run_op``.
"""
