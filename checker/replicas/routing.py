"""Serve a ReplicaWorld at the real URLs inside a Playwright context. Nothing reaches the network."""

from __future__ import annotations

from playwright.async_api import BrowserContext, Route

from .site import ReplicaWorld


async def install(context: BrowserContext, world: ReplicaWorld) -> None:
    # Registered first, so it is matched last: anything that is not a replica is refused,
    # which keeps a demo on a connected machine from ever reaching a real provider.
    await context.route("**/*", _refuse)
    for site in world.sites.values():
        for host in site.hosts:
            await context.route(f"https://{host}/**", _handler(world))


async def _refuse(route: Route) -> None:
    if route.request.url.startswith(("data:", "blob:", "chrome-extension:")):
        await route.continue_()
    else:
        await route.abort("internetdisconnected")


def _handler(world: ReplicaWorld):
    async def handle(route: Route) -> None:
        request = route.request
        response = world.handle(request.method, request.url, await request.all_headers(), request.post_data_buffer)
        await route.fulfill(status=response.status, headers=response.headers, body=response.body)

    return handle
