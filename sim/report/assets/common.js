// Helpers shared by the escalade pages: the page's inlined data, element building, number
// formats, colours and the Vega configuration. Plain ES2017, no network, no modules.
'use strict';
var Escalade = (function () {
  function data() {
    return JSON.parse(document.getElementById('escalade-data').textContent);
  }
  // el('p', {class: 'note'}, ['text', child]): an element with attributes and children.
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return node;
  }
  function fmt(x, digits) {
    if (x === null || x === undefined || isNaN(x)) return '–';
    var d = digits === undefined ? 3 : digits;
    var a = Math.abs(x);
    if (a !== 0 && (a >= 1e6 || a < 1e-3)) return x.toExponential(2);
    return Number(x.toPrecision(Math.max(d, 1))).toLocaleString('en-US', {maximumFractionDigits: 4});
  }
  var palette = ['#4c78a8', '#f58518', '#54a24b', '#e45756', '#72b7b2', '#b279a2',
                 '#eeca3b', '#9d755d', '#ff9da6', '#bab0ac'];
  var font = 'system-ui, "Noto Sans", "Noto Sans CJK SC", sans-serif';
  var vegaConfig = {
    text: {font: font}, title: {font: font},
    axis: {labelFont: font, titleFont: font, labelFontSize: 11, titleFontSize: 11,
           titleFontWeight: 'normal', gridColor: '#eceff3'},
    legend: {labelFont: font, titleFont: font, labelFontSize: 11, titleFontSize: 11}
  };
  // Draws `spec` into `container` with SVG; resolves to the view, or shows the error there
  // and logs it to the console (the browser tests fail on console errors).
  function draw(container, spec) {
    spec.config = Object.assign({}, vegaConfig, spec.config || {});
    try {
      var view = new vega.View(vega.parse(spec), {renderer: 'svg', container: container,
                                                  hover: true});
      return view.runAsync().catch(function (e) { fail(container, e); throw e; });
    } catch (e) {
      fail(container, e);
      return Promise.reject(e);
    }
  }
  // Positions in [0, 1]² of the units ([{kind, group, parent}]): one row per group (rows:
  // {group: y}), units spread in tree order (children under their parents); teams beside the
  // unit they belong to, the hotline at the left of the district row.
  function layout(units, rows) {
    var order = [];
    (function walk() {
      var children = units.map(function () { return []; });
      var roots = [];
      units.forEach(function (u, i) {
        if (u.parent === null) roots.push(i); else children[u.parent].push(i);
      });
      function visit(i) { order.push(i); children[i].forEach(visit); }
      roots.forEach(visit);
    })();
    function groupOf(u) { return u.kind === 'hotline' ? 'hotline' : (u.group === 'team' ? 'team' : u.group); }
    var byRow = {};
    order.forEach(function (i) {
      var g = groupOf(units[i]);
      (byRow[g] = byRow[g] || []).push(i);
    });
    var pos = units.map(function () { return {x: 0.5, y: 0.5}; });
    Object.keys(byRow).forEach(function (g) {
      var list = byRow[g];
      list.forEach(function (i, k) {
        pos[i] = {x: (k + 0.5) / list.length, y: rows[g] !== undefined ? rows[g] : 0.5};
      });
    });
    // Teams sit just beside the unit they belong to; the hotline left of the district row.
    var teamsOf = {};
    units.forEach(function (u, i) {
      if (groupOf(u) === 'team' && u.parent !== null) {
        var k = teamsOf[u.parent] = (teamsOf[u.parent] || 0) + 1;
        pos[i] = {x: Math.min(0.98, pos[u.parent].x + 0.03 * k), y: pos[u.parent].y + 0.06 * k};
      }
      if (u.kind === 'hotline') pos[i] = {x: 0.06, y: rows.district};
    });
    return {pos: pos, byRow: byRow, groupOf: groupOf};
  }
  function fail(container, e) {
    container.appendChild(el('p', {class: 'chart-error', text: 'chart failed: ' + e}));
    console.error('escalade chart failed:', e);
  }
  return {data: data, el: el, fmt: fmt, palette: palette, font: font, draw: draw, layout: layout};
})();
