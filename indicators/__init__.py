"""Connect 2020 indicators: target catalogue, cited data, scoring and exports.

The package is the product's core. It has no user-interface dependency, so a notebook,
the command line (``python -m indicators``) and the Streamlit pages all call the same functions.
"""

import logging

__version__ = "0.1.0"

# A library stays silent until its user configures logging (indicators.incidents does for the CLI and app).
logging.getLogger(__name__).addHandler(logging.NullHandler())
