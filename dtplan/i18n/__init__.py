"""Every Vietnamese label (labels; by topic access_labels, document_labels, steering_labels) and number/date
format (formats), reached as `i18n.NAME`. The bottom layer: nothing here imports from the rest of dtplan."""

from dtplan.i18n import access_labels, document_labels, formats, labels, steering_labels
from dtplan.i18n.access_labels import *  # noqa: F403
from dtplan.i18n.document_labels import *  # noqa: F403
from dtplan.i18n.formats import *  # noqa: F403
from dtplan.i18n.labels import *  # noqa: F403
from dtplan.i18n.steering_labels import *  # noqa: F403

__all__ = [*formats.__all__, *(name for name in vars(labels) if name.isupper())]
__all__ += [
    name for module in (access_labels, document_labels, steering_labels) for name in vars(module) if name.isupper()
]
