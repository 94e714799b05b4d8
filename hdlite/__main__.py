"""``python -m hdlite``: the command line."""

from __future__ import annotations

import sys

from hdlite.cli import main

sys.exit(main())
