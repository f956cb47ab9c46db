"""The folder tree is the architecture: imports point inward, and every module sits in its layer.

Layers, outermost first: entry points (cli, demo, web), the composition root (bootstrap, config),
reports, the application's use cases, the read model, adapters, the HR file formats, and the
domain. A module may import its own layer and the layers inside it, never one further out.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "succession_flow"

MAY_IMPORT: dict[str, set[str]] = {
    "domain": {"domain"},
    "formats": {"formats", "domain", "data"},
    "adapters": {"adapters", "formats", "domain"},
    "readmodel": {"readmodel", "adapters", "formats", "domain"},
    "application": {"application", "readmodel", "adapters", "formats", "domain", "data"},
    "reports": {"reports", "application", "readmodel", "adapters", "formats", "domain"},
}
"""Inner layers only; cli, demo, bootstrap and config may import anything but an entry point."""

ENTRY_POINTS = {"cli", "demo", "web"}

APPLICATION_CAPABILITIES = {"pipeline", "batch", "people", "hr_files", "audit", "queries"}
APPLICATION_SHARED = {"__init__", "services", "ports"}


def layer_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        found.append((".".join(relative.parts).removesuffix(".__init__"), path))
    return found


def imported_by(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {name for name in names if name.startswith("succession_flow.")}


@pytest.mark.parametrize("module, path", modules(), ids=[name for name, _ in modules()])
def test_a_module_imports_only_its_own_layer_and_the_layers_inside_it(
    module: str, path: Path
) -> None:
    layer = layer_of(module)
    outward = []
    for target in imported_by(path):
        target_layer = layer_of(target)
        if layer in MAY_IMPORT:
            allowed = MAY_IMPORT[layer]
            if target_layer not in allowed:
                outward.append(target)
        elif layer not in ENTRY_POINTS and target_layer in ENTRY_POINTS:
            outward.append(target)
    assert outward == [], f"{module} imports outward: {sorted(outward)}"


def test_the_application_is_grouped_by_capability() -> None:
    application = PACKAGE / "application"
    flat = {path.stem for path in application.glob("*.py")} - APPLICATION_SHARED
    folders = {path.name for path in application.iterdir() if (path / "__init__.py").exists()}
    assert flat == set(), f"modules outside a capability folder: {sorted(flat)}"
    assert folders == APPLICATION_CAPABILITIES


def test_every_package_says_what_it_is_for() -> None:
    undocumented = [
        str(init.relative_to(PACKAGE))
        for init in PACKAGE.rglob("__init__.py")
        if ast.get_docstring(ast.parse(init.read_text())) is None
        and "data" not in init.relative_to(PACKAGE).parts
    ]
    assert undocumented == []
