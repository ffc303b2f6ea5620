/**
 * The hostile-input list (#15 item 6): strings that have broken other apps, grouped by what they
 * try. hostile-input-fields.test.ts sends each one through every text field of the API, the CSV
 * import, the share page and the CLI. Every script payload sets `window.__pwned`, so a browser
 * that ran one shows it; every header payload names evil@example.com, so a mail that obeyed shows it.
 */

export type HostileKind = 'xss' | 'sql' | 'format' | 'template' | 'path' | 'crlf' | 'unicode' | 'control' | 'size' | 'number-like' | 'url' | 'csv';

export interface HostileString {
  kind: HostileKind;
  text: string;
}

const PWN = 'window.__pwned=1';

// prettier-ignore
export const HOSTILE_STRINGS: readonly HostileString[] = [
  // xss: script tags, event handlers, URL schemes and markup that breaks out of attributes
  { kind: 'xss', text: `<script>${PWN}</script>` },
  { kind: 'xss', text: `<img src=x onerror="${PWN}">` },
  { kind: 'xss', text: `javascript:${PWN}` },
  { kind: 'xss', text: `"><svg onload=${PWN}>` },
  { kind: 'xss', text: `'><img src=x onerror=${PWN}>` },
  { kind: 'xss', text: `<svg><script>${PWN}</script></svg>` },
  { kind: 'xss', text: `<iframe src="javascript:${PWN}"></iframe>` },
  { kind: 'xss', text: `<a href="javascript:${PWN}">click</a>` },
  { kind: 'xss', text: `<body onload=${PWN}>` },
  { kind: 'xss', text: `<details open ontoggle=${PWN}>` },
  { kind: 'xss', text: `<input autofocus onfocus=${PWN}>` },
  { kind: 'xss', text: `<math><mtext><table><mglyph><style><img src=x onerror=${PWN}>` },
  { kind: 'xss', text: `</textarea><script>${PWN}</script>` },
  { kind: 'xss', text: `</title><script>${PWN}</script>` },
  { kind: 'xss', text: `<scr<script>ipt>${PWN}</scr</script>ipt>` },
  { kind: 'xss', text: `<IMG SRC=JaVaScRiPt:${PWN}>` },
  { kind: 'xss', text: `&lt;script&gt;${PWN}&lt;/script&gt;` },
  { kind: 'xss', text: `[click](javascript:${PWN})` },
  { kind: 'xss', text: `![x](x" onerror="${PWN})` },
  { kind: 'xss', text: `<object data="javascript:${PWN}">` },
  { kind: 'xss', text: `<meta http-equiv="refresh" content="0;url=javascript:${PWN}">` },
  { kind: 'xss', text: `<style>@import 'javascript:${PWN}';</style>` },
  { kind: 'xss', text: `\u003cscript\u003e${PWN}\u003c/script\u003e` },
  { kind: 'xss', text: `<svg/onload=${PWN}//` },
  { kind: 'xss', text: `" autofocus onfocus="${PWN}` },
  // sql: quotes, comments, stacked statements and unions in both dialects
  { kind: 'sql', text: `'; DROP TABLE accounts; --` },
  { kind: 'sql', text: `' OR '1'='1` },
  { kind: 'sql', text: `' OR 1=1 --` },
  { kind: 'sql', text: `") OR ("1"="1` },
  { kind: 'sql', text: `1; SELECT pg_sleep(5); --` },
  { kind: 'sql', text: `' UNION SELECT name, password_hash FROM users --` },
  { kind: 'sql', text: `Robert'); DROP TABLE contacts;--` },
  { kind: 'sql', text: `%' AND 1=0 UNION SELECT sqlite_version() --` },
  { kind: 'sql', text: `\\'; DELETE FROM meetings; --` },
  { kind: 'sql', text: `$1 $2 ? :name @p1` },
  { kind: 'sql', text: `/* unterminated comment` },
  { kind: 'sql', text: `'' ''' ''''` },
  // format: printf and .NET/Python format directives
  { kind: 'format', text: `%s%n%x` },
  { kind: 'format', text: `%d %i %o %u %c %p %%` },
  { kind: 'format', text: `%99999999s` },
  { kind: 'format', text: `{0} {1} {name}` },
  { kind: 'format', text: `%(name)s %j %O` },
  // template: server- and client-side template engines
  { kind: 'template', text: `{{7*7}}` },
  { kind: 'template', text: '${7*7}' },
  { kind: 'template', text: `<%= 7*7 %>` },
  { kind: 'template', text: `#{7*7}` },
  { kind: 'template', text: `{{constructor.constructor('${PWN}')()}}` },
  { kind: 'template', text: `{% raw %}{{ self }}{% endraw %}` },
  { kind: 'template', text: `[[${PWN}]]` },
  // path: traversal, absolute paths, Windows names, encoded dots
  { kind: 'path', text: `../../../../etc/passwd` },
  { kind: 'path', text: `..\\..\\..\\windows\\win.ini` },
  { kind: 'path', text: `/etc/shadow` },
  { kind: 'path', text: `%2e%2e%2f%2e%2e%2fetc%2fpasswd` },
  { kind: 'path', text: `....//....//etc/passwd` },
  { kind: 'path', text: `C:\\Windows\\System32\\config\\SAM` },
  { kind: 'path', text: `CON` },
  { kind: 'path', text: `~/.ssh/id_rsa` },
  { kind: 'path', text: `file:///etc/passwd` },
  // crlf: header and property injection in mails, invites and HTTP answers
  { kind: 'crlf', text: `Subject: x\r\nBcc: evil@example.com` },
  { kind: 'crlf', text: `a\r\nBCC: x` },
  { kind: 'crlf', text: `Hana\r\nBcc: evil@example.com\r\n\r\nbody` },
  { kind: 'crlf', text: `Hana\nTo: evil@example.com` },
  { kind: 'crlf', text: `Hana\rCc: evil@example.com` },
  { kind: 'crlf', text: `x\r\nATTENDEE;CN=evil:mailto:evil@example.com` },
  { kind: 'crlf', text: `x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:evil` },
  { kind: 'crlf', text: `x\nORGANIZER:mailto:evil@example.com` },
  { kind: 'crlf', text: `x\r\nSet-Cookie: session=evil` },
  { kind: 'crlf', text: `x%0d%0aBcc:%20evil@example.com` },
  { kind: 'crlf', text: `"Evil" <evil@example.com>, hana@globex.example` },
  { kind: 'crlf', text: `=?utf-8?q?x=0D=0ABcc:_evil@example.com?=` },
  { kind: 'crlf', text: `x\u2028Bcc: evil@example.com` },
  { kind: 'crlf', text: `x":MAILTO:evil@example.com` }, // a quote ending an invite's CN="…" early
  { kind: 'crlf', text: `x";ROLE=CHAIR;X="` },
  // unicode: direction overrides, zero-width and joiners, emoji, combining marks, odd scripts
  { kind: 'unicode', text: `\u202Egnp.exe` },
  { kind: 'unicode', text: `\u202Dleft\u202Cright\u202B\u202A` },
  { kind: 'unicode', text: `\u2066isolate\u2069\u2067rtl\u2069` },
  { kind: 'unicode', text: `zero\u200Bwidth\u200C\u200Djoiner\uFEFF` },
  { kind: 'unicode', text: `👩🏽‍💻👨🏿‍🚀👍🏻` },
  { kind: 'unicode', text: `👨‍👩‍👧‍👦🏳️‍🌈🇯🇵` },
  { kind: 'unicode', text: `Z̴̡̛͎̬a̸̰͍͊l̶̳̈́g̵̱̓ǫ̷̆` },
  { kind: 'unicode', text: `e\u0301\u0302\u0303\u0304\u0305\u0306\u0307` },
  { kind: 'unicode', text: `مرحبا بالعالم` },
  { kind: 'unicode', text: `שלום עולם` },
  { kind: 'unicode', text: `田中 花子` },
  { kind: 'unicode', text: `𝕳𝖊𝖑𝖑𝖔 𝓦𝓸𝓻𝓵𝓭` },
  { kind: 'unicode', text: `Ω≈ç√∫˜µ≤≥÷` },
  { kind: 'unicode', text: `ＡＢＣ１２３` },
  { kind: 'unicode', text: `ǅǈǋ ß ẞ İı` },
  { kind: 'unicode', text: `\uFFFD\uFFFE\uFFFF` },
  { kind: 'unicode', text: `\u00A0\u2000\u3000 spaces` },
  // control: NUL, bell, escapes, lone surrogates and other code points a terminal or database chokes on
  { kind: 'control', text: `\u0000` },
  { kind: 'control', text: `Glo\u0000bex` },
  { kind: 'control', text: `\u0007bell` },
  { kind: 'control', text: `\u001b[2J\u001b[H` },
  { kind: 'control', text: `\u001b]0;title\u0007` },
  { kind: 'control', text: `\u0008\u0008\u0008backspaced` },
  { kind: 'control', text: `\u007fdelete` },
  { kind: 'control', text: `\u0085next line` },
  { kind: 'control', text: `\ud800` },
  { kind: 'control', text: `lone \udfff low` },
  { kind: 'control', text: `\udc00\ud800 reversed` },
  { kind: 'control', text: `tab\there` },
  { kind: 'control', text: `\r\n\r\n` },
  // size: empty, blank and very long
  { kind: 'size', text: `` },
  { kind: 'size', text: `   ` },
  { kind: 'size', text: `x`.repeat(100 * 1024) },
  { kind: 'size', text: `🙂`.repeat(5000) },
  { kind: 'size', text: `<b>`.repeat(3000) },
  // number-like: values a loose parser turns into something else
  { kind: 'number-like', text: `NaN` },
  { kind: 'number-like', text: `-1` },
  { kind: 'number-like', text: `1e309` },
  { kind: 'number-like', text: `0x7fffffff` },
  { kind: 'number-like', text: `99999999999999999999999` },
  { kind: 'number-like', text: `true` },
  { kind: 'number-like', text: `null` },
  { kind: 'number-like', text: `undefined` },
  { kind: 'number-like', text: `__proto__` },
  { kind: 'number-like', text: `constructor` },
  { kind: 'number-like', text: `2026-02-30T25:61:61Z` },
  // url: addresses that point somewhere they should not
  { kind: 'url', text: `http://169.254.169.254/latest/meta-data/` },
  { kind: 'url', text: `data:text/html,<script>${PWN}</script>` },
  { kind: 'url', text: `//evil.example.com` },
  { kind: 'url', text: `mailto:evil@example.com?bcc=evil2@example.com` },
  // csv: formula injection and quoting
  { kind: 'csv', text: `=HYPERLINK("http://evil.example.com","click")` },
  { kind: 'csv', text: `+cmd|'/C calc'!A0` },
  { kind: 'csv', text: `@SUM(1+1)` },
  { kind: 'csv', text: `"quoted, with ""quotes"" and commas"` },
];

/**
 * The strings that broke a database, a mailer or a terminal before (a NUL, lone surrogates, an
 * escape, 100 kB, a header break, a script, a quote): every field gets these on every run.
 */
export const CORE_STRINGS = HOSTILE_STRINGS.filter((s) =>
  ['Glo\u0000bex', '\ud800', '\u001b[2J\u001b[H', 'x'.repeat(100 * 1024), 'Subject: x\r\nBcc: evil@example.com', `<script>${PWN}</script>`, `'; DROP TABLE accounts; --`].includes(s.text),
);

export const XSS_STRINGS = HOSTILE_STRINGS.filter((s) => s.kind === 'xss' || (s.kind === 'template' && s.text.includes('__pwned')) || (s.kind === 'url' && s.text.includes('__pwned')));
export const CRLF_STRINGS = HOSTILE_STRINGS.filter((s) => s.kind === 'crlf');

/** A short label for a report line (the 100 kB string is not printed whole). */
export function labelOf(s: HostileString): string {
  const shown = JSON.stringify(s.text);
  return `${s.kind} ${shown.length > 60 ? `${shown.slice(0, 57)}…(${s.text.length} chars)` : shown}`;
}
