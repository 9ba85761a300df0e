"""Tests of the knowledge layer (lawgraph.knowledge) and the real data in data/."""
