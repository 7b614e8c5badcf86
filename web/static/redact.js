/* Personal-data masking for what the chat page keeps in localStorage: a port of bot/text/redact.py (same
 * patterns, same priority, same masks), so a question saved in the browser is masked the way the server
 * masks it in its records. tests/test_browser.py compares the two on the Python tests' examples.
 */
"use strict";

window.botRedact = (function () {
  // Full-width ASCII, the ideographic space and Unicode dashes map to one ASCII character each, so positions
  // in the normalised copy are positions in the original.
  function halfWidth(text) {
    let out = "";
    for (const ch of text) {
      const cp = ch.codePointAt(0);
      if (cp >= 0xff01 && cp <= 0xff5e) out += String.fromCharCode(cp - 0xfee0);
      else if (cp === 0x3000) out += " ";
      else if ((cp >= 0x2010 && cp <= 0x2015) || cp === 0x2212) out += "-";
      else out += ch;
    }
    return out;
  }

  const SEP = "[ \\-]?";
  const MOBILE = "1[3-9][0-9](?:" + SEP + "[0-9]{4}){2}";
  const COUNTRY = "(?:(?:\\+|00)?86" + SEP + ")";
  const AREA = "(?:\\(0[1-9][0-9]{1,2}\\)|0[1-9][0-9]{1,2})";
  const LOCAL = "[1-9][0-9]{2,3}" + SEP + "[0-9]{4}";
  const DATE = "(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])";

  function maskDigits(text, keepHead, keepTail) {
    const normalised = halfWidth(text);
    const positions = [];
    for (let i = 0; i < normalised.length; i++) if ("0123456789Xx".includes(normalised[i])) positions.push(i);
    const masked = new Set(positions.slice(keepHead, Math.max(keepHead, positions.length - keepTail)));
    let out = "";
    for (let i = 0; i < text.length; i++) out += masked.has(i) ? "*" : text[i];
    return out;
  }

  function maskEmail(text) {
    return text[0] + "***" + text.slice(halfWidth(text).indexOf("@"));
  }

  function maskLocal(text) {
    const digits = (halfWidth(text).match(/[0-9]/g) || []).length;
    return maskDigits(text, 0, digits - 4);
  }

  // [pattern, length of the masked group at the end of the match (null: the whole match), mask], in
  // priority order. Where Python masks a named group, that group always ends the match.
  let rules;
  try {
    rules = [
      [/[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}/g, null, maskEmail],
      [
        new RegExp("(?<![0-9])[1-9][0-9]{5} ?(?:18|19|20)[0-9]{2}" + DATE + " ?[0-9]{3}[0-9Xx](?![0-9A-Za-z])", "g"),
        null,
        (s) => maskDigits(s, 4, 4),
      ],
      [/(?<![0-9])[0-9]{17}[Xx](?![0-9A-Za-z])/g, null, (s) => maskDigits(s, 4, 4)],
      [/(?<![0-9])[0-9]{4}(?:[ \-][0-9]{4}){3}(?:[ \-]?[0-9]{1,3})?(?![0-9])/g, null, (s) => maskDigits(s, 0, 4)],
      [/(?<![0-9])[0-9]{16,19}(?![0-9])/g, null, (s) => maskDigits(s, 0, 4)],
      [new RegExp("(?<![0-9])[1-9][0-9]{5}[0-9]{2}" + DATE + "[0-9]{3}(?![0-9])", "g"), null, (s) => maskDigits(s, 4, 4)],
      [new RegExp("(?<![0-9])" + COUNTRY + "?(" + MOBILE + ")(?![0-9])", "g"), 1, (s) => maskDigits(s, 3, 4)],
      [new RegExp("(?<![0-9])" + AREA + SEP + "(" + LOCAL + ")(?![0-9])", "g"), 1, maskLocal],
      [new RegExp("(?:电话|座机|手机|联系方式|号码|tel|phone)[^0-9\\n]{0,4}?(" + LOCAL + ")(?![0-9])", "gi"), 1, maskLocal],
    ];
  } catch (err) {
    // A browser without look-behind: mask every run of seven or more digits instead.
    rules = [[/[0-9０-９][0-9０-９ \-]{5,}[0-9０-９]/g, null, (s) => maskDigits(s, 0, 0)]];
  }

  return function redact(text) {
    if (!text) return text;
    const normalised = halfWidth(text);
    const claimed = new Array(text.length).fill(false);
    const replacements = [];
    for (const [pattern, group, mask] of rules) {
      pattern.lastIndex = 0;
      for (const match of normalised.matchAll(pattern)) {
        const start = match.index;
        const end = start + match[0].length;
        if (claimed.slice(start, end).some(Boolean)) continue;
        claimed.fill(true, start, end);
        const from = group === null ? start : end - match[group].length;
        replacements.push([from, end, mask(text.slice(from, end))]);
      }
    }
    replacements.sort((a, b) => a[0] - b[0]);
    let out = "";
    let position = 0;
    for (const [start, end, replacement] of replacements) {
      out += text.slice(position, start) + replacement;
      position = end;
    }
    return out + text.slice(position);
  };
})();
