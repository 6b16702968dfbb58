"""The application form (issue 4, "Capture an application").

The shell uses :class:`ApplicationForm` and, at start-up,
:func:`pending_draft_id` to reopen a draft left open by a crash.
"""

from ui.form.drafts import OPEN_DRAFT_KEY, pending_draft_id
from ui.form.form import ApplicationForm

__all__ = ["OPEN_DRAFT_KEY", "ApplicationForm", "pending_draft_id"]
