// apkg.mjs: checks of an Anki deck that qbind made, run by check-apkg.sh.
//
//   node tests/apkg.mjs reader NPM_DIR DECK.apkg NOTES CARDS DECKS
//     The npm package anki-reader (installed under NPM_DIR) opens the deck
//     and must find every note, card, deck and field.
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
			if (names.join() === 'Question,Answer,Number,Section,Topic,Source,Reverse' &&
			    Object.keys(f).length === 7 && f.Question !== '' && f.Number !== '' &&
			    /:[0-9]+$/.test(f.Source))
				fieldsOk++;
			const qs = card.getQuestions();
			if (qs.length >= 1 && qs[0].getQuestionString().includes('qb-question'))
				frontsOk++;
		}
	}
	ok(notes.size === wantNotes, `reader: ${notes.size} notes, expected ${wantNotes}`);
	ok(cards === wantCards, `reader: ${cards} cards, expected ${wantCards}`);
	ok(fieldsOk === cards, `reader: ${fieldsOk} of ${cards} cards have all 7 fields filled`);
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
	let csum = 0, sfld = 0, guid = 0, n = 0, text = 0, shows = 0;
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
		if (strip(html).includes(first)) shows++;
		const tags = [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1].toLowerCase());
		const allowed = new Set(['div', 'hr', 'p', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code',
		    'em', 'strong', 'br', 'h4', 'h5', 'h6', 'a', 'span']);
		if (tags.every((t) => allowed.has(t)) && !/\[sound:/.test(html)) text++;
	}
	ok(n > 0, `check: ${n} notes`);
	ok(csum === n, `check: csum right for ${csum} of ${n} notes`);
	ok(sfld === n, `check: sfld right for ${sfld} of ${n} notes`);
	ok(guid === n, `check: ${guid} of ${n} guids in Anki's base91 alphabet`);
	ok(text === n, `check: ${text} of ${n} cards show only the elements qbind writes`);
	ok(shows === n, `check: ${shows} of ${n} card backs show the question as written`);
	if (rest[0]) {
		// The question text as it shows: must equal what the corpus says.
		const want = fs.readFileSync(rest[0], 'utf8').split('\n').filter((l) => l !== '');
		const shown = notes.map(([, flds]) => strip(flds.split('\x1f')[0]));
		ok(want.every((w) => shown.includes(w)), 'check: every expected question shows as text');
	}
} else {
	console.log('usage: node tests/apkg.mjs reader|check NPM_DIR FILE ...');
	process.exit(2);
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
