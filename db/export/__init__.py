"""Sessions exported for other tools: CSV tables, one JSON document, TCX and FIT activities,
and RR intervals as text (``db.export.run.export_sessions`` does the whole job).

Imported only by ``lumbar export``. Raw accelerometer chunks are decoded by a function the
caller passes in (the packing lives in ``sensors``, which ``db`` never imports), and Garmin's
FIT SDK is loaded only when a FIT file is written.
"""
