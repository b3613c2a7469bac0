"""``python -m tui``: the ``lumbar`` command, for when its script is not at hand."""

from tui.cli import main

raise SystemExit(main())
