"""careplan.figures.shipped: the shipped drawings kept drawn in the cache folder, the same shapes as
drawn fresh, rebuilt whenever the cache cannot be trusted, and a warm run light on imports."""

from __future__ import annotations

import errno
import os
import pickle
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from careplan.core import resources
from careplan.core.cache_folder import set_cache_folder
from careplan.figures import shipped
from careplan.figures.drawing import render
from careplan.figures.library import FigureError, load_figures
from careplan.figures.shipped import CACHE_FILENAME, ShippedFigure, cache_key, load_shipped_figures

ROOT = Path(__file__).resolve().parent.parent.parent

#: What a warm handout must not import: the loader's libraries and the figures' geometry.
HEAVY = (
    "pydantic",
    "tomllib",
    *(
        f"careplan.figures.{name}"
        for name in ("library", "drawing", "pose", "body", "props", "hands", "feet", "annotate")
    ),
)


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the times the drawings' files are read and checked (the cost the cache saves)."""
    calls: list[int] = []
    import careplan.figures.library as library

    real = library.load_figures

    def counting(folder: Path) -> object:
        calls.append(1)
        return real(folder)

    monkeypatch.setattr(library, "load_figures", counting)
    return calls


def _own_resources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of resources/figures the test may change (the real ones stay as shipped)."""
    figures = tmp_path / "resources" / "figures"
    shutil.copytree(resources.resource_path("figures"), figures)
    monkeypatch.setattr(resources, "RESOURCES_DIR", tmp_path / "resources")
    return figures


def test_every_drawing_from_the_cache_is_the_drawing_made_fresh(tmp_path: Path) -> None:
    load_shipped_figures(tmp_path)  # drawn and written
    cached = load_shipped_figures(tmp_path)  # read back
    fresh = load_figures(resources.resource_path("figures"))
    assert sorted(cached) == sorted(fresh)
    for code, fig in fresh.items():
        ready = cached[code]
        assert (ready.code, ready.description, ready.moves_to, ready.follows, ready.hand) == (
            fig.code,
            fig.description,
            fig.moves_to,
            fig.follows,
            fig.hand is not None,
        )
        for side in (None, "left", "right"):
            assert ready.drawing(side) == render(fig, side), (code, side)
            # The item editor's preview fits the drawing to its own box: the same shapes there too.
            assert ready.drawing(side, 1.6) == render(fig, side, 1.6), (code, side)


def test_a_warm_cache_is_read_not_drawn_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reads = _reads(monkeypatch)
    first = load_shipped_figures(tmp_path / "cache")
    second = load_shipped_figures(tmp_path / "cache")
    assert reads == [1]
    assert first == second
    path = tmp_path / "cache" / CACHE_FILENAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_the_folder_named_at_start_is_the_one_used(tmp_path: Path) -> None:
    set_cache_folder(tmp_path / "named")  # conftest forgets it after the test
    shipped.shipped_figures.cache_clear()
    try:
        figures = shipped.shipped_figures()
    finally:
        shipped.shipped_figures.cache_clear()
    assert (tmp_path / "named" / CACHE_FILENAME).is_file()
    assert figures == load_shipped_figures(tmp_path / "named")


def test_a_changed_drawings_file_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _own_resources(tmp_path, monkeypatch)
    reads = _reads(monkeypatch)
    before = load_shipped_figures(tmp_path / "cache")["neck.chin_nod_sitting"]
    neck = folder / "neck.toml"
    text = neck.read_text(encoding="utf-8")
    assert 'code = "neck.chin_nod_sitting"\ndescription = "' in text
    neck.write_text(
        text.replace(
            'code = "neck.chin_nod_sitting"\ndescription = "', 'code = "neck.chin_nod_sitting"\ndescription = "Now: ', 1
        ),
        encoding="utf-8",
    )
    after = load_shipped_figures(tmp_path / "cache")["neck.chin_nod_sitting"]
    assert reads == [1, 1]
    assert after.description == "Now: " + before.description == after.drawing().description


def test_a_broken_drawings_file_raises_the_same_error_as_without_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _own_resources(tmp_path, monkeypatch)
    load_shipped_figures(tmp_path / "cache")
    cache = (tmp_path / "cache" / CACHE_FILENAME).read_bytes()
    neck = folder / "neck.toml"
    neck.write_text(neck.read_text(encoding="utf-8").replace('view = "', 'viewpoint = "', 1), encoding="utf-8")
    with pytest.raises(FigureError) as without:
        load_figures(folder)
    with pytest.raises(FigureError) as cached:
        load_shipped_figures(tmp_path / "cache")
    assert str(cached.value) == str(without.value)
    assert "neck.toml" in str(cached.value) and "viewpoint: is not a field a drawing has" in str(cached.value)
    assert (tmp_path / "cache" / CACHE_FILENAME).read_bytes() == cache  # nothing written for a broken file


def test_a_change_to_the_drawing_code_makes_the_cache_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code = tmp_path / "code"
    shutil.copytree(Path(shipped.__file__).parent, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(shipped, "_CODE", code)
    key = cache_key()
    assert any(name.endswith("body.py") for name, _size, _time in key[2])
    body = code / "body.py"
    body.write_text(body.read_text(encoding="utf-8") + "\n# a changed line\n", encoding="utf-8")
    assert cache_key() != key
    reads = _reads(monkeypatch)
    load_shipped_figures(tmp_path / "cache")
    os.utime(code / "props.py", ns=(1, 1))  # the same size, another time
    load_shipped_figures(tmp_path / "cache")
    assert reads == [1, 1]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda p: p.write_bytes(b"not a pickle"), id="garbage"),
        pytest.param(lambda p: p.write_bytes(p.read_bytes()[:1000]), id="cut-short"),
        pytest.param(lambda p: p.write_bytes(pickle.dumps((cache_key(), {"x": "not a drawing"}))), id="wrong-type"),
        pytest.param(lambda p: p.write_bytes(pickle.dumps((cache_key(), ["not", "a", "dict"]))), id="not-a-dict"),
        pytest.param(lambda p: p.write_bytes(pickle.dumps((("0.0.0",), {}))), id="other-version"),
        pytest.param(lambda p: p.write_bytes(b""), id="empty"),
    ],
)
def test_a_damaged_or_stale_cache_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: object) -> None:
    folder = tmp_path / "cache"
    good = load_shipped_figures(folder)
    path = folder / CACHE_FILENAME
    damage(path)  # type: ignore[operator]
    reads = _reads(monkeypatch)
    assert load_shipped_figures(folder) == good
    assert reads == [1]
    # ... and rebuilt: the next run reads the cache again.
    assert load_shipped_figures(folder) == good and reads == [1]


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_cache_file_others_can_change_is_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "cache"
    load_shipped_figures(folder)
    path = folder / CACHE_FILENAME
    os.chmod(path, 0o666)
    reads = _reads(monkeypatch)
    load_shipped_figures(folder)
    assert reads == [1]  # not unpickled: drawn again, and the cache replaced owner-only
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.skipif(os.name != "posix", reason="file owners are POSIX")
def test_a_cache_file_another_account_owns_is_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "cache"
    load_shipped_figures(folder)
    me = os.getuid()
    # As root (CI) a file cannot be given away and taken back portably: this account is made another one.
    monkeypatch.setattr(os, "getuid", lambda: me + 1)
    reads = _reads(monkeypatch)
    load_shipped_figures(folder)
    assert reads == [1]


def test_a_cache_folder_that_cannot_be_written_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_bytes(b"")  # a file where the folder should be: mkdir fails, as root too
    reads = _reads(monkeypatch)
    first = load_shipped_figures(blocked / "cache")
    assert load_shipped_figures(blocked / "cache") == first
    assert reads == [1, 1]
    assert blocked.read_bytes() == b""


def test_a_full_disk_leaves_no_partial_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    folder = tmp_path / "cache"
    assert "neck.chin_nod_sitting" in load_shipped_figures(folder)
    assert list(folder.iterdir()) == []


def test_without_a_cache_folder_the_drawings_are_made_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = _reads(monkeypatch)
    figures = load_shipped_figures(None)
    assert isinstance(figures["neck.chin_nod_sitting"], ShippedFigure) and reads == [1]


# ------------------------------------------------------------------ a warm run stays light


def _python(code: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.update(CAREPLAN_DATA_DIR=str(tmp_path / "data"), CAREPLAN_CONFIG_DIR=str(tmp_path / "config"))
    env.update(XDG_CACHE_HOME=str(tmp_path / "cache"), CAREPLAN_THERAPIST="Jo Patel")
    return env


def test_a_drawing_from_a_warm_cache_imports_neither_the_loader_nor_the_geometry(tmp_path: Path) -> None:
    draw = f"""
        import sys
        from careplan.core.cache_folder import set_cache_folder
        from careplan.core.enums import Kind, Side
        from careplan.core.model import Intervention
        from careplan.export.figures import item_drawing

        set_cache_folder({str(tmp_path / "cache")!r})
        item = Intervention(kind=Kind.EXERCISE, title="Turn", catalog_code="neck.rotate_away_supported")
        assert item_drawing(item, Side.LEFT, 100) is not None
        print(" ".join(sorted(name for name in {HEAVY!r} if name in sys.modules)))
    """
    env = _env(tmp_path)
    assert _python(draw, env).split() != []  # cold: read, checked and drawn (and cached)
    assert _python(draw, env).split() == []  # warm: none of them


def test_a_handout_with_a_warm_cache_draws_without_the_figures_geometry(tmp_path: Path) -> None:
    env = _env(tmp_path)
    careplan = [sys.executable, "-m", "careplan"]
    plan = ROOT / "docs" / "examples" / "plans" / "neck-adult.json"
    subprocess.run([*careplan, "import", str(plan)], env=env, cwd=tmp_path, check=True, capture_output=True)
    handout = [*careplan, "handout", "1", "--for", "family", "-o"]
    subprocess.run([*handout, "cold.pdf"], env=env, cwd=tmp_path, check=True, capture_output=True)  # fills the cache
    assert (tmp_path / "cache" / "careplan" / CACHE_FILENAME).is_file()
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *handout[1:], "warm.pdf"],
        env=env,
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    )
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "careplan.figures.shipped" in imported  # the drawings came from the cache...
    assert imported.isdisjoint(name for name in HEAVY if name.startswith("careplan.")), sorted(imported)
    from pypdf import PdfReader

    # ... and print exactly what the run that drew them printed: every page's drawing commands the same.
    cold, warm = (PdfReader(tmp_path / name).pages for name in ("cold.pdf", "warm.pdf"))
    assert len(cold) == len(warm) > 1
    assert [page.get_contents().get_data() for page in warm] == [page.get_contents().get_data() for page in cold]


def test_the_figures_package_loads_its_names_only_when_used() -> None:
    code = """
        import sys
        import careplan.figures as figures
        print(sorted(name for name in sys.modules if name.startswith("careplan.figures.")))
        from careplan.figures import FigureError, render
        from careplan.figures.drawing import render as drawn
        assert render is drawn and FigureError.__module__ == "careplan.figures.errors"
        assert figures.FIGURES_DIR.name == "figures" and figures.Figure.__name__ == "Figure"
        try:
            figures.nothing_here
        except AttributeError as exc:
            assert "nothing_here" in str(exc)
        else:
            raise SystemExit("an unknown name must raise AttributeError")
    """
    assert _python(code, dict(os.environ, PYTHONPATH=str(ROOT))).split() == ["[]"]
