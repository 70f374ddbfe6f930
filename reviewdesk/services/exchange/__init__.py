"""The exchange wing: every file that goes out of a library or comes into one.

The JSON review (document.py, with the lead's analysis in analysis.py and the review papers in
papers.py), checked against its published schema first (schema.py) and read strictly
(reading.py); case packs and returned contributions in their sealed container (packs.py,
contributions.py, pack_formats.py, sealed.py); the one front door for every import
(imports.py); and the demo review (demo_analysis.py, demo_dates.py). docs/formats.md describes
the files. Like the services package, this one imports nothing itself.
"""
