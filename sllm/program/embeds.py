"""Player addresses for recordings on the common video hosts; the page loads them only after a click."""

from urllib.parse import parse_qs, urlparse


def embed_url(url: str) -> str:
    """The embeddable player of a YouTube or Vimeo link, or "" when the host offers none we know."""
    parsed = urlparse(url)
    host = parsed.netloc.lower().removeprefix("www.").removeprefix("m.")
    video = ""
    if host == "youtube.com" and parsed.path == "/watch":
        video = parse_qs(parsed.query).get("v", [""])[0]
    elif host == "youtu.be":
        video = parsed.path.strip("/")
    if video and video.replace("-", "").replace("_", "").isalnum():
        return f"https://www.youtube-nocookie.com/embed/{video}"
    if host == "vimeo.com" and parsed.path.strip("/").isdigit():
        return f"https://player.vimeo.com/video/{parsed.path.strip('/')}"
    return ""


def host_name(url: str) -> str:
    return urlparse(url).netloc.lower().removeprefix("www.")
