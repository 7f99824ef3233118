// apkg.mjs: checks of an Anki deck that qbind made, run by check-apkg.sh.
//
//   node tests/apkg.mjs reader NPM_DIR DECK.apkg NOTES CARDS DECKS
//     The npm package anki-reader (installed under NPM_DIR) opens the deck
//     and must find every note, card, deck and field.
//   node tests/apkg.mjs lang NPM_DIR collection.anki2 LANG FOREIGN
//     Every side of every card, its templates filled in: each text with a
//     letter in it is inside an element whose nearest lang is the language
//     it is in, so a screen reader or text-to-speech reads it in its own
//     voice.  The rule of src/util/script.h: FOREIGN ("en" or "ru") is the
//     language of the other script than LANG's (Latin or Cyrillic); a text
//     with letters of LANG's script must be under lang=LANG, one whose
//     letters are all of the other script under lang=FOREIGN, one with
//     letters of both is not split as it should be, and one with letters
//     of neither script under some lang.  Code and a link's text that is
//     its address are in no language: not looked at.
//   node tests/apkg.mjs check NPM_DIR collection.anki2
//     Our own checks, apart from qbind's code: csum and sfld recomputed
//     from field 0 (tags stripped, entities decoded, as Anki does), guids
//     in Anki's base91 alphabet, and what the cards show once their
//     templates are filled in (hostile text must stay text).
//
// Prints one "ok ..." or "FAIL ..." line per check; exits 1 on a failure.
import fs from 'fs';
import crypto from 'crypto';
import path from 'path';
import { createRequire } from 'module';
import { pathToFileURL } from 'url';

const [mode, npm, file, ...rest] = process.argv.slice(2);
let failed = 0;
const ok = (cond, what) => {
	if (cond) console.log(`ok ${what}`);
	else { failed++; console.log(`FAIL ${what}`); }
};

if (mode === 'reader') {
	const lib = path.resolve(npm, 'node_modules/anki-reader/lib/src/index.js');
	const { readAnkiPackage } = await import(pathToFileURL(lib).href);
	const { collection, media } = await readAnkiPackage(new Blob([fs.readFileSync(file)]));
	const [wantNotes, wantCards, wantDecks] = rest.map(Number);
	const decks = collection.getDecks();
	const models = collection.getModels();
	ok(Object.keys(decks).length === wantDecks,
	    `reader: ${Object.keys(decks).length} decks, expected ${wantDecks}`);
	ok(Object.keys(models).length === 1, 'reader: one note type');
	ok(Object.keys(media).length === 0, 'reader: no media');
	ok(collection.getVersion() === 11, `reader: collection version ${collection.getVersion()}`);
	const notes = new Set();
	let cards = 0, fieldsOk = 0, frontsOk = 0;
	for (const deck of Object.values(decks)) {
		for (const card of Object.values(deck.getCards())) {
			cards++;
			notes.add(card.getNoteId());
			const f = card.getFields();
			const names = card.getModel().getFields().map((x) => x.name);
			if (names.join() === 'Question,Answer,Number,Section,Topic,Source,Reverse,Context' &&
			    Object.keys(f).length === 8 && f.Question !== '' && f.Number !== '' &&
			    /:[0-9]+$/.test(f.Source))
				fieldsOk++;
			const qs = card.getQuestions();
			if (qs.length >= 1 && qs[0].getQuestionString().includes('qb-question'))
				frontsOk++;
		}
	}
	ok(notes.size === wantNotes, `reader: ${notes.size} notes, expected ${wantNotes}`);
	ok(cards === wantCards, `reader: ${cards} cards, expected ${wantCards}`);
	ok(fieldsOk === cards, `reader: ${fieldsOk} of ${cards} cards have all 8 fields`);
	ok(frontsOk === cards, `reader: ${frontsOk} of ${cards} cards render a question`);
} else if (mode === 'check') {
	const require = createRequire(path.resolve(npm, 'node_modules') + '/');
	const SQL = await require('sql.js')();
	const db = new SQL.Database(fs.readFileSync(file));
	const rows = (sql) => {
		const r = db.exec(sql);
		return r.length ? r[0].values : [];
	};
	// Anki's strip_html: comments and tags out, then entities decoded and,
	// when there were any, no-break spaces read as spaces.
	const named = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
	const strip = (html) => {
		let s = html.replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]*>/g, '');
		if (!s.includes('&')) return s;
		s = s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e) => {
			if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ?
			    parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
			return named[e] ?? m;
		});
		return s.replace(/\u00a0/g, ' ');
	};
	const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~';
	let csum = 0, sfld = 0, guid = 0, n = 0, text = 0, shows = 0, sides = 0, bare = 0, context = 0;
	const notes = rows('select guid, flds, sfld, csum from notes');
	const model = Object.values(JSON.parse(rows('select models from col')[0][0]))[0];
	for (const [g, flds, sf, cs] of notes) {
		n++;
		const f = flds.split('\x1f');
		const first = strip(f[0]);
		const sha = crypto.createHash('sha1').update(first, 'utf8').digest();
		if (sha.readUInt32BE(0) === Number(cs)) csum++;
		if (String(sf) === first) sfld++;
		if (g.length >= 1 && g.length <= 10 && [...g].every((c) => alphabet.includes(c))) guid++;
		// What the card shows: the template filled in.  No element may
		// come from a field but those the answer renderer writes (span:
		// a code block's lines and continuation marks, html.h).
		// Anki fills {{FrontSide}} with the rendered front, not re-read.
		const fields = Object.fromEntries(model.flds.map((x, i) => [x.name, f[i] ?? '']));
		fields.FrontSide = fill(model.tmpls[0].qfmt, fields);
		const html = fill(model.tmpls[0].afmt, fields);
		// Anki reads U+00A0 as a space only where a field has entities.
		if (strip(html).replace(/\u00a0/g, ' ').includes(first.replace(/\u00a0/g, ' '))) shows++;
		const tags = [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1].toLowerCase());
		const allowed = new Set(['div', 'hr', 'p', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code',
		    'em', 'strong', 'br', 'h4', 'h5', 'h6', 'a', 'span']);
		if (tags.every((t) => allowed.has(t)) && !/\[sound:/.test(html)) text++;
		// Every side of every card type: the source position is the
		// browser's, never on a card; the number, section and topic
		// show once at most (each field marked to count it).
		const marked = { ...fields, Number: '\u2460', Section: '\u2461', Topic: '\u2462',
		    Reverse: fields.Reverse || 'y' };
		let clean = true;
		for (const t of model.tmpls) {
			const front = fill(t.qfmt, fields);
			const back = fill(t.afmt, { ...fields, FrontSide: front });
			const backMarked = fill(t.afmt, { ...marked, FrontSide: fill(t.qfmt, marked) });
			const once = (c) => backMarked.split(c).length - 1 <= 1;
			if ((fields.Source && (front + back).includes(fields.Source)) ||
			    /[\w.-]+\.(txt|md|csv|tsv):[0-9]+/.test(strip(front + back)) ||
			    !once('\u2460') || !once('\u2461') || !once('\u2462'))
				clean = false;
		}
		if (clean) sides++;
		// A question without an answer shows its Context on the back.
		if (f[1] === '' && (fields.Context ?? '') !== '') {
			bare++;
			if (html.includes(fields.Context)) context++;
		}
	}
	ok(n > 0, `check: ${n} notes`);
	ok(csum === n, `check: csum right for ${csum} of ${n} notes`);
	ok(sfld === n, `check: sfld right for ${sfld} of ${n} notes`);
	ok(guid === n, `check: ${guid} of ${n} guids in Anki's base91 alphabet`);
	ok(text === n, `check: ${text} of ${n} cards show only the elements qbind writes`);
	ok(shows === n, `check: ${shows} of ${n} card backs show the question as written`);
	ok(sides === n, `check: ${sides} of ${n} notes: no file:line on any card side, number, section and topic once at most`);
	ok(context === bare, `check: ${context} of ${bare} notes without an answer show their context`);
	if (rest[0]) {
		// The question text as it shows: must equal what the corpus says.
		// Printed typography (quotes, no-break spaces, code without its
		// backticks) folded back to what the corpus says.
		const unprint = (t) => t.replace(/[«»„“”]/g, '"').replace(/[‘’]/g, "'")
		    .replace(/…/g, '...').replace(/\u00a0/g, ' ').replace(/`/g, '');
		const want = fs.readFileSync(rest[0], 'utf8').split('\n').filter((l) => l !== '').map(unprint);
		const shown = notes.map(([, flds]) => unprint(strip(flds.split('\x1f')[0])));
		ok(want.every((w) => shown.includes(w)), 'check: every expected question shows as text');
	}
} else if (mode === 'css') {
	// FILE is anki.css.  The cascade, for the few selectors the file may
	// use (tags, classes, descendants; @media screen taken as on), decides
	// what a code block looks like in night mode and which colours meet.
	const rules = parseCss(fs.readFileSync(file, 'utf8'));
	const el = (spec) => {
		const [tag, ...classes] = spec.split('.');
		return { tag, classes };
	};
	const path = (night, ...specs) =>
		[el(night ? 'body.card.card1.nightMode.night_mode' : 'body.card.card1'),
		    el('div.qbind'), ...specs.map(el)];
	const block = ['div.qb-answer', 'pre', 'code'];
	for (const night of [false, true]) {
		const side = night ? 'night' : 'day';
		const w = winner(rules, path(night, ...block), 'background');
		ok(w !== null && /^(none|transparent)$/.test(w.value),
		    `css ${side}: code in a block has no background of its own (${w ? w.selector + ' ' + w.value : 'none set'})`);
		if (night) {
			// Every rule for inline code that matches in night mode
			// loses to the block's: more specific or as specific,
			// and later in the file.
			const inline = rules.filter((r) => 'background' in r.decls &&
			    !r.parts.some((p) => p.tag === 'pre') && matches(r.parts, path(true, ...block)));
			ok(inline.length > 0, 'css night: a night rule for inline code exists to be overridden');
			for (const r of inline)
				ok(w && cmpSpec(w.spec, r.spec) >= 0 && w.order > r.order,
				    `css night: '${w && w.selector}' wins over '${r.selector}' by specificity and order`);
		}
		// Text on what is behind it, at 4.5:1 or more (WCAG AA).
		const pairs = {
			'text': [], 'section line': ['div.qb-where'], 'number': ['div.qb-where', 'span.qb-number'],
			'question': ['div.qb-question'], 'answer': ['div.qb-answer', 'p'],
			'inline code': ['div.qb-answer', 'p', 'code'], 'code block': block,
			'quote': ['div.qb-answer', 'blockquote'],
			'context': ['div.qb-context', 'ul.qb-siblings', 'li'],
			'wrapped code mark': [...block, 'span.code-line', 'span.code-wrap'],
		};
		for (const [what, specs] of Object.entries(pairs)) {
			const p = path(night, ...specs);
			const fg = computed(rules, p, 'color'), bg = backdrop(rules, p);
			const r = fg && bg ? contrast(fg, bg) : 0;
			ok(r >= 4.5, `css ${side}: ${what} ${fg} on ${bg}: contrast ${r.toFixed(2)}`);
		}
	}
} else if (mode === 'lang') {
	const require = createRequire(path.resolve(npm, 'node_modules') + '/');
	const SQL = await require('sql.js')();
	const db = new SQL.Database(fs.readFileSync(file));
	const [want, foreign] = rest;
	if (!want || !foreign) {
		console.log('FAIL lang: usage: lang NPM_DIR collection.anki2 LANG FOREIGN');
		process.exit(2);
	}
	const latin = /\p{Script=Latin}/u, cyrillic = /\p{Script=Cyrillic}/u;
	const [native, other] = foreign === 'ru' ? [latin, cyrillic] : [cyrillic, latin];
	const notes = db.exec('select flds from notes')[0].values;
	const model = Object.values(JSON.parse(db.exec('select models from col')[0].values[0][0]))[0];
	let sides = 0, right = 0, texts = 0, foreigns = 0;
	const bad = new Set();
	for (const [flds] of notes) {
		const f = flds.split('\x1f');
		const fields = Object.fromEntries(model.flds.map((x, i) => [x.name, f[i] ?? '']));
		fields.Reverse = fields.Reverse || 'y';
		for (const t of model.tmpls) {
			const front = fill(t.qfmt, fields);
			for (const html of [front, fill(t.afmt, { ...fields, FrontSide: front })]) {
				sides++;
				const wrong = unlangText(html, want, foreign, native, other);
				texts += wrong.total;
				foreigns += wrong.foreign;
				if (wrong.bad.length === 0) right++;
				else wrong.bad.forEach((w) => bad.add(w));
			}
		}
	}
	ok(texts > 0, `lang: ${texts} texts on ${sides} card sides`);
	ok(right === sides, `lang: ${right} of ${sides} card sides say lang="${want}" around every ` +
	    `text in its script and lang="${foreign}" around the ${foreigns} in the other` +
	    (bad.size ? `; not: ${[...bad].slice(0, 3).join(' | ')}` : ''));
} else if (mode === 'render') {
	// FILE is a collection.anki2; rest: the note's sort field start (or
	// its 1-based position), and the folder to write to.  Writes
	// front-day.html, back-day.html, front-night.html, back-night.html of
	// its first card type as Anki shows them: the templates filled
	// ({{FrontSide}} the rendered front), the note type's CSS in a
	// <style>, the body .card (and .nightMode .night_mode at night).
	const require = createRequire(path.resolve(npm, 'node_modules') + '/');
	const SQL = await require('sql.js')();
	const db = new SQL.Database(fs.readFileSync(file));
	const [which, out] = rest;
	const notes = db.exec('select flds, sfld from notes order by id')[0].values;
	const model = Object.values(JSON.parse(db.exec('select models from col')[0].values[0][0]))[0];
	const note = /^[0-9]+$/.test(which) ? notes[Number(which) - 1] :
	    notes.find(([, sf]) => String(sf).startsWith(which));
	if (!note) {
		console.log(`FAIL render: no note '${which}'`);
		process.exit(1);
	}
	const f = note[0].split('\x1f');
	const fields = Object.fromEntries(model.flds.map((x, i) => [x.name, f[i] ?? '']));
	const t = model.tmpls[0];
	const front = fill(t.qfmt, fields);
	const back = fill(t.afmt, { ...fields, FrontSide: front });
	fs.mkdirSync(out, { recursive: true });
	for (const [side, html] of [['front', front], ['back', back]])
		for (const night of [false, true])
			fs.writeFileSync(path.join(out, `${side}-${night ? 'night' : 'day'}.html`),
			    '<!DOCTYPE html>\n<html><head><meta charset="utf-8">' +
			    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
			    `<style>${model.css}</style></head>\n` +
			    `<body class="card card1${night ? ' nightMode night_mode' : ''}"><div id="qa">${html}</div></body></html>\n`);
	console.log(`ok render: ${out}`);
} else {
	console.log('usage: node tests/apkg.mjs reader|check|lang|css|render NPM_DIR FILE ...');
	process.exit(2);
}

// The rules of a stylesheet, one per selector: { selector, parts (the
// compound selectors, outermost first), spec, order, decls }.  Only
// descendant selectors of tags and classes: anything else fails, so the
// file stays within what this checks.
function parseCss(css) {
	const rules = [];
	let order = 0;
	const body = (text) => {
		const re = /([^{}]+)\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}/g;
		let m;
		while ((m = re.exec(text)) !== null) {
			const head = m[1].trim();
			if (head.startsWith('@media')) {
				if (/^@media\s+(screen|all)\b/.test(head)) body(m[2]);
				continue;
			}
			const decls = {};
			for (const d of m[2].split(';')) {
				const i = d.indexOf(':');
				if (i < 0) continue;
				let prop = d.slice(0, i).trim();
				if (prop === 'background-color') prop = 'background';
				decls[prop] = d.slice(i + 1).trim();
			}
			for (const sel of head.split(',').map((x) => x.trim())) {
				if (!/^[a-zA-Z0-9_.#\s-]+$/.test(sel))
					throw new Error(`anki.css: selector '${sel}' is outside what tests/apkg.mjs checks`);
				const parts = sel.split(/\s+/).map((c) => {
					const tag = /^[a-zA-Z][a-zA-Z0-9]*/.exec(c)?.[0] ?? null;
					const classes = [...c.matchAll(/\.([a-zA-Z0-9_-]+)/g)].map((x) => x[1]);
					const ids = [...c.matchAll(/#([a-zA-Z0-9_-]+)/g)].length;
					return { tag, classes, ids };
				});
				const spec = [0, 1, 2].map((k) => parts.reduce((n, p) =>
				    n + [p.ids, p.classes.length, p.tag ? 1 : 0][k], 0));
				rules.push({ selector: sel, parts, spec, order: order++, decls });
			}
		}
	};
	body(css.replace(/\/\*[\s\S]*?\*\//g, ''));
	return rules;
}
function compoundMatches(p, e) {
	return (p.tag === null || p.tag === e.tag) && p.ids === 0 &&
	    p.classes.every((c) => e.classes.includes(c));
}
// Whether the descendant selector parts matches the last element of path.
function matches(parts, path) {
	if (!compoundMatches(parts[parts.length - 1], path[path.length - 1])) return false;
	let i = path.length - 2;
	for (let k = parts.length - 2; k >= 0; k--) {
		while (i >= 0 && !compoundMatches(parts[k], path[i])) i--;
		if (i < 0) return false;
		i--;
	}
	return true;
}
function cmpSpec(a, b) {
	for (let k = 0; k < 3; k++) if (a[k] !== b[k]) return a[k] - b[k];
	return 0;
}
// The declaration of prop that wins for the last element of path.
function winner(rules, path, prop) {
	let best = null;
	for (const r of rules) {
		if (!(prop in r.decls) || !matches(r.parts, path)) continue;
		if (best === null || cmpSpec(r.spec, best.spec) > 0 ||
		    (cmpSpec(r.spec, best.spec) === 0 && r.order > best.order))
			best = r;
	}
	return best && { selector: best.selector, spec: best.spec, order: best.order,
	    value: best.decls[prop] };
}
// color, inherited; the page's is black.
function computed(rules, path, prop) {
	for (let n = path.length; n > 0; n--) {
		const w = winner(rules, path.slice(0, n), prop);
		if (w) return w.value;
	}
	return '#000';
}
// The colour behind the last element: the nearest background that is
// one; the page's is white.
function backdrop(rules, path) {
	for (let n = path.length; n > 0; n--) {
		const w = winner(rules, path.slice(0, n), 'background');
		const c = w && /#[0-9a-fA-F]{3,6}\b/.exec(w.value);
		if (c) return c[0];
	}
	return '#fff';
}
function luminance(hex) {
	let h = hex.slice(1);
	if (h.length === 3) h = [...h].map((c) => c + c).join('');
	return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16) / 255)
	    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
	    .reduce((s, c, i) => s + c * [0.2126, 0.7152, 0.0722][i], 0);
}
function contrast(a, b) {
	if (!/^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/.test(a) || !/^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/.test(b))
		return 0;
	const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
	return (x + 0.05) / (y + 0.05);
}

// The texts with a letter in html (code and a link's address aside), how
// many of them are all in the other script, and those not under an
// element whose nearest lang attribute is their language (see the lang
// mode).  Tags are well formed here: qbind's fields and templates, void
// elements (br, hr) aside.
function unlangText(html, want, foreign, native, other) {
	const stack = [{ lang: null, code: false, href: null }], bad = [];
	let total = 0, foreigns = 0;
	const re = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|([^<]+)/g;
	let m;
	while ((m = re.exec(html)) !== null) {
		const top = stack[stack.length - 1];
		if (m[4] !== undefined) {
			const text = m[4].replace(/&amp;/g, '&'), t = text.trim();
			if (!/\p{L}/u.test(text) || top.code ||
			    (top.href && (top.href === t || top.href === `mailto:${t}`)))
				continue;
			total++;
			const n = native.test(text), o = other.test(text);
			if (o && !n) foreigns++;
			const lang = n && o ? 'both scripts' : n ? want : o ? foreign : top.lang;
			if (top.lang === null || top.lang !== lang) bad.push(`${t.slice(0, 40)} (lang ${top.lang})`);
		} else if (m[1] === '/') stack.pop();
		else if (!/^(br|hr|img|wbr)$/i.test(m[2])) {
			const l = /\blang="([^"]*)"/.exec(m[3]), h = /\bhref="([^"]*)"/.exec(m[3]);
			stack.push({ lang: l ? l[1] : top.lang, code: top.code || /^(code|pre)$/i.test(m[2]),
			    href: h ? h[1].replace(/&amp;/g, '&') : top.href });
		}
	}
	return { total, foreign: foreigns, bad };
}

// A card template filled in the way Anki does for the parts we use:
// {{#F}}…{{/F}}, {{^F}}…{{/F}} and {{F}}; field text is never re-read.
function fill(tmpl, fields) {
	let out = '';
	const re = /\{\{([#^/]?)([^}]*)\}\}/g;
	let m, last = 0;
	const stack = [{ show: true }];
	while ((m = re.exec(tmpl)) !== null) {
		if (stack[stack.length - 1].show) out += tmpl.slice(last, m.index);
		last = re.lastIndex;
		const [, kind, name] = m;
		const empty = (fields[name] ?? '').trim() === '';
		const show = stack[stack.length - 1].show;
		if (kind === '#') stack.push({ show: show && !empty });
		else if (kind === '^') stack.push({ show: show && empty });
		else if (kind === '/') stack.pop();
		else if (show) out += fields[name] ?? '';
	}
	if (stack[stack.length - 1].show) out += tmpl.slice(last);
	return out;
}
