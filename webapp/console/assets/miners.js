// The miners view: every storage miner with its space and its storage proofs — passed, missed
// and failed challenges, what it was punished, and the status line that says what it waits for
// (GET /api/audit/miners, next to GET /api/storage/miners for the space).
import { get } from './api.js';
import { h, short, size } from './dom.js';
import { cess } from './amount.js';

function counts(m) {
  const failed = m.failedService + m.failedIdle;
  return [
    h('td', { class: 'num', 'data-testid': 'passed' }, m.passed),
    h('td', { class: 'num' + (m.missed > 0 ? ' bad' : ''), title: `${m.consecutiveMissed} in a row` }, m.missed),
    h('td', { class: 'num' + (failed > 0 ? ' bad' : ''), title: `${m.failedService} service, ${m.failedIdle} idle` }, failed),
    h('td', { class: 'num', title: m.punished + ' units' }, cess(m.punished)),
  ];
}

export async function miners() {
  const [storage, audit] = await Promise.all([get('/storage/miners'), get('/audit/miners')]);
  const space = new Map(storage.miners.map((m) => [m.account, m]));
  return h('section', { class: 'card', 'data-testid': 'miner-audit' },
    h('h2', {}, `Storage miners and their proofs (${audit.miners.length})`),
    h('p', { class: 'small muted' },
      `Block ${audit.height}. Every miner holding data or certified idle space is challenged once per period of ${audit.periodBlocks} blocks; `
      + `the next period starts at block ${audit.nextPeriodAt}.`),
    audit.miners.length === 0 ? h('p', { class: 'muted' }, 'No miners registered yet.')
      : h('div', { class: 'scroll' }, h('table', {},
        h('thead', {}, h('tr', {},
          h('th', {}, 'Miner'), h('th', {}, 'State'), h('th', { class: 'num hide-narrow' }, 'Used / declared'),
          h('th', { class: 'num' }, 'Passed'), h('th', { class: 'num' }, 'Missed'), h('th', { class: 'num' }, 'Failed'),
          h('th', { class: 'num' }, 'Punished (CESS)'), h('th', { class: 'num hide-narrow' }, 'Certified idle / power'),
          h('th', {}, 'Status'))),
        h('tbody', {}, audit.miners.map((m) => {
          const s = space.get(m.account);
          return h('tr', { 'data-testid': 'audit-' + m.account },
            h('td', { class: 'mono', title: m.account }, short(m.account, 8)),
            h('td', {}, m.state ?? 'not registered'),
            h('td', { class: 'num hide-narrow' }, s ? `${size(s.usedBytes)} / ${size(s.declaredBytes)}` : '–'),
            counts(m),
            h('td', { class: 'num hide-narrow', 'data-testid': 'audit-idle', title: m.idle ? m.idle.status : '' },
              m.idle ? `${size(m.idle.certifiedIdleBytes)} / ${size(m.idle.powerBytes)}` : '–'),
            h('td', { class: 'small', 'data-testid': 'audit-status' }, m.status));
        })))));
}
