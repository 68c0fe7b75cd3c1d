"""Start the web chat over the bundled articles: `python app.py` (the same as `rag serve`)."""

from rag.webapp import launch

if __name__ == "__main__":
    launch()
