"""The request stages the engine runs in order, one module each.

``parse`` (parse and validate, cached by ``operations``), ``coerce`` (variables),
``normalize``, ``planning``, ``authorize``, ``demand`` (cost budget, admission),
``guarding``, ``execute`` and ``shape``.
"""
