// The admin console: a dashboard (with the network's redundancy), the proposals with live tallies, a proposal's page with its
// votes, forms to propose and vote, and the miners with their storage proofs (miners.js). Plain DOM: every text from the node goes in through
// textContent, never as HTML.
import { get, setCsrf, ApiError } from './api.js';
import { h, short, size } from './dom.js';
import { miners as minersView } from './miners.js';
import { cess, units, percent } from './amount.js';
import { browserKey, submit, webCryptoEd25519 } from './signer.js';

const view = document.getElementById('view');
const session = await get('/console/session');
if (!session.authenticated) {
  location.replace('login');
}
setCsrf(session.csrf);
document.getElementById('signout-csrf').value = session.csrf;
document.getElementById('chain-name').textContent = session.chainId;
document.getElementById('user').textContent = `${session.user} (${session.roles.join(', ')})`;
const isAdmin = session.roles.includes('admin');

/** The signer chosen for this tab: a key held in the browser, or the node's operator key. */
let signer = null;
let refresh = null;

// ------------------------------------------------------------------ formatting

function when(ms) {
  return new Date(ms).toLocaleString();
}

function duration(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) {
    return s + ' s';
  }
  const m = Math.round(s / 60);
  return m < 120 ? m + ' min' : Math.round(m / 60) + ' h';
}

let toastTimer = null;
function toast(text, error = false) {
  const t = document.getElementById('toast');
  t.textContent = text;
  t.className = 'notice toast' + (error ? ' error' : '');
  t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { t.hidden = true; }, error ? 12000 : 6000);
}

function bar(cls, share) {
  const span = h('span', { class: cls });
  span.style.width = share + '%';
  return span;
}

function tallyBars(t) {
  const turnout = t.turnout;
  const quorum = h('div', { class: 'quorum', title: 'turnout against the quorum' }, bar('', percent(turnout, t.quorum)));
  return h('div', {},
    h('div', { class: 'tally', 'data-testid': 'tally-bar' },
      bar('aye', percent(t.ayes, turnout)), bar('nay', percent(t.nays, turnout)), bar('abstain', percent(t.abstain, turnout))),
    h('div', { class: 'legend' },
      h('span', { 'data-testid': 'ayes' }, 'Aye ', cess(t.ayes)),
      h('span', { 'data-testid': 'nays' }, 'Nay ', cess(t.nays)),
      h('span', {}, 'Abstain ', cess(t.abstain)),
      h('span', {}, `Turnout ${cess(turnout)} of quorum ${cess(t.quorum)}`, t.quorate ? ' ✓' : '')),
    quorum);
}

function status(s) {
  return h('span', { class: 'status ' + s }, s);
}

function describe(action) {
  return action.type === 'funding'
    ? `Pay ${cess(action.amount)} CESS to ${short(action.beneficiary)}`
    : `Set ${action.name} to ${action.value}`;
}

function explain(e) {
  return e instanceof ApiError ? `${e.message} (${e.code})` : e.message;
}

// ------------------------------------------------------------------ signer

function signerPanel(onChange) {
  const current = h('p', { class: 'small', 'data-testid': 'signer' });
  const keyInput = h('input', { placeholder: '//Bob or 64 hex digits of a seed', autocomplete: 'off', 'data-testid': 'key-input' });
  const show = () => {
    current.textContent = signer === null ? 'No signer chosen yet.'
      : signer.kind === 'operator' ? `Signing with the node's operator key (${short(session.operator)}), held by the node.`
        : `Signing in this browser with ${signer.key.label} (account from key 0x${signer.key.publicKey.slice(0, 12)}…); the key never leaves this tab.`;
    onChange?.();
  };
  const useKey = h('button', {
    type: 'button', class: 'secondary', 'data-testid': 'use-key',
    onclick: async () => {
      try {
        signer = { kind: 'browser', key: await browserKey(keyInput.value) };
        keyInput.value = '';
        show();
      } catch (e) {
        toast(e.message, true);
      }
    },
  }, 'Use this key');
  // The node asks for the admin's password again for every signature with its operator key.
  const operatorPassword = isAdmin ? h('input', {
    type: 'password', autocomplete: 'current-password', placeholder: 'your password, for this signature',
    'aria-label': 'Your password, asked again for each signature with the operator key',
    'data-testid': 'operator-password',
  }) : null;
  const passwordRow = isAdmin ? h('label', { hidden: true }, 'Your password (asked for each signature)', operatorPassword) : null;
  const useOperator = isAdmin ? h('button', {
    type: 'button', class: 'secondary', 'data-testid': 'use-operator',
    onclick: () => {
      signer = { kind: 'operator', password: () => operatorPassword.value, clear: () => { operatorPassword.value = ''; } };
      passwordRow.hidden = false;
      show();
    },
  }, "Use the node's operator key") : null;
  show();
  return h('fieldset', {},
    h('legend', {}, 'Who signs'),
    h('div', { class: 'stack' },
      h('p', { class: 'small muted' }, webCryptoEd25519()
        ? 'Transactions are signed in this browser with WebCrypto Ed25519: the key is kept in this tab only and is never sent to the node.'
        : 'This page is not a secure context (HTTPS or localhost), so the browser cannot sign here: use the node\'s operator key or the CLI.'),
      h('div', { class: 'row' }, keyInput, useKey),
      useOperator ? h('p', { class: 'small muted' }, 'Or, as an admin, let the node sign with its own operator key:') : null,
      useOperator,
      passwordRow,
      current));
}

async function send(call, what) {
  if (signer === null) {
    toast('Choose who signs first: a key in this browser, or the node\'s operator key.', true);
    return null;
  }
  if (signer.kind === 'operator' && !signer.password()) {
    toast('Enter your password: the node asks for it again for each signature with its operator key.', true);
    return null;
  }
  try {
    const r = await submit(call, signer);
    if (r.status === 'included') {
      toast(`${what}: included in block ${r.height}.`);
    } else {
      toast(`${what} was rejected: ${r.reason ?? r.errorCode}`, true);
    }
    return r;
  } catch (e) {
    toast(`${what} was refused: ${explain(e)}`, true);
    return null;
  } finally {
    signer.clear?.();
  }
}

// ------------------------------------------------------------------ views

async function dashboard() {
  const [chain, head, validators, miners, treasury, voting, redundancy] = await Promise.all([
    get('/chain'), get('/chain/head'), get('/validators'), get('/storage/miners'),
    get('/treasury?limit=8'), get('/governance/proposals?state=voting'), get('/storage/redundancy?blocks=100'),
  ]);
  return h('div', { class: 'grid' },
    h('section', { class: 'card', 'data-testid': 'head' },
      h('h2', {}, 'Chain head'),
      h('div', { class: 'stat' }, '#' + head.height),
      h('p', { class: 'small muted mono' }, head.hash),
      h('p', { class: 'small' }, `Epoch ${head.epoch} · ${when(head.timestamp)} · ${head.txCount} transactions`),
      h('p', { class: 'small muted' }, `Block time ${chain.blockTimeMillis} ms, minimum fee ${cess(chain.minFee)} CESS`)),
    h('section', { class: 'card', 'data-testid': 'treasury' },
      h('h2', {}, 'Treasury'),
      h('div', { class: 'stat' }, cess(treasury.balance), ' CESS'),
      h('p', { class: 'small muted' }, `${treasury.feeSharePercent} % of fees · owed to passed proposals ${cess(treasury.owedToPassedProposals)} CESS`),
      h('table', {}, h('tbody', {}, treasury.movements.map((m) => h('tr', {},
        h('td', {}, '#' + m.height),
        h('td', {}, m.kind.replace('_', ' '), m.proposal ? ` (proposal ${m.proposal})` : ''),
        h('td', { class: 'num' }, (m.kind === 'payout' ? '−' : '+') + cess(m.amount))))))),
    h('section', { class: 'card', 'data-testid': 'validators' },
      h('h2', {}, `Validators on duty (${validators.onDuty.length})`),
      h('p', { class: 'small muted' }, `Epoch ${validators.epoch}, next draw at block ${validators.nextEpochStartsAt}; ${validators.candidates.length} candidates`),
      h('table', {}, h('tbody', {}, validators.onDuty.map((v) => h('tr', {},
        h('td', { class: 'mono' }, short(v.account)), h('td', { class: 'num' }, cess(v.stake), ' CESS')))))),
    h('section', { class: 'card', 'data-testid': 'miners' },
      h('h2', {}, `Storage miners (${miners.miners.length})`),
      h('p', { class: 'small' }, h('a', { href: '#/miners' }, 'Storage proofs: passed, missed, punished, status')),
      h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Miner'), h('th', {}, 'State'), h('th', { class: 'num' }, 'Used / declared'))),
        h('tbody', {}, miners.miners.map((m) => h('tr', {},
          h('td', { class: 'mono' }, short(m.account, 8)), h('td', {}, m.state),
          h('td', { class: 'num' }, `${size(m.usedBytes)} / ${size(m.declaredBytes)}`)))))),
    redundancyCard(redundancy),
    h('section', { class: 'card' },
      h('h2', {}, `Proposals open to votes (${voting.proposals.length})`),
      voting.proposals.length === 0 ? h('p', { class: 'muted' }, 'None. ', h('a', { href: '#/new' }, 'Submit one.'))
        : voting.proposals.map((p) => h('div', {},
          h('a', { href: '#/proposals/' + p.id }, `#${p.id} ${describe(p.action)}`),
          tallyBars(p.tally)))));
}

/** The network's redundancy (GET /api/storage/redundancy): degraded segments, by how much, and the repair rate. */
function redundancyCard(r) {
  const rate = r.repair;
  const eta = rate.blocksToRepairAll === undefined ? (r.openOrders > 0 ? 'no repair completed lately' : '')
    : r.openOrders > 0 ? `all open orders in about ${rate.blocksToRepairAll} blocks at that rate` : '';
  return h('section', { class: 'card', 'data-testid': 'redundancy' },
    h('h2', {}, 'Redundancy'),
    h('div', { class: 'stat' + (r.degradedSegments > 0 ? ' bad' : '') },
      r.degradedSegments === 0 ? 'Every segment whole' : `${r.degradedSegments} degraded segment${r.degradedSegments === 1 ? '' : 's'}`),
    r.degradedSegments === 0 ? null : h('p', { class: 'small' + (r.atRisk + r.unrecoverable > 0 ? ' bad' : '') },
      `${r.atRisk} with no parity left, ${r.unrecoverable} with fewer than k fragments`
      + (r.partial ? ' (at least: more orders than one view reads)' : '')),
    r.levels.length === 0 ? null : h('table', {},
      h('thead', {}, h('tr', {}, h('th', {}, 'Fragments missing'), h('th', {}, 'Parity left'), h('th', { class: 'num' }, 'Segments'))),
      h('tbody', {}, r.levels.map((l) => h('tr', { class: l.parityLeft <= 0 ? 'bad' : '' },
        h('td', {}, String(l.missing)), h('td', {}, String(l.parityLeft)), h('td', { class: 'num' }, String(l.segments)))))),
    h('p', { class: 'small muted' },
      `Orders: ${r.openOrders} open, ${r.claimedOrders} claimed, ${r.impliedOrders} implied by exiting or absent miners.`),
    h('p', { class: 'small', 'data-testid': 'repair-rate' },
      `Repair: ${rate.completedInWindow} fragments rebuilt in the last ${rate.windowBlocks} blocks (${duration(rate.windowMillis)}), `
      + `${rate.completedTotal} in all` + (eta ? `; ${eta}` : '') + '.'));
}

const STATES = ['all', 'voting', 'passed', 'enacted', 'rejected', 'expired', 'failed', 'cancelled'];

async function proposals(params) {
  const state = STATES.includes(params.get('state')) ? params.get('state') : 'all';
  const list = await get('/governance/proposals' + (state === 'all' ? '' : '?state=' + state));
  return h('div', {},
    h('div', { class: 'filters', role: 'group', 'aria-label': 'Filter by state' },
      STATES.map((s) => h('button', {
        type: 'button', class: s === state ? 'active' : '', 'data-state': s,
        onclick: () => { location.hash = '#/proposals' + (s === 'all' ? '' : '?state=' + s); },
      }, s))),
    list.proposals.length === 0 ? h('p', { class: 'muted card' }, 'No proposals' + (state === 'all' ? ' yet.' : ' in this state.'))
      : h('div', { class: 'grid' }, list.proposals.map((p) => h('article', { class: 'card', 'data-testid': 'proposal-' + p.id },
        h('h2', {}, h('a', { href: '#/proposals/' + p.id }, `#${p.id} ${describe(p.action)}`)),
        h('p', {}, status(p.status), p.timeLeftMillis !== undefined ? h('span', { class: 'muted small' }, ` · ${duration(p.timeLeftMillis)} left`) : ''),
        h('p', { class: 'small' }, p.description),
        tallyBars(p.tally)))));
}

async function proposal(id) {
  const p = await get('/governance/proposals/' + encodeURIComponent(id));
  const amount = h('input', { name: 'amount', inputmode: 'decimal', placeholder: 'CESS to lock', required: true, 'data-testid': 'vote-amount' });
  const choices = ['aye', 'nay', 'abstain'].map((c, i) => h('label', { class: 'choice' },
    h('input', { type: 'radio', name: 'choice', value: c, checked: i === 0, 'data-testid': 'vote-' + c }), c));
  const voteForm = h('form', {
    class: 'stack', 'data-testid': 'vote-form',
    onsubmit: async (ev) => {
      ev.preventDefault();
      let locked;
      try {
        locked = units(amount.value);
      } catch (e) {
        toast(e.message, true);
        return;
      }
      const choice = voteForm.querySelector('input[name=choice]:checked').value;
      const button = voteForm.querySelector('button[type=submit]');
      button.disabled = true;
      const r = await send({ type: 'vote', proposal: p.id, choice, amount: locked }, `Vote ${choice} on #${p.id}`);
      button.disabled = false;
      if (r?.status === 'included') {
        route();
      }
    },
  },
  h('h2', {}, 'Vote'),
  h('p', { class: 'small muted' }, 'The amount is locked until the vote ends: it is the vote\'s weight. Voting again replaces your vote.'),
  h('fieldset', {}, h('legend', {}, 'Choice'), h('div', { class: 'row' }, choices)),
  h('label', {}, 'Amount (CESS)', amount),
  signerPanel(),
  h('button', { type: 'submit', 'data-testid': 'vote-submit' }, 'Sign and vote'));

  const facts = [
    ['Proposer', h('span', { class: 'mono' }, p.proposer)],
    ['Action', describe(p.action)],
    ['Bond', cess(p.bond) + ' CESS'],
    ['Submitted', when(p.submittedMillis)],
    ['Voting ends', when(p.votingEndsMillis) + (p.timeLeftMillis !== undefined ? ` (${duration(p.timeLeftMillis)} left)` : '')],
  ];
  if (p.enactAtMillis) {
    facts.push(['Enactment', when(p.enactAtMillis)]);
  }
  if (p.link) {
    facts.push(['Link', h('a', { href: p.link, rel: 'noopener noreferrer', target: '_blank' }, p.link)]);
  }
  return h('div', { class: 'grid' },
    h('section', { class: 'card', 'data-testid': 'proposal' },
      h('h2', {}, `#${p.id} `, status(p.status)),
      h('p', {}, p.description),
      h('table', {}, h('tbody', {}, facts.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v))))),
      h('h2', {}, 'Tally'),
      tallyBars(p.tally),
      p.note ? h('p', { class: 'notice' }, p.note) : null,
      h('h2', {}, `Votes (${p.votes.length})`),
      p.votes.length === 0 ? h('p', { class: 'muted' }, 'No votes yet.')
        : h('table', {}, h('tbody', { 'data-testid': 'votes' }, p.votes.map((v) => h('tr', {},
          h('td', { class: 'mono' }, short(v.voter)), h('td', {}, v.choice), h('td', { class: 'num' }, cess(v.locked))))))),
    p.status === 'voting' ? h('section', { class: 'card' }, voteForm) : null);
}

async function newProposal() {
  const params = await get('/governance/parameters');
  const g = params.governance;
  const kind = h('select', { name: 'kind', 'data-testid': 'kind' },
    h('option', { value: 'funding' }, 'Funding from the treasury'), h('option', { value: 'param_change' }, 'Chain parameter change'));
  const beneficiary = h('input', { name: 'beneficiary', placeholder: 'cX… address', 'data-testid': 'beneficiary' });
  const amount = h('input', { name: 'amount', inputmode: 'decimal', placeholder: 'CESS', 'data-testid': 'amount' });
  const param = h('select', { name: 'param' }, params.parameters.map((p) => h('option', { value: p.name }, `${p.name} (now ${p.value})`)));
  const value = h('input', { name: 'value', placeholder: 'new value (an integer)' });
  const hint = h('p', { class: 'small muted' });
  const description = h('textarea', { name: 'description', maxlength: 2000, required: true, 'data-testid': 'description' });
  const link = h('input', { name: 'link', type: 'url', placeholder: 'https://… (optional)' });
  const funding = h('div', { class: 'row' }, h('label', {}, 'Beneficiary', beneficiary), h('label', {}, 'Amount (CESS)', amount));
  const change = h('div', { class: 'row' }, h('label', {}, 'Parameter', param), h('label', {}, 'New value', value));
  const sync = () => {
    const isFunding = kind.value === 'funding';
    funding.hidden = !isFunding;
    change.hidden = isFunding;
    const meaning = params.parameters.find((p) => p.name === param.value)?.meaning ?? '';
    hint.textContent = isFunding
      ? `The bond is ${g.bondPercent} % of the amount asked, at least ${cess(g.minProposalBond)} CESS; it returns when the vote ends, unless at least ${g.forfeitPercent} % of ayes and nays reject it.`
      : `${meaning}. The bond is ${cess(g.minProposalBond)} CESS.`;
  };
  kind.addEventListener('change', sync);
  param.addEventListener('change', sync);
  sync();
  const form = h('form', {
    class: 'stack card', 'data-testid': 'new-proposal',
    onsubmit: async (ev) => {
      ev.preventDefault();
      let action;
      try {
        action = kind.value === 'funding'
          ? { type: 'funding', beneficiary: beneficiary.value.trim(), amount: units(amount.value) }
          : { type: 'param_change', name: param.value, value: value.value.trim() };
      } catch (e) {
        toast(e.message, true);
        return;
      }
      const button = form.querySelector('button[type=submit]');
      button.disabled = true;
      const r = await send({ type: 'propose', action, description: description.value, link: link.value.trim() }, 'Proposal');
      button.disabled = false;
      if (r?.status === 'included') {
        const mine = await get('/governance/proposals?state=voting');
        const p = mine.proposals.find((x) => x.description === description.value);
        location.hash = p ? '#/proposals/' + p.id : '#/proposals';
      }
    },
  },
  h('h2', {}, 'New proposal'),
  h('p', { class: 'small muted' }, `Voting lasts ${duration(g.votingMillis)}; a passed proposal is enacted ${duration(g.enactmentDelayMillis)} later. Quorum: ${g.quorumPercent} % of all issued CESS.`),
  h('label', {}, 'Kind', kind), funding, change, hint,
  h('label', {}, 'Description', description),
  h('label', {}, 'Link', link),
  signerPanel(),
  h('button', { type: 'submit', 'data-testid': 'propose-submit' }, 'Sign and submit'));
  return form;
}

// ------------------------------------------------------------------ routing

async function route() {
  clearInterval(refresh);
  const [path, query] = (location.hash.slice(1) || '/').split('?');
  const params = new URLSearchParams(query ?? '');
  const parts = path.split('/').filter(Boolean);
  const name = ['proposals', 'new', 'miners'].includes(parts[0]) ? parts[0] : 'dashboard';
  document.querySelectorAll('header nav a').forEach((a) => a.classList.toggle('active', a.dataset.route === name));
  const render = async () => {
    if (parts[0] === 'proposals' && parts[1]) {
      return proposal(parts[1]);
    }
    if (parts[0] === 'proposals') {
      return proposals(params);
    }
    if (parts[0] === 'new') {
      return newProposal();
    }
    if (parts[0] === 'miners') {
      return minersView();
    }
    return dashboard();
  };
  const draw = async (first) => {
    // live views are redrawn every few seconds, unless the user is typing in a form
    if (!first && view.contains(document.activeElement) && document.activeElement.matches('input, textarea, select')) {
      return;
    }
    try {
      const el = await render();
      view.replaceChildren(el);
    } catch (e) {
      view.replaceChildren(h('p', { class: 'notice error' }, 'Could not load this page: ' + explain(e)));
    }
  };
  await draw(true);
  if (name !== 'new' && !(parts[0] === 'proposals' && parts[1])) {
    refresh = setInterval(() => draw(false), 3000);
  }
}

window.addEventListener('hashchange', route);
route();
