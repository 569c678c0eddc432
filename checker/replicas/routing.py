"""Serve a ReplicaWorld at the real URLs inside a Playwright context. Nothing reaches the network."""

from __future__ import annotations

import asyncio
import html
import json

from playwright.async_api import BrowserContext, Route

from .site import ReplicaWorld, Response


async def install(context: BrowserContext, world: ReplicaWorld) -> None:
    # Registered first, so it is matched last: anything that is not a replica is refused,
    # which keeps a demo on a connected machine from ever reaching a real provider.
    await context.route("**/*", _refuser(world))
    for site in world.sites.values():
        for host in site.hosts:
            await context.route(f"https://{host}/**", _handler(world))


def _refuser(world: ReplicaWorld):
    async def refuse(route: Route) -> None:
        request = route.request
        if request.url.startswith(("data:", "blob:", "chrome-extension:")):
            await route.continue_()
        else:
            world.log_stray(request.method, request.url, request.post_data_buffer)
            await route.abort("internetdisconnected")

    return refuse


def _handler(world: ReplicaWorld):
    async def handle(route: Route) -> None:
        request = route.request
        response = world.handle(request.method, request.url, await request.all_headers(), request.post_data_buffer)
        if request.method != "GET" and 300 <= response.status < 400 and "location" in response.headers:
            response = _redirect_page(response)
        if response.delay:
            await asyncio.sleep(response.delay)
        if response.abort:
            await route.abort("connectionaborted")
            return
        await route.fulfill(status=response.status, headers=response.headers, body=response.body)

    return handle


def _redirect_page(redirect: Response) -> Response:
    """A page that goes where a redirect answered to a form POST points.

    Chromium sends the next hop of such a redirect straight to the network, past the routing (seen
    with Playwright 1.65 and Chromium 156: Google's "Reject all" ended on an error page after a DNS
    lookup, and the page reloaded itself a second later; Playwright documents that route handlers
    and redirects do not mix, microsoft/playwright#33893). A page that navigates by itself makes a
    request the routing sees, and carries the same cookies."""
    target = redirect.headers["location"]
    headers = {k: v for k, v in redirect.headers.items() if k != "location"}
    body = (f'<!doctype html><meta http-equiv="refresh" content="0;url={html.escape(target)}">'
            f"<script>location.replace({json.dumps(target)})</script>")
    return Response(200, {**headers, "content-type": "text/html; charset=utf-8"}, body.encode())
