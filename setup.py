"""The compiled core of the tokenizer (`reusecheck/_native.c`), built with the machine's C
compiler; `optional`: without a compiler the install goes on and reusecheck uses its
pure-Python path (`reusecheck.text`), which gives the same tokens."""

from setuptools import Extension, setup

setup(ext_modules=[Extension("reusecheck._native", ["reusecheck/_native.c"], optional=True)])
