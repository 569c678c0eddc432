// Which catalogue entry a provider page belongs to, by its URL. One rule for the content script
// (which page it guides and reads) and the service worker (which provider a reading may be for).
// Usually one page entry lists the host. Several may share one (Gemini's activity page and Web &
// App Activity are both on myactivity.google.com): then the entry with a deep link to this page's
// path (or a path under it) wins, else the first, as before.
(function () {
  const trim = (p) => p.replace(/\/$/, '') || '/';

  function linksHere(provider, here) {
    return provider.deep_links.some(({ url }) => {
      const link = new URL(url);
      const path = trim(link.pathname);
      return link.hostname === here.hostname && path !== '/'
        && (trim(here.pathname) === path || here.pathname.startsWith(`${path}/`));
    });
  }

  globalThis.UntrainPageProvider = function pageProvider(catalog, href) {
    const here = new URL(href);
    const onHost = catalog.providers.filter((p) => p.kind === 'page' && p.hosts.includes(here.hostname));
    if (onHost.length <= 1) return onHost[0] || null;
    return onHost.find((p) => linksHere(p, here)) || onHost[0];
  };
})();
