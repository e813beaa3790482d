"""Which throttle a client uses, from its ``throttle=`` argument (layer 3).

``True`` is a local :class:`Throttle`, ``False`` (or None) the no-op one, and a
``Throttle(...)`` or a shared throttle (FileThrottle, RedisThrottle) is taken as it is.
A shared throttle is recognised without importing its module: a client that never uses
one never loads ``_shared``.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TypeGuard

from .._errors import ConfigurationError
from ._limiter import Throttle
from .protocols import NoThrottle

if TYPE_CHECKING:
    from .._shared import SharedThrottle

__all__ = ["choose_throttle", "is_shared"]


def is_shared(throttle: object) -> TypeGuard[SharedThrottle]:
    """A shared throttle (FileThrottle, RedisThrottle), without importing their module."""
    module = sys.modules.get("ringcentral_async._shared.limiter")
    return module is not None and isinstance(throttle, module.SharedThrottle)


def choose_throttle(throttle: object) -> Throttle | SharedThrottle | NoThrottle:
    """The throttle for a ``throttle=`` argument; ConfigurationError for anything else."""
    if throttle is True:
        return Throttle()
    if throttle is False or throttle is None:
        return NoThrottle()
    if isinstance(throttle, Throttle) or is_shared(throttle):
        return throttle
    raise ConfigurationError(
        "throttle must be True, False, a Throttle(...) or a shared throttle "
        "(FileThrottle, RedisThrottle)"
    )
