"""The sections of the analysis benchmark (``../analysis.py``), one module per dataset, plus
the rep tables they share and the speed figures."""
