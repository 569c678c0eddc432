"""Evidence URLs kept in reports and history: the page, never a secret that rode along with it."""

import pytest

from checker.redact import redact_url


@pytest.mark.parametrize("url, kept", [
    # Credentials in the authority part (a login redirect, a proxy-style URL).
    ("https://alice:s3cr3t@chatgpt.com/#settings/DataControls", "https://chatgpt.com/#settings/DataControls"),
    ("https://token@claude.ai/settings/data-privacy-controls", "https://claude.ai/settings/data-privacy-controls"),
    ("https://:s3cr3t@grok.com/", "https://grok.com/"),
    ("https://a%40b:p%3Ass@x.test:8443/p", "https://x.test:8443/p"),  # the port is kept, the rest is not
    ("https://u:p@[::1]:8443/p", "https://[::1]:8443/p"),
    # Query strings and token-bearing fragments were already dropped; with userinfo present too.
    ("https://u:p@x.test/cb?code=abc#access_token=abc.def&state=1", "https://x.test/cb"),
    ("https://x.test/cb#id_token=eyJ", "https://x.test/cb"),
    ("https://x.test/app#/c/6f1e9a2b-77d1", "https://x.test/app"),
    ("https://chatgpt.com/?token=1#settings/DataControls", "https://chatgpt.com/#settings/DataControls"),
])
def test_secrets_never_survive_in_an_evidence_url(url, kept):
    assert redact_url(url) == kept
    for secret in ("s3cr3t", "token@", "alice", "abc", "eyJ", "p%3Ass", "u:p@"):
        assert secret not in redact_url(url)


def test_a_url_with_a_bad_port_keeps_only_its_host():
    assert redact_url("https://u:p@x.test:99999/p") == "https://x.test/p"


def test_an_unexpected_error_is_kept_without_colours_queries_or_length():
    # The first line of a browser error can name the page it was on, query string and all, and
    # carry terminal colour codes; it ends up in every report and in the history.
    from checker.redact import error_line

    exc = RuntimeError("\x1b[31mLocator.click\x1b[39m: failed on https://me:pw@chat.example/c/1?token=abc#access_token=zzz and "
                       "http://other.example/?q=secret\nCall log: " + "x" * 50)
    assert error_line(exc) == ("RuntimeError: Locator.click: failed on https://chat.example/c/1 and "
                               "http://other.example/")
    assert len(error_line(RuntimeError("y" * 1000))) == 300
    assert error_line(TimeoutError()) == "TimeoutError"
    assert error_line(ValueError("bad"), with_type=False) == "bad"


@pytest.mark.parametrize("url, kept", [
    # A page under a conversation or account id (a scan that landed in a chat, a redirect to a
    # profile): the id says which conversation; the route is enough for evidence.
    ("https://chatgpt.com/c/6f1e9a2b-77d1-4c2e-9b1a-0f3c2d4e5a6b", "https://chatgpt.com/c/:id"),
    ("https://grok.com/chat/1873456789012345678", "https://grok.com/chat/:id"),
    ("https://claude.ai/chat/0a1b2c3d4e5f60718293a4b5c6d7e8f9/x", "https://claude.ai/chat/:id/x"),
    # Words stay, even long ones with digits: they are the route.
    ("https://claude.ai/settings/data-privacy-controls", "https://claude.ai/settings/data-privacy-controls"),
    ("https://x.com/settings/grok_settings", "https://x.com/settings/grok_settings"),
    ("https://myactivity.google.com/product/gemini", "https://myactivity.google.com/product/gemini"),
    ("https://github.com/settings/copilot/features", "https://github.com/settings/copilot/features"),
])
def test_ids_in_a_path_are_replaced(url, kept):
    assert redact_url(url) == kept
