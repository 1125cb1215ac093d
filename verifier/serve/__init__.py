"""``verifier serve``: the editor's desk in a browser and an HTTP API for newsroom systems.

One process loads the models and the index once (``session.make_verifier``, as ``verifier
check`` does) and serves them: ``desk.Desk`` keeps the runs folder and verifies one article at a
time in a worker thread; ``app.create_app`` puts the pages and the JSON API over it (the only
module that imports the web framework); ``server.serve`` runs it with uvicorn.

Example::

    verifier = make_verifier("index/built/default", config.model_dump(mode="json"))
    desk = Desk(verifier, config, "index/built/runs", editor="ana")
    desk.start()
    serve(create_app(desk, ServeSettings()), bind("127.0.0.1", 8000), desk)
"""
