"""Every .feature file in this folder, run with the harness's step library.

Adding a feature needs no Python: it is collected from here.
"""

from pytest_bdd import scenarios

scenarios(".")
