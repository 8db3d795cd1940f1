"""HTTP delivery: the JSON API under ``/api/v1`` and the server-rendered pages.

Build the application with :func:`tourlink.web.app.create_app`; importing this package has
no side effects.
"""
