// placeholder (local only)
