"""``lumbar serve``: the full app in a browser, through Textualize's ``textual-serve``.

Each browser that opens the page gets its own lumbar process (``app_process``), which runs
the app with Textual's web driver; the session, the wearables, the voice and the database stay
on this machine, and the browser only shows the screen and sends keys. ``server`` guards it:
a secret token in every address, one browser at a time, nothing served but the app.
"""
