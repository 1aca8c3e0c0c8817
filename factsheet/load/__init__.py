"""Reading fact files: safe YAML, record validation against the model, settings."""
