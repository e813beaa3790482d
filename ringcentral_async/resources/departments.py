"""rc.departments: department bulk assignment (deprecated)."""

from __future__ import annotations

from .._endpoint import Resource

__all__ = ["DepartmentsResource"]


class DepartmentsResource(Resource):
    """Department bulk assignment (deprecated)."""
