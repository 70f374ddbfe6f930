"""Screenshot of signing in to a partnership server (issue 22): the dialog filled in for a
fictional council's server, as it looks after a wrong password.

    python tools/screenshots_partnership.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse

from _offscreen import fictional_library, out_folder, save


def main() -> None:
    _, out = out_folder(argparse.ArgumentParser(description=__doc__))
    with fictional_library():
        from reviewdesk.domain.partnership import ServerChoice
        from reviewdesk.gui.dialogs.server_sign_in import ServerSignInDialog

        remembered = ServerChoice(
            host="reviews-db.eastmere.example",
            account="sam.field",
            database="reviewdesk",
            ca_file=r"C:\Users\sam.field\Documents\Eastmere council CA.pem",
        )
        dialog = ServerSignInDialog(lambda *_: None, remembered, kerberos=True)
        dialog.show()
        dialog.error.setText(
            "The server did not accept that account name and password. Nothing was changed. "
            "Please check them and try again (IT can reset a password)."
        )
        save(dialog, out / "server-sign-in.png")


if __name__ == "__main__":
    main()
