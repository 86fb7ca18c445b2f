"""python -m modellregion build|check (run with hooks/ on the path, as the Makefile does)."""

import sys

from .publish import main

sys.exit(main())
