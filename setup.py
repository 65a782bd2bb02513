"""Build the compiled TCX scanner where a C compiler is present; everything else is in
pyproject.toml.

The scanner is an optional accelerator (docs/decisions.md): without gcc or the
Python headers the build skips it and `tractus.activities.io_tcx` reads every TCX
document through lxml instead.
"""

from Cython.Build import cythonize
from setuptools import Extension, setup

extensions = cythonize(
    [Extension("tractus.activities._tcxscan", ["src/tractus/activities/_tcxscan.pyx"])],
    compiler_directives={"language_level": "3"},
)
for extension in extensions:
    # Set after cythonize, which builds new Extension objects without it: a failed
    # compile is then a warning and the install goes on.
    extension.optional = True

setup(ext_modules=extensions)
