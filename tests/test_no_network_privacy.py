"""Encryption at rest, the publication check and every export format make no network
connection: the same audit-hook guard as tests/test_no_network.py, in one subprocess each."""

from __future__ import annotations

from pathlib import Path

from tests.test_no_network import run_guarded


def test_encryption_publication_check_and_exports_open_no_socket(tmp_path: Path) -> None:
    lib, pw = str(tmp_path / "lib"), str(tmp_path / "pw")
    suffix = {"pdf": "pdf", "briefing": "pdf", "docx": "docx", "json": "json"}
    out = {fmt: str(tmp_path / f"out-{fmt}.{ext}") for fmt, ext in suffix.items()}
    result = run_guarded(
        f"""
        from pathlib import Path
        from reviewdesk.services.exchange import sealed
        sealed.DEFAULT_KDF = sealed.FAST_TEST_KDF  # the documented test seam (still in bounds)
        from reviewdesk.cli import main

        Path({pw!r}).write_text("quiet harbour lantern 42\\n", encoding="utf-8")
        key = ["--data-dir", {lib!r}, "--passphrase-file", {pw!r}]
        assert main(["--data-dir", {lib!r}, "demo"]) == 0
        assert main(["--data-dir", {lib!r}, "names", "DEMO-2026-01", "--add", "Jo=Mother"]) == 0
        assert main(["--data-dir", {lib!r}, "encrypt", "--passphrase-file", {pw!r},
                     "--recovery-key-file", {pw!r} + ".recovery"]) == 0
        assert main([*key, "list"]) == 0
        assert main([*key, "backup"]) == 0
        assert main([*key, "check"]) == 0
        out = {out!r}
        for fmt, path in out.items():
            assert main([*key, "export", "DEMO-2026-01", "--format", fmt, "-o", path]) == 0
        assert main([*key, "export", "DEMO-2026-01", "--format", "pdf", "-o",
                     path + "-pub.pdf", "--publication"]) == 1  # findings listed, nothing written
        assert main([*key, "export", "DEMO-2026-01", "--format", "pdf", "-o", path + "-pub.pdf",
                     "--publication", "--allow-identifiers", "--reason", "test"]) == 0
        assert main([*key, "retention", "--due"]) == 0
        assert main(["--data-dir", {lib!r}, "decrypt", "--passphrase-file", {pw!r}]) == 0
        """,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "NO-NETWORK-OK" in result.stdout
