"""Build the compiled TCX scanner; everything else is in pyproject.toml."""

from Cython.Build import cythonize
from setuptools import Extension, setup

setup(
    ext_modules=cythonize(
        [Extension("tractus.activities._tcxscan", ["src/tractus/activities/_tcxscan.pyx"])],
        compiler_directives={"language_level": "3"},
    )
)
