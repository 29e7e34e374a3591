"""pytest collection for docs/: the Markdown pages are doctests; the Sphinx files are not.

``pyproject.toml`` runs pytest with ``--doctest-modules --doctest-glob=*.md`` over
``docs``, which would import ``conf.py`` and the local extensions (they need Sphinx,
which the ``tests`` session does not install), read built pages, and import this file
as a doctest module (a second module named ``conftest`` clashes with ``tests/``'s).
"""

collect_ignore = ["conf.py", "conftest.py"]
collect_ignore_glob = ["_ext/*", "_build/*"]
