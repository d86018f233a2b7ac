// factgraph site script: instant search over the sharded index, and the
// as-of control of entity pages. The pages are complete without it; it
// only adds. It builds every element with textContent, never HTML.
(() => {
  'use strict';
  const root = new URL('../', document.currentScript.src);
  const idPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;

  // fold is graph.Fold: NFKD, drop combining marks, NFKC, case fold,
  // white space runs made one space. JavaScript has no case folding;
  // lower, upper, lower comes to the same for every letter but dotless i
  // (which folding keeps) and final sigma (which lower case keeps at the
  // end of a word and folding does not). Cherokee is swapped, because
  // golang.org/x/text's folding (v0.43) swaps its case, and the index's
  // keys come from it.
  const space = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
  const cherokee = /[\u13a0-\u13f5\u13f8-\u13fd\uab70-\uabbf]/g;
  const swapCherokee = (c) => {
    const n = c.charCodeAt(0);
    if (n >= 0xab70) return String.fromCharCode(n - 0xab70 + 0x13a0);
    if (n >= 0x13f8) return String.fromCharCode(n - 8);
    if (n >= 0x13f0) return String.fromCharCode(n + 8);
    return String.fromCharCode(n - 0x13a0 + 0xab70);
  };
  const caseFold = (s) => s.split('\u0131').map((p) => p.toLowerCase().toUpperCase().toLowerCase()).join('\u0131')
    .replace(/\u03c2/g, '\u03c3');
  const foldCase = (s) => {
    let out = '';
    let last = 0;
    for (const m of s.matchAll(cherokee)) {
      out += caseFold(s.slice(last, m.index)) + swapCherokee(m[0]);
      last = m.index + m[0].length;
    }
    return out + caseFold(s.slice(last));
  };
  const fold = (s) => foldCase(s.normalize('NFKD').replace(/\p{Mn}/gu, '').normalize('NFKC'))
    .split(space).filter((w) => w !== '').join(' ');

  // The index: a manifest of shard start keys, and shards, each loaded
  // once by a script tag that calls back into fgSearch.
  let manifestPromise = null;
  let manifestResolve = null;
  const shards = new Map();
  const waiting = new Map();
  window.fgSearch = {
    fold,
    manifest(m) { if (manifestResolve) manifestResolve(m); },
    shard(n, postings) { const w = waiting.get(n); if (w) { waiting.delete(n); w(postings); } },
  };
  const load = (file, onError) => {
    const el = document.createElement('script');
    el.src = new URL(file, root).href;
    el.async = true;
    el.onerror = onError;
    document.head.appendChild(el);
  };
  const manifest = () => {
    if (!manifestPromise) {
      manifestPromise = new Promise((resolve, reject) => {
        manifestResolve = resolve;
        load('search/index.js', () => reject(new Error('the search index did not load')));
      });
    }
    return manifestPromise;
  };
  const shard = (n) => {
    if (!shards.has(n)) {
      shards.set(n, new Promise((resolve, reject) => {
        waiting.set(n, resolve);
        load('search/' + n + '.js', () => reject(new Error('a search shard did not load')));
      }));
    }
    return shards.get(n);
  };

  const MAX_RESULTS = 10;
  const MAX_SHARDS = 4; // loaded for one query at most
  const MAX_CANDIDATES = 400;

  // lookup finds the entities with a name (or a word of one) starting
  // with q, best first: exact names, then names that start with q, then
  // words; shorter labels first.
  async function lookup(q, type) {
    const m = await manifest();
    const starts = m.shards;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) { // the last shard whose start is <= q
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= q) lo = mid; else hi = mid - 1;
    }
    const best = new Map();
    let seen = 0;
    for (let n = lo; n < starts.length && n < lo + MAX_SHARDS && seen < MAX_CANDIDATES; n++) {
      if (n > lo && !starts[n].startsWith(q)) break;
      const postings = await shard(n);
      for (const [key, id, label, t, via] of postings) {
        if (!key.startsWith(q)) { if (key > q) break; continue; }
        if (type !== '' && m.types[t][0] !== type) continue;
        seen++;
        const score = key === q ? 0 : fold(label).startsWith(q) || fold(via).startsWith(q) ? 1 : 2;
        const old = best.get(id);
        if (!old || score < old.score) best.set(id, { id, label, type: m.types[t][1], via, score });
      }
    }
    return [...best.values()].sort((a, b) => a.score - b.score || a.label.length - b.label.length ||
      (a.label < b.label ? -1 : a.label > b.label ? 1 : 0) || (a.id < b.id ? -1 : 1)).slice(0, MAX_RESULTS);
  }

  function setupSearch(box) {
    const input = box.querySelector('#q');
    const select = box.querySelector('#q-type');
    const list = box.querySelector('#q-results');
    const status = box.querySelector('#q-status');
    let seq = 0;
    let pending = Promise.resolve();
    let active = -1;
    box.hidden = false;
    const options = () => [...list.querySelectorAll('li[role="option"]')];
    const setActive = (i) => {
      const opts = options();
      active = opts.length === 0 ? -1 : (i + opts.length) % opts.length;
      opts.forEach((o, j) => o.setAttribute('aria-selected', String(j === active)));
      if (active >= 0) {
        input.setAttribute('aria-activedescendant', opts[active].id);
        opts[active].scrollIntoView({ block: 'nearest' });
      } else input.removeAttribute('aria-activedescendant');
    };
    const close = () => {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    };
    const show = (results) => {
      list.replaceChildren();
      results.forEach((r, i) => {
        if (!idPattern.test(r.id)) return;
        const li = document.createElement('li');
        li.id = 'q-opt-' + i;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        const a = document.createElement('a');
        a.href = new URL('entities/' + r.id + '.html', root).href;
        a.tabIndex = -1;
        const label = document.createElement('span');
        label.className = 'label';
        label.textContent = r.label;
        const kind = document.createElement('span');
        kind.className = 'kind';
        kind.textContent = ' ' + r.type;
        a.append(label, kind);
        if (r.via !== '') {
          const via = document.createElement('span');
          via.className = 'via';
          via.textContent = ' (also known as ' + r.via + ')';
          a.append(via);
        }
        li.append(a);
        li.addEventListener('mousedown', (ev) => ev.preventDefault()); // keep the focus in the box
        list.append(li);
      });
      if (results.length === 0) {
        const li = document.createElement('li');
        li.className = 'empty';
        li.textContent = 'No entity has a name starting with that.';
        list.append(li);
      }
      status.textContent = results.length === 0 ? 'No results' : results.length + ' results';
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      setActive(results.length > 0 ? 0 : -1);
    };
    const update = () => {
      const q = fold(input.value);
      const mine = ++seq;
      if (q === '') { close(); list.replaceChildren(); pending = Promise.resolve(); return; }
      pending = lookup(q, select.value).then((results) => { if (mine === seq) show(results); },
        (err) => { if (mine === seq) { list.replaceChildren(); const li = document.createElement('li'); li.className = 'empty'; li.textContent = err.message; list.append(li); list.hidden = false; } });
    };
    input.addEventListener('input', update);
    select.addEventListener('change', update);
    input.addEventListener('focus', () => { manifest().catch(() => {}); if (input.value !== '') update(); });
    input.addEventListener('blur', close);
    input.addEventListener('keydown', (ev) => {
      switch (ev.key) {
        case 'ArrowDown':
          ev.preventDefault();
          if (list.hidden) update(); else setActive(active + 1);
          break;
        case 'ArrowUp':
          ev.preventDefault();
          setActive(active - 1);
          break;
        case 'Enter':
          ev.preventDefault();
          pending.then(() => {
            const opts = options();
            const o = opts[active >= 0 ? active : 0];
            if (o) window.location.href = o.querySelector('a').href;
          });
          break;
        case 'Escape':
          if (!list.hidden) { ev.preventDefault(); close(); } else input.value = '';
          break;
      }
    });
  }

  // Day numbers as package date counts them: days since 1970-01-01.
  const dayNum = (y, m, d) => {
    const t = new Date(0);
    t.setUTCFullYear(y, m - 1, d);
    return Math.round(t.getTime() / 86400000);
  };
  // parseDate reads YYYY, YYYY-MM or YYYY-MM-DD as a granule [first, end).
  const parseDate = (s) => {
    const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(s);
    if (!m) return null;
    const y = +m[1];
    if (y < 1000) return null; // as package date: years 1000 to 9999
    const mo = m[2] === undefined ? 0 : +m[2];
    const d = m[3] === undefined ? 0 : +m[3];
    if (m[2] !== undefined && (mo < 1 || mo > 12)) return null;
    if (m[3] !== undefined && (d < 1 || d > dayNum(y, mo + 1, 1) - dayNum(y, mo, 1))) return null;
    if (d) return { first: dayNum(y, mo, d), end: dayNum(y, mo, d) + 1 };
    if (mo) return { first: dayNum(y, mo, 1), end: dayNum(y, mo + 1, 1) };
    return { first: dayNum(y, 1, 1), end: dayNum(y + 1, 1, 1) };
  };
  window.fgSearch.parseDate = parseDate;

  function setupAsOf(section) {
    const article = section.closest('article');
    const input = section.querySelector('#asof');
    const panel = section.querySelector('#asof-result');
    const rows = [...article.querySelectorAll('#statements li.st, #about li.st')];
    const name = article.querySelector('h1').textContent;
    section.hidden = false;
    const heading = (text) => { const h = document.createElement('h3'); h.textContent = text; return h; };
    const listOf = (items, kind) => {
      const ul = document.createElement('ul');
      ul.className = 'rows ' + kind;
      for (const li of items) {
        const c = li.cloneNode(true);
        c.classList.remove('asof-out');
        ul.append(c);
      }
      return ul;
    };
    const apply = () => {
      const text = input.value.trim();
      rows.forEach((li) => li.classList.remove('asof-out'));
      panel.replaceChildren();
      panel.hidden = text === '';
      try {
        const u = new URL(window.location.href);
        if (text === '') u.searchParams.delete('at'); else u.searchParams.set('at', text);
        window.history.replaceState(null, '', u.href);
      } catch (e) { /* file:// may refuse; the view works without it */ }
      if (text === '') return;
      const g = parseDate(text);
      if (!g) {
        const p = document.createElement('p');
        p.textContent = 'Write a date as YYYY, YYYY-MM or YYYY-MM-DD.';
        panel.append(p);
        return;
      }
      const begin = article.dataset.begin;
      const finish = article.dataset.finish;
      if (begin !== '' && g.end <= +begin) {
        panel.append(heading('As of ' + text), Object.assign(document.createElement('p'), { className: 'existence', textContent: name + ' did not exist yet in ' + text + '.' }));
        rows.forEach((li) => li.classList.add('asof-out'));
        return;
      }
      if (finish !== '' && g.first >= +finish) {
        panel.append(heading('As of ' + text), Object.assign(document.createElement('p'), { className: 'existence', textContent: name + ' no longer existed in ' + text + '.' }));
        rows.forEach((li) => li.classList.add('asof-out'));
        return;
      }
      const held = [];
      const maybe = [];
      for (const li of rows) {
        const d = li.dataset;
        if (d.t === '1' || (+d.s1 < g.end && +d.e0 > g.first)) held.push(li);
        else if (+d.s0 < g.end && +d.e1 > g.first) { maybe.push(li); li.classList.add('asof-out'); } else li.classList.add('asof-out');
      }
      const h = heading('Held in ' + text);
      h.className = 'held';
      panel.append(h, held.length ? listOf(held, 'held') : Object.assign(document.createElement('p'), { className: 'none', textContent: 'Nothing is known to have held then.' }));
      if (maybe.length) {
        const hm = heading('Possibly held in ' + text + ' (the dates are too imprecise to say)');
        hm.className = 'possibly';
        panel.append(hm, listOf(maybe, 'possibly'));
      }
    };
    input.addEventListener('input', apply);
    const at = new URLSearchParams(window.location.search).get('at');
    if (at) { input.value = at; apply(); }
  }

  const box = document.querySelector('.search');
  if (box) setupSearch(box);
  const asof = document.querySelector('.asof-control');
  if (asof) setupAsOf(asof);
  document.documentElement.dataset.js = 'ready';
})();
