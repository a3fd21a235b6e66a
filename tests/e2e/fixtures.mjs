// Sessions made through the JSON API, for tests that look at a page in a given
// phase rather than drive the whole summit through the UI.

import { apiOf, json } from './lib.mjs';

export const PHASES = ['lobby', 'problems', 'pick', 'ideas', 'vote', 'plan', 'closed'];
export const MARKETING = 1;
export const SERVICE = 2;

/**
 * A session on the server at `base`, brought to `phase`, with a problem and an idea
 * of Ann's (Marketing) and of Bob's (Customer Service), both problems picked, and
 * one of Ann's votes on Bob's idea, and from Plan on one action item (`withActions`).
 */
export async function sessionIn(base, phase, { withActions = false } = {}) {
  const { api } = apiOf(base);
  const body = async (res) => JSON.parse((await res).body);
  const created = await body(api('/api/sessions', null, json({ title: `A summit in ${phase}`, departments: ['Marketing', 'Customer Service'] })));
  const sid = created.session_id;
  const fac = created.facilitator_token;
  const join = (name, department) => body(api(`/api/sessions/${sid}/participants`, null, json({ name, department })));
  const ann = await join('Ann', MARKETING);
  const bob = await join('Bob', SERVICE);
  const cmd = (token, command) => body(api(`/api/sessions/${sid}/commands`, token, json({ command })));
  const to = async (p) => cmd(fac, { type: 'set_phase', phase: p });
  const ids = {};
  const reached = (p) => PHASES.indexOf(phase) >= PHASES.indexOf(p);
  if (reached('problems')) {
    await to('problems');
    ids.annProblem = (await cmd(ann.token, { type: 'submit_problem', text: "Ann's problem" })).events[0].event.problem.id;
    ids.bobProblem = (await cmd(bob.token, { type: 'submit_problem', text: "Bob's problem" })).events[0].event.problem.id;
  }
  if (reached('pick')) {
    await to('pick');
    for (const problem of [ids.annProblem, ids.bobProblem]) await cmd(fac, { type: 'confirm_pick', problem, picked: true });
  }
  if (reached('ideas')) {
    await to('ideas');
    ids.annIdea = (await cmd(ann.token, { type: 'submit_idea', problem: ids.bobProblem, text: "Ann's idea" })).events[0].event.idea.id;
    ids.bobIdea = (await cmd(bob.token, { type: 'submit_idea', problem: ids.annProblem, text: "Bob's idea" })).events[0].event.idea.id;
  }
  if (reached('vote')) {
    await to('vote');
    await cmd(ann.token, { type: 'cast_vote', idea: ids.bobIdea });
  }
  if (reached('plan')) await to('plan');
  if (reached('plan') && withActions) {
    await cmd(fac, { type: 'create_action', action: { problem: ids.annProblem, idea: ids.bobIdea, title: 'Launch calendar', owner: 'Dana', department: MARKETING, due: '2027-01-15', status: 'open' } });
  }
  if (reached('closed')) await to('closed');
  return { sid, fac, ann, bob, ids, code: created.join_code };
}

/**
 * Opens the session as `viewer`: 'facilitator', 'participant' (who is Ann) or
 * 'screen' (the projector, with the key the facilitator's console links to).
 */
export async function openAs(page, base, session, viewer) {
  if (viewer === 'screen') {
    const { api } = apiOf(base);
    const { key } = JSON.parse((await api(`/api/sessions/${session.sid}/screen`, session.fac)).body);
    await page.goto(`${base}/s/${session.sid}/screen#key=${key}`);
  } else if (viewer === 'facilitator') {
    await page.goto(`${base}/s/${session.sid}/facilitate#key=${session.fac}`);
  } else {
    // Ann's pass, as her browser keeps it after joining.
    await page.goto(`${base}/`);
    await page.evaluate(([key, token]) => window.localStorage.setItem(key, token), [`summit.participant.${session.sid}`, session.ann.token]);
    await page.goto(`${base}/s/${session.sid}`);
  }
}

/**
 * A session in Review: it carried over the open items of a closed earlier one (one
 * in progress with a progress note, one open); the first is marked to continue.
 * Ann (Marketing) has joined it.
 */
export async function sessionInReview(base) {
  const { api } = apiOf(base);
  const body = async (res) => JSON.parse((await res).body);
  const last = await sessionIn(base, 'plan', { withActions: true });
  const lastCmd = (command) => api(`/api/sessions/${last.sid}/commands`, last.fac, json({ command }));
  await lastCmd({
    type: 'create_action',
    action: { problem: last.ids.bobProblem, idea: last.ids.annIdea, title: 'Brief the support leads', owner: 'Eli', department: SERVICE, due: '2026-03-01', status: 'in_progress' },
  });
  await lastCmd({ type: 'add_note', id: 2, text: 'Half the leads briefed' });
  await lastCmd({ type: 'set_phase', phase: 'closed' });
  const created = await body(api('/api/sessions', null, json({
    title: 'A summit in review',
    departments: ['Marketing', 'Customer Service'],
    carry_from: { session: last.sid, key: last.fac },
  })));
  const sid = created.session_id;
  const fac = created.facilitator_token;
  const ann = await body(api(`/api/sessions/${sid}/participants`, null, json({ name: 'Ann', department: MARKETING })));
  const cmd = (command) => api(`/api/sessions/${sid}/commands`, fac, json({ command }));
  await cmd({ type: 'set_phase', phase: 'review' });
  await cmd({ type: 'review_carried', id: 1, verdict: 'continue' });
  return { sid, fac, ann, code: created.join_code };
}
