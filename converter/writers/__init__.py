"""Writers: one per target convention, each turning the neutral model into a plan of files."""
