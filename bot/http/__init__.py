"""The web layer: FastAPI app, routes and server-rendered views. Parses input and formats output only."""
