"""`museumgen serve`: rebuilding what an edit changed, watching the folder, and serving
the site from memory."""
