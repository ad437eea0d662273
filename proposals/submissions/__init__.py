"""An organisation's submission: the file it sent and the text read from it."""
