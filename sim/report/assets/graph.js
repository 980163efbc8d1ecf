// A policy's routing graph (sim/report/graph_page.cc): data
//   title, policy, units [{name, label, kind, group, staff, parent}],
//   edges [[from, to, kind], ...] (kinds: intake, first, escalate, whistle, order, hand_back),
//   with a run folder: replications, util [{policy, unit, sim, pred?}], level_flows [{policy, from, to, count}].
// Units in rows by level (departments at the top); only the units on a route are drawn.
(function () {
  var D = Escalade.data();
  var el = Escalade.el;
  var page = document.getElementById('page');
  var W = 1000, H = 620;
  var rows = {department: 0.06, district: 0.26, hotline: 0.26, street: 0.46, community: 0.66,
              grid: 0.88, team: 0.56};
  var units = D.units;
  var used = {};
  D.edges.forEach(function (e) { used[e[0]] = true; used[e[1]] = true; });
  // Lay out the units on a route (and keep the jurisdiction order among them).
  var shown = units.map(function (u, i) {
    var p = u.parent;
    while (p !== null && !used[p]) p = units[p].parent;
    return {kind: u.kind, group: u.group, parent: used[i] ? p : null, keep: !!used[i]};
  });
  var layout = Escalade.layout(shown.map(function (u) { return u.keep ? u : {kind: 'none', group: 'none', parent: null}; }), rows);
  var level = function (i) {
    var g = layout.groupOf(units[i]);
    return g === 'team' ? units[units[i].parent] && layout.groupOf(units[units[i].parent]) : g;
  };
  // Moves per replication between two levels, from level_flows.csv of this policy.
  var flows = {};
  (D.level_flows || []).forEach(function (f) {
    if (f.policy === D.policy) flows[f.from + '>' + f.to] = f.count / (D.replications || 1);
  });
  var util = {};
  (D.util || []).forEach(function (r) { if (r.policy === D.policy) util[units.findIndex(function (u) { return u.name === r.unit; })] = r.sim; });
  var nodes = [], edges = [];
  units.forEach(function (u, i) {
    if (!used[i]) return;
    nodes.push({id: i, name: u.name, label: u.label || u.name, kind: u.kind,
                x: layout.pos[i].x * W, y: layout.pos[i].y * H,
                util: util[i] === undefined ? null : util[i],
                text: u.kind !== 'grid' && (layout.byRow[layout.groupOf(u)] || []).length <= 16});
  });
  D.edges.forEach(function (e) {
    var from = level(e[0]) === 'hotline' ? 'intake' : level(e[0]);
    var flow = flows[from + '>' + level(e[1])];
    edges.push({x: layout.pos[e[0]].x * W, y: layout.pos[e[0]].y * H,
                x2: layout.pos[e[1]].x * W, y2: layout.pos[e[1]].y * H, kind: e[2],
                from: units[e[0]].name, to: units[e[1]].name,
                flow: flow === undefined ? null : flow});
  });
  page.appendChild(el('h1', {text: 'escalade graph: ' + D.title + ' under ' + D.policy}));
  page.appendChild(el('p', {class: 'sub', text:
      'The hand-offs the policy makes, asked of the policy for every origin, category, intake ' +
      'channel and tier (departments at the top, communities and grids at the bottom).' +
      (D.util ? ' Units are filled by their mean simulated utilisation in the results folder; ' +
                'edges are as wide as the moves per replication between their two levels.' :
                ' Give --results DIR (a run with this policy) for utilisation and flows.')}));
  var div = el('div', {class: 'chart', id: 'chart-graph'});
  page.appendChild(div);
  var kinds = ['intake', 'first', 'escalate', 'whistle', 'order', 'hand_back'];
  Escalade.draw(div, {
    width: W, height: H, padding: 10, autosize: 'pad',
    data: [{name: 'edges', values: edges}, {name: 'nodes', values: nodes}],
    scales: [
      {name: 'kind', type: 'ordinal', domain: kinds,
       range: ['#9aa5b1', '#1f78b4', '#33a02c', '#e31a1c', '#ff7f00', '#6a3d9a']},
      {name: 'width', type: 'sqrt', domain: {data: 'edges', field: 'flow'}, range: [1, 9], zero: true},
      {name: 'util', type: 'linear', domain: [0, 0.5, 1], range: ['#f7fbff', '#fdae61', '#b2182b'], clamp: true}],
    legends: [{stroke: 'kind', orient: 'right', title: 'hand-off', symbolType: 'stroke'}].concat(
      D.util ? [{fill: 'util', orient: 'right', title: 'utilisation', format: '%'}] : []),
    marks: [
      {type: 'rule', from: {data: 'edges'}, encode: {update: {
        x: {field: 'x'}, y: {field: 'y'}, x2: {field: 'x2'}, y2: {field: 'y2'},
        stroke: {scale: 'kind', field: 'kind'}, strokeOpacity: {value: 0.7},
        strokeWidth: [{test: 'datum.flow !== null', scale: 'width', field: 'flow'}, {value: 1.2}],
        tooltip: {signal: "datum.kind + ': ' + datum.from + ' → ' + datum.to + (datum.flow !== null ? ', ' + format(datum.flow, ',.0f') + ' moves between these levels per replication' : '')"}}}},
      {type: 'symbol', from: {data: 'nodes'}, encode: {update: {
        x: {field: 'x'}, y: {field: 'y'}, size: {signal: "datum.kind === 'grid' ? 20 : 110"},
        fill: [{test: 'datum.util !== null', scale: 'util', field: 'util'}, {value: '#ffffff'}],
        stroke: {value: '#5f6b7a'},
        tooltip: {signal: "datum.label + ' (' + datum.kind + ')' + (datum.util !== null ? ': ' + format(datum.util, '.1%') + ' busy' : '')"}}}},
      {type: 'text', from: {data: 'nodes'}, encode: {update: {
        x: {signal: 'datum.x + 7'}, y: {signal: 'datum.y - 6'}, fontSize: {value: 10}, limit: {value: 110},
        text: {signal: "datum.text ? datum.label : ''"}}}}]
  }).then(function () { document.body.setAttribute('data-ready', '1'); },
          function () { document.body.setAttribute('data-ready', 'error'); });
})();
