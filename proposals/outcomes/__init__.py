"""What came of the demands: the recommendation's passages, matches, budget figures, threads."""
