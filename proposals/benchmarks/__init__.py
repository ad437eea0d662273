"""``make bench``: the portal measured over HTTP, as visitors meet it.

``client.py`` is plain Python (no Django): it runs in a process of its own and
times the requests; ``settings.py`` and ``urls.py`` add a bare view as the floor.
"""
