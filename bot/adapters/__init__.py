"""Chat platform adapters: each turns its platform's messages into the core model and back."""
