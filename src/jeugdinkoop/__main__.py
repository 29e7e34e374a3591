"""``python -m jeugdinkoop`` runs the command line."""

import sys

from jeugdinkoop.cli import main

sys.exit(main())
