"""The images folder is put in place whole, or not at all."""

from __future__ import annotations

from pathlib import Path

from catalog_migrate.images.folder import ImageFolder


def test_commit_replaces_the_previous_folder_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.images"
    target.mkdir()
    (target / "imgold.jpg").write_bytes(b"old")
    folder = ImageFolder(target)
    folder.store("imgnew.jpg", b"new")
    folder.store("imgnew.jpg", b"other")  # the same name is the same picture: written once
    folder.commit([{"source_url": "=HYPERLINK(1)", "file": "imgnew.jpg", "status": "ok"}])
    assert sorted(path.name for path in target.iterdir()) == ["imgnew.jpg", "manifest.csv"]
    assert (target / "imgnew.jpg").read_bytes() == b"new"
    manifest = (target / "manifest.csv").read_text(encoding="utf-8").splitlines()
    assert manifest[0] == "source_url,file,sha256,width,height,bytes,status,issue,note"
    assert manifest[1] == "'=HYPERLINK(1),imgnew.jpg,,,,,ok,,"  # never run as a formula
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.images"]


def test_discard_leaves_the_previous_folder_and_nothing_else(tmp_path: Path) -> None:
    target = tmp_path / "out.images"
    target.mkdir()
    (target / "imgold.jpg").write_bytes(b"old")
    folder = ImageFolder(target)
    folder.store("imgnew.jpg", b"new")
    folder.discard()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.images"]
    assert sorted(path.name for path in target.iterdir()) == ["imgold.jpg"]
