"""The text subcommands of ``lumbar``, one module per family.

Each module has ``register(commands)``, which adds its subparsers and sets ``handler`` on
them: a function taking the parsed arguments and returning the exit code. Slow imports
(bleak, Bumble, numpy, sqlite-utils) happen inside handlers, never at module level.
"""
