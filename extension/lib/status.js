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
    // Documented as not trained, with no switch: its own outcome, never a risk (and never green
    // either: nothing was verified on the person's account).
    not_trained: { icon: '–', text: 'Not trained · no switch', tone: 'neutral' },
    not_scanned: { icon: '○', text: 'Not scanned yet', tone: 'neutral' },
    manual: { icon: '✎', text: 'Check manually', tone: 'warn' },
    // The first paint, with no last known state to show: nothing is claimed yet.
    checking: { icon: '…', text: 'Checking…', tone: 'neutral' },
  };
  // What a control is about (checker/catalogue/models.py Meaning). Only training and human review count
  // toward the badge and the summary (checker/results.py COUNTED_MEANINGS); ads and telemetry are
  // shown, in their own words, and never counted. "informational" is the catalogue's older word
  // for a control that does not count.
  const COUNTED_MEANINGS = new Set(['training', 'human_review']);
  const MEANING = {
    training: { name: 'Training', on: 'Training ON' },
    human_review: { name: 'Human review', on: 'Human review ON' },
    ads: { name: 'Ads', on: 'Ads personalisation on' },
    telemetry: { name: 'Telemetry', on: 'Telemetry on' },
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
  const READ_STATUSES = new Set(['on', 'off', 'unknown', 'no_opt_out', 'not_applicable', 'not_trained']);

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

  function controlOf(catalog, state) {
    const p = catalog.providers.find((x) => x.id === state.provider);
    return (p && p.controls.find((x) => x.id === state.control)) || null;
  }

  // The control's meaning; a control the catalogue does not know is taken as training (fail
  // closed: a reading nobody can place still counts).
  function meaningOf(catalog, state) {
    const c = controlOf(catalog, state);
    return c ? c.meaning : 'training';
  }

  // Counts toward the badge, the summary and the provider's status.
  function isTraining(catalog, state) {
    return COUNTED_MEANINGS.has(meaningOf(catalog, state));
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
    // An ads or telemetry switch on never counts, but the title does not call it off either.
    const others = states.filter((x) => x.status === 'on').length;
    if (others) return { text: '0', color: TONE.good, title: `Untrain: no training control on; ${others} other switch${others === 1 ? '' : 'es'} (ads, telemetry) on` };
    return { text: '0', color: TONE.good, title: 'Untrain: every control read is off' };
  }

  // Same rule as checker/results.py provider_status: any counted control on → on, else any
  // unknown → unknown, else off. Only when a provider has no counted control (a local tool's
  // telemetry, say) do its other controls decide, and then the status carries their meaning, so
  // the words say "Telemetry on", never "Training ON". No states at all → what the kind says.
  function providerStatus(catalog, providerId, states) {
    const mine = states.filter((s) => s.provider === providerId);
    if (!mine.length) {
      // Nothing to scan for these: say what they are rather than "not scanned yet".
      const kind = (catalog.providers.find((p) => p.id === providerId) || {}).kind;
      const byKind = { no_opt_out: 'no_opt_out', advice: 'manual', not_trained: 'not_trained' };
      return { status: byKind[kind] || 'not_scanned', reason: null, at: null, meaning: null };
    }
    const training = mine.filter((s) => isTraining(catalog, s));
    const pool = training.length ? training : mine;
    const at = pool.map((s) => s.at).sort().pop();
    const on = pool.find((s) => s.status === 'on');
    if (on) return { status: 'on', reason: null, at, meaning: meaningOf(catalog, on) };
    const unknown = pool.find((s) => s.status === 'unknown');
    if (unknown) return { status: 'unknown', reason: unknown.reason, at, meaning: meaningOf(catalog, unknown) };
    const statuses = new Set(pool.map((s) => s.status));
    const settled = ['no_opt_out', 'not_applicable', 'not_trained'];
    if (statuses.size === 1 && settled.some((x) => statuses.has(x))) {
      return { status: [...statuses][0], reason: null, at, meaning: null };
    }
    return { status: 'off', reason: null, at, meaning: null };
  }

  // Words, icon and tone for a status. `meaning` names what is on (only "on" uses it): an ads or
  // telemetry switch left on is shown in its own words and a warning tone, since it never counts.
  function describe(status, reason, meaning) {
    const s = STATUS[status] || STATUS.unknown;
    const why = status === 'unknown' && reason ? ` — ${REASON[reason] || reason}` : '';
    if (status === 'on' && meaning && !COUNTED_MEANINGS.has(meaning)) {
      return { icon: '◐', text: MEANING[meaning] ? MEANING[meaning].on : 'On', tone: 'warn' };
    }
    if (status === 'on' && meaning && MEANING[meaning]) return { icon: s.icon, text: MEANING[meaning].on, tone: s.tone };
    return { icon: s.icon, text: s.text + why, tone: s.tone };
  }

  // The popup's order: what needs attention first. A counted control on, then one not verified,
  // then an ads or telemetry switch on, then not scanned yet, then off and settled.
  function rank(ps) {
    if (ps.status === 'on') return COUNTED_MEANINGS.has(ps.meaning || 'training') ? 0 : 2;
    if (ps.status === 'unknown') return COUNTED_MEANINGS.has(ps.meaning || 'training') ? 1 : 2;
    if (ps.status === 'not_scanned' || ps.status === 'checking') return 3;
    return 4;
  }

  globalThis.UntrainStatus = {
    STATUS, REASON, MEANING, COUNTED_MEANINGS, key, mergeStates, countOn, countUnverified, badge, providerStatus,
    describe, isTraining, meaningOf, rank,
  };
})();
