"""What we sense: Bluetooth LE parsers, transport, emulated devices and motion analysis.

Imports nothing of lumbar's and never imports Textual, so every part can be driven from a
test, the command line or a script.
"""
