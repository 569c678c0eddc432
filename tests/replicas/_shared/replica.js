// Shared helpers for replica pages. Served at /__replica__/shared/replica.js on every replica host.
// The server injects window.__REPLICA__ = {provider, state, flags, settings, signed_in} into <head>.
(function () {
  const R = window.__REPLICA__ || { flags: [], settings: {}, signed_in: true };
  window.Replica = {
    state: R.state,
    settings: R.settings,
    signedIn: R.signed_in,
    has(flag) { return (R.flags || []).includes(flag); },
    // Every toggle flip goes through here, so the server's mutation log sees it.
    save(patch) {
      Object.assign(R.settings, patch);
      return fetch('/__replica__/settings', { method: 'PATCH', body: JSON.stringify(patch),
        headers: { 'content-type': 'application/json' } });
    },
    // The person's real settings, as a page loads them after painting a placeholder. The server
    // answers slowly in a `hydrate_slowly` state.
    load() {
      return fetch('/__replica__/settings', { cache: 'no-store' }).then((r) => r.json());
    },
    // "slow": the app mounts only after 2 s, as a slow real page would.
    whenReady(fn) {
      const go = () => (this.has('slow') ? setTimeout(fn, 2000) : fn());
      if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', go); else go();
    },
    // Radix-style switch: role=switch, aria-checked and data-state on the button and its thumb.
    paintSwitch(button, on) {
      button.setAttribute('aria-checked', on ? 'true' : 'false');
      button.dataset.state = on ? 'checked' : 'unchecked';
      const thumb = button.querySelector('span');
      if (thumb) thumb.dataset.state = button.dataset.state;
    },
  };
})();
