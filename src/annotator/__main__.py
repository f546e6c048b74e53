"""`python -m annotator`."""

import sys

from annotator.cli import main

sys.exit(main())
