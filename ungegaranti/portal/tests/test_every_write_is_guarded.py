"""Issue 8: every write service is called as each user its policy refuses, at the service level.
Each app's tests/test_service_policies.py lists the public functions of the modules it covers and
fails on one without a row; this test makes sure no module with a write service escapes those
lists: every module under ungegaranti/ with a function that records an audit event must be
covered by its app's test_service_policies."""

import importlib
import inspect
import pkgutil
from types import ModuleType

import ungegaranti

SKIPPED_PARTS = {"tests", "migrations", "management", "demo"}


def _modules() -> list[ModuleType]:
    found = []
    for info in pkgutil.walk_packages(ungegaranti.__path__, "ungegaranti."):
        parts = set(info.name.split("."))
        if parts & SKIPPED_PARTS or info.name.startswith("ungegaranti.placement.engine"):
            continue
        found.append(importlib.import_module(info.name))
    return found


def _writes(module: ModuleType) -> set[str]:
    return {
        name
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__
        and not name.startswith("_")
        and name != "audit_record"
        and "audit_record(" in inspect.getsource(function)
    }


def _covered_by(test_module: ModuleType) -> set[str]:
    """The modules the policy test names: as a global, or in a tuple of modules."""
    names = set()
    for value in vars(test_module).values():
        for item in value if isinstance(value, tuple) else (value,):
            if isinstance(item, ModuleType):
                names.add(item.__name__)
    return names


def test_every_module_with_a_write_service_is_covered_by_its_apps_policy_test():
    uncovered = []
    writers = [module for module in _modules() if _writes(module)]
    assert len(writers) >= 15, "the scan found too few write modules to be looking right"
    for module in writers:
        app = ".".join(module.__name__.split(".")[:2])
        try:
            policy_test = importlib.import_module(f"{app}.tests.test_service_policies")
        except ModuleNotFoundError:
            uncovered.append(f"{module.__name__} (no {app}.tests.test_service_policies)")
            continue
        if module.__name__ not in _covered_by(policy_test):
            uncovered.append(f"{module.__name__}: {sorted(_writes(module))}")
    assert uncovered == [], "write services outside every service-policy test"
