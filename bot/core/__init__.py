"""Platform-neutral model and contracts; standard library only."""
