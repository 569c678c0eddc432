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

  // The statuses a reading can carry. Anything else (a newer app's status, a damaged history, a
  // host answering garbage) is shown as unknown, never falls through to "off".
  const READ_STATUSES = new Set(['on', 'off', 'unknown', 'no_opt_out', 'not_applicable']);

  // A state as the popup and badge may use it, or null if it names no provider and control.
  function sane(state) {
    if (!state || typeof state !== 'object' || typeof state.provider !== 'string' || typeof state.control !== 'string') return null;
    if (READ_STATUSES.has(state.status)) return state;
    return { ...state, status: 'unknown', reason: 'error', detail: 'an unrecognised status' };
  }

  // Host times are "…+00:00", the extension's "….123Z": compare instants, not strings.
  function instant(at) {
    const ms = Date.parse(at);
    return Number.isNaN(ms) ? -Infinity : ms;
  }

  // Newest state per (provider, control): host history and in-page readings kept locally.
  function mergeStates(...lists) {
    const out = new Map();
    for (const list of lists) {
      for (const s of (Array.isArray(list) ? list : []).map(sane).filter(Boolean)) {
        const seen = out.get(key(s));
        if (!seen || instant(s.at) > instant(seen.at)) out.set(key(s), s);
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

  // Training controls whose state could not be verified: never summed up as "all off".
  function countUnverified(catalog, states) {
    return states.filter((s) => s.status === 'unknown' && isTraining(catalog, s)).length;
  }

  const TONE = { bad: '#b91c1c', good: '#15803d', warn: '#b45309', neutral: '#4b5563' };

  // The toolbar badge. A number only from a current answer; "?" when nothing is on but something
  // could not be verified; "!" when there is no current answer at all (the app erred, answered
  // garbage or too late). `problem` is that failure, in words.
  function badge(catalog, states, problem) {
    const s = (n) => (n === 1 ? '' : 's');
    if (problem) return { text: '!', color: TONE.warn, title: `Untrain: no current status (${problem})` };
    if (!states.length) return { text: '', color: TONE.neutral, title: 'Untrain: not scanned yet' };
    const on = countOn(catalog, states);
    if (on) return { text: String(on), color: TONE.bad, title: `Untrain: ${on} training control${s(on)} still on` };
    const unverified = countUnverified(catalog, states);
    if (unverified) {
      return { text: '?', color: TONE.warn, title: `Untrain: ${unverified} training control${s(unverified)} could not be verified` };
    }
    return { text: '0', color: TONE.good, title: 'Untrain: every control read is off' };
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

  globalThis.UntrainStatus = {
    STATUS, REASON, key, mergeStates, countOn, countUnverified, badge, providerStatus, describe, isTraining,
  };
})();
