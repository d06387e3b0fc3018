"""The compiled cores of the tokenizer (`reusecheck/_native.c`) and of sentence seeding
(`reusecheck/_seeding.c`), built with the machine's C compiler; `optional`: without a
compiler the install goes on and reusecheck uses its pure-Python paths (`reusecheck.text`,
`reusecheck.seeds`), which give the same tokens and seeds."""

from setuptools import Extension, setup

setup(ext_modules=[
    Extension("reusecheck._native", ["reusecheck/_native.c"], optional=True),
    Extension("reusecheck._seeding", ["reusecheck/_seeding.c"], optional=True),
])
