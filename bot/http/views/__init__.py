"""HTML pages rendered on the server (Jinja2 templates in web/templates)."""
