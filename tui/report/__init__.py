"""``lumbar report``: one self-contained HTML page for a physiotherapist."""
