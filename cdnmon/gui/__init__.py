"""The desktop window: the only place Qt is imported."""
