"""What the client refuses, as exceptions a caller can tell apart."""

from __future__ import annotations


class IntegrityError(ValueError):
    """Downloaded bytes are not the ones the site (or the installed package) vouches for."""


class UnsafeRedirect(IntegrityError):
    """The site sent the client elsewhere: another host, port or scheme (https to http)."""


class DeadlineExceeded(TimeoutError):
    """A download took longer than its deadline in all, however steadily the bytes came."""
