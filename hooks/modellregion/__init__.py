"""The plain-Python core of the Modellregion site generator (no MkDocs imports outside glue.py)."""
