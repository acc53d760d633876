"""The ``gotogether`` command line."""
