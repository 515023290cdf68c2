"""The command layer: registry, parsing, routing and one module per command group."""
