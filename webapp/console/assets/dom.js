// DOM helpers shared by the console's views. Every text from the node goes in as a text node,
// never as HTML.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) {
      continue;
    }
    if (k === 'class') {
      el.className = v;
    } else if (k.startsWith('on')) {
      el.addEventListener(k.slice(2), v);
    } else {
      el.setAttribute(k, v === true ? '' : v);
    }
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined && c !== false) {
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
  }
  return el;
}

export function short(text, n = 10) {
  return text.length > 2 * n ? text.slice(0, n) + '…' + text.slice(-6) : text;
}

export function size(bytes) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = Number(bytes);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return (i === 0 ? v : v.toFixed(v < 10 ? 2 : 1)) + ' ' + units[i];
}
