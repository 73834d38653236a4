"""The plan editor: the widget the main window embeds to build and revise a care plan.

``PlanEditorWidget`` is the whole contract; everything else in this package is its parts.
"""

from careplan.ui.editor.editor import PlanEditorWidget

__all__ = ["PlanEditorWidget"]
