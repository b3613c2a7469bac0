"""The face: the Textual app, its screens, and the ``lumbar`` command line.

Importing this package imports nothing heavy: the command line loads Textual only when it
starts the app, so text commands like ``lumbar catalog`` stay quick.
"""
