"""Package list: everything under indicators/, plus the top-level data/ and docs/ carried inside it.

The folder mapping and the files taken from data/ and docs/ (all of them, subfolders included) are
declared in pyproject.toml; a plain
``packages.find`` there cannot add packages that live outside indicators/, hence this file.
"""

from setuptools import find_packages, setup

DATA_PACKAGES = ["indicators._data", "indicators._docs"]

setup(packages=[*find_packages(include=["indicators", "indicators.*"]), *DATA_PACKAGES])
