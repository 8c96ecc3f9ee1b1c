"""Text handling: Markdown rendering with sanitising, and slugs."""

from app.text.markdown import render_markdown
from app.text.slugs import slugify

__all__ = ["render_markdown", "slugify"]
