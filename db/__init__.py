"""What happened: the SQLite schema, the session writer, queries for the log, exports.

May import catalog models; never imports Textual.
"""
