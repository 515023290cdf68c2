"""The command layer: declared parameters, registry, parsing, routing and one module per group."""
