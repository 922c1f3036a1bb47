"""A PDF's text, page by page, as the tests read it."""

import subprocess


def pages_text(content: bytes) -> tuple[str, ...]:
    """Each page's text by poppler's pdftotext (pypdf took about a second for seven
    pages, longer than the render), without blank lines."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    pages = out.split("\f")[:-1]  # each page ends in a form feed
    return tuple("\n".join(line for line in page.splitlines() if line.strip()) for page in pages)
