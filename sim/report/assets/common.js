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
  function fail(container, e) {
    container.appendChild(el('p', {class: 'chart-error', text: 'chart failed: ' + e}));
    console.error('escalade chart failed:', e);
  }
  return {data: data, el: el, fmt: fmt, palette: palette, font: font, draw: draw};
})();
