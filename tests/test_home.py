"""Where the builder's own templates are (brief/home.py): the checkout's, else the copies a
plain install put under share/brief-builder/, found through the installation's record."""
from __future__ import annotations

from importlib import metadata
from pathlib import Path

import pytest

from brief import home


def test_a_checkout_s_templates_are_its_own() -> None:
    assert home.tool_root() == home.CHECKOUT == Path(__file__).resolve().parent.parent
    assert home.IN_CHECKOUT and (home.TOOL_ROOT / "templates/brief.html.j2").is_file()


class Installed:
    """An installation's record of its files, as importlib.metadata gives it."""

    def __init__(self, root: Path, listed: list[str]) -> None:
        self.root, self.listed = root, listed

    @property
    def files(self) -> list:
        return [Record(self.root, name) for name in self.listed]

    def locate_file(self, name: str) -> Path:
        return self.root / "target" / name


class Record:
    def __init__(self, root: Path, name: str) -> None:
        self.root, self.name = root, name

    def as_posix(self) -> str:
        return self.name

    def locate(self) -> Path:
        return self.root / "prefix" / self.name


def test_an_installation_s_templates_are_found_through_its_record(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(home, "CHECKOUT", tmp_path / "checkout")
    monkeypatch.setattr("sysconfig.get_path", {"data": str(tmp_path / "data")}.__getitem__)
    mark = "share/brief-builder/templates/brief.html.j2"
    installed = Installed(tmp_path, ["brief/__init__.py", mark])
    monkeypatch.setattr(metadata, "distribution", {"brief-builder": installed}.__getitem__)
    for place in ("prefix", "target", "data"):  # (as recorded; pip --target; the data path)
        (tmp_path / place / mark).parent.mkdir(parents=True)
        (tmp_path / place / mark).write_text("")
    assert home.tool_root() == tmp_path / "prefix" / "share/brief-builder"
    (tmp_path / "prefix" / mark).unlink()
    assert home.tool_root() == tmp_path / "target" / "share/brief-builder"
    (tmp_path / "target" / mark).unlink()
    assert home.tool_root() == tmp_path / "data" / "share/brief-builder"
    (tmp_path / "data" / mark).unlink()

    def nowhere(name: str) -> None:
        raise metadata.PackageNotFoundError(name)
    monkeypatch.setattr(metadata, "distribution", nowhere)
    with pytest.raises(RuntimeError) as failed:
        home.tool_root()
    assert str(failed.value) == (
        f"the builder's templates are neither in {tmp_path / 'checkout'} nor installed; "
        "reinstall it: pip install brief-builder")
