"""The request stages the engine runs in order, one module each.

``parse`` (parse and validate, cached by ``operations``), ``coerce`` (variables),
``normalize``, ``planning``, ``authorize``, ``guarding``, ``execute`` and ``shape``.
"""
