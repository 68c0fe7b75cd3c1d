"""Start the web chat over the bundled articles: `python app.py` (the same as `rag serve`)."""

from rag.server import serve

if __name__ == "__main__":
    serve()
