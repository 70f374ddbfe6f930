"""Render the "Search all reviews" window for the README, offscreen.

Run:  .venv/bin/python tools/screenshots_search.py [--out docs/screenshots]

The library is the fictional demo review (Child D, Eastmere) plus 20 generated fictional ones
(benchmarks/make_library.py), in a temporary folder.
"""

from __future__ import annotations

import argparse

from _offscreen import fictional_library, out_folder, save


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--query", default="health visitor")
    args, out = out_folder(parser)

    from reviewdesk.gui.dialogs.search import SearchWindow

    with fictional_library(generated=20) as (services, _tmp):
        window = SearchWindow(services)
        window.resize(1000, 760)
        window.show()
        window.box.setText(args.query)
        window.search_now()
        window.wait_for_results()
        save(window, out / "search.png")
        print(window.summary.text())
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
