"""Readers: one per source convention, each turning a site into the neutral model."""
