"""PAN compatibility: run reusecheck as a PAN text-alignment system and score it.

- `corpus`: the PAN corpus layouts (source and suspicious folders, a ``pairs`` file) and
  document reading with PAN's character offsets.
- `annotations`: plagiarism cases and detections, read from and written to PAN's XML.
- `detect`: align suspicious documents with their sources through the engine.
- `measures`: precision, recall, granularity and plagdet (Potthast et al. 2010).
"""
