// Status helpers shared by the popup and the service worker. Plain script (no modules), so the
// same file loads in a classic service worker (importScripts), a Firefox background page and a page.
(function () {
  // Colour AND icon AND words: status is never conveyed by colour alone.
  const STATUS = {
    on: { icon: '⚠', text: 'Training ON', tone: 'bad' },
    off: { icon: '✓', text: 'Off', tone: 'good' },
    unknown: { icon: '?', text: 'Unknown', tone: 'warn' },
    no_opt_out: { icon: '✕', text: 'No opt-out offered', tone: 'bad' },
    not_applicable: { icon: '–', text: 'Not applicable', tone: 'neutral' },
    not_scanned: { icon: '○', text: 'Not scanned yet', tone: 'neutral' },
    manual: { icon: '✎', text: 'Check manually', tone: 'warn' },
  };
  const REASON = {
    signed_out: 'signed out',
    blocked: 'blocked by a bot check or wall',
    path_missing: 'setting not found',
    pending_consent: 'a terms or first-run choice is waiting',
    ambiguous: 'more than one match',
    timeout: 'timed out',
    error: 'could not read it',
  };

  function key(state) { return `${state.provider}/${state.control}`; }

  // Newest state per (provider, control): host history and in-page readings kept locally.
  function mergeStates(...lists) {
    const out = new Map();
    for (const list of lists) {
      for (const s of list || []) {
        const seen = out.get(key(s));
        if (!seen || String(s.at) > String(seen.at)) out.set(key(s), s);
      }
    }
    return [...out.values()];
  }

  function isTraining(catalog, state) {
    const p = catalog.providers.find((x) => x.id === state.provider);
    const c = p && p.controls.find((x) => x.id === state.control);
    return !c || c.meaning === 'training';
  }

  function countOn(catalog, states) {
    return states.filter((s) => s.status === 'on' && isTraining(catalog, s)).length;
  }

  // Same rule as checker/results.py provider_status: any training control on → on, else any
  // unknown → unknown, else off. No states at all → not scanned yet.
  function providerStatus(catalog, providerId, states) {
    const mine = states.filter((s) => s.provider === providerId);
    if (!mine.length) {
      // Nothing to scan for these: say what they are rather than "not scanned yet".
      const kind = (catalog.providers.find((p) => p.id === providerId) || {}).kind;
      const status = kind === 'no_opt_out' ? 'no_opt_out' : kind === 'advice' ? 'manual' : 'not_scanned';
      return { status, reason: null, at: null };
    }
    const training = mine.filter((s) => isTraining(catalog, s));
    const pool = training.length ? training : mine;
    const at = pool.map((s) => s.at).sort().pop();
    if (pool.some((s) => s.status === 'on')) return { status: 'on', reason: null, at };
    const unknown = pool.find((s) => s.status === 'unknown');
    if (unknown) return { status: 'unknown', reason: unknown.reason, at };
    const statuses = new Set(pool.map((s) => s.status));
    if (statuses.size === 1 && (statuses.has('no_opt_out') || statuses.has('not_applicable'))) {
      return { status: [...statuses][0], reason: null, at };
    }
    return { status: 'off', reason: null, at };
  }

  function describe(status, reason) {
    const s = STATUS[status] || STATUS.unknown;
    const why = status === 'unknown' && reason ? ` — ${REASON[reason] || reason}` : '';
    return { icon: s.icon, text: s.text + why, tone: s.tone };
  }

  globalThis.UntrainStatus = { STATUS, REASON, mergeStates, countOn, providerStatus, describe, isTraining };
})();
