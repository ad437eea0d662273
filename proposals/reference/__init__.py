"""Reference data: documents, their chapters, budget posts, programme categories, topics."""
