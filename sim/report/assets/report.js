// report.html: draws the run (or sweep) folder's data with Vega. The data, built by
// sim/report/run_report.cc, is one object:
//   kind 'run' | 'sweep', title, policies [names], baseline, headline [metric names],
//   manifest {manifest.json},
//   compare  [{policy, baseline, metric, diff_mean, ci95_low, ci95_high, n}]   (headline metrics)
//   summary  [{policy, metric, mean, stderr, ci95_low, ci95_high, n}]  (headline, resolved_at.*,
//             utilization.*)
//   resolution_hist [{policy, tier, low_h, high_h (null: infinity), count}]
//   level_flows [{policy, from, to, count}]
//   util     [{policy, unit, level, sim, pred?}]  mean utilisation over replications
//   backlog  [{policy, day, mean, min, max}]      over replications
//   targets  [{target, metric, published, simulated, ci95_low, ci95_high, tolerance, within}]
//   points   [{point, <swept keys>}]              sweeps; their rows above also carry `point`
//   missing  [file names not in the folder]
// Each chart is a <div class="chart"> holding one Vega view; when every view has rendered,
// <body data-ready> is set to the number of charts (the browser tests wait for it).
(function () {
  var D = Escalade.data();
  var el = Escalade.el, fmt = Escalade.fmt;
  var page = document.getElementById('page');
  var policies = D.policies || [];
  var colors = {domain: policies, range: Escalade.palette};
  var reps = (D.manifest && D.manifest.replications) || 1;
  var sweep = D.kind === 'sweep';
  var points = (D.points || []).map(function (p) { return p.point; });
  var pending = [];
  var charts = 0;

  page.appendChild(el('h1', {text: 'escalade report: ' + (D.title || 'run')}));
  page.appendChild(el('p', {class: 'sub', text:
      policies.length + ' policies × ' + reps + ' replications, seed ' +
      (D.manifest ? D.manifest.seed : '?') + '; baseline ' + D.baseline +
      (sweep ? '; a sweep of ' + points.length + ' points' : '') +
      '. Intervals are 95% (Student t over replications; paired for differences).'}));
  if (D.manifest && D.manifest.status && D.manifest.status !== 'complete') {
    page.appendChild(el('p', {class: 'note', text: 'The manifest says this run is ' +
                                                   D.manifest.status + '.'}));
  }

  function section(title, note) {
    page.appendChild(el('h2', {text: title}));
    if (note) page.appendChild(el('p', {class: 'note', text: note}));
  }
  function chart(id, spec) {
    var div = el('div', {class: 'chart', id: id});
    page.appendChild(div);
    charts += 1;
    pending.push(Escalade.draw(div, spec));
  }
  // Sweeps: a chart shows one point, chosen in a menu bound to the signal `point`.
  function pointSignal() {
    return {name: 'point', value: points[points.length - 1],
            bind: {input: 'select', options: points, name: 'sweep point '}};
  }
  function pointFilter() {
    return sweep ? [{type: 'filter', expr: 'datum.point == point'}] : [];
  }
  function signals() { return sweep ? [pointSignal()] : []; }

  // --- 1. Forest plot of the paired differences ---
  function forest() {
    var headline = D.headline || [];
    var rows = (D.compare || []).filter(function (r) {
      return r.policy !== r.baseline && headline.indexOf(r.metric) >= 0 && r.diff_mean !== null;
    });
    if (!rows.length) return;
    var metrics = headline.filter(function (m) {
      return rows.some(function (r) { return r.metric === m; });
    });
    var arms = policies.filter(function (p) { return p !== D.baseline; });
    var band = 15 * arms.length + 60;
    section('The comparison: paired differences against ' + D.baseline,
            'Each reform minus the baseline on the same demands (common random numbers), ' +
            'with its 95% interval; a filled dot where the interval excludes 0.');
    chart('chart-forest', {
      width: 460, height: band * metrics.length, padding: 8, autosize: 'pad',
      signals: signals(),
      data: [{name: 'rows', values: rows, transform: pointFilter().concat([
        {type: 'formula', as: 'significant',
         expr: 'datum.ci95_low > 0 || datum.ci95_high < 0'}])}],
      scales: [{name: 'row', type: 'band', domain: metrics, range: [0, band * metrics.length]},
               {name: 'color', type: 'ordinal', domain: colors.domain, range: colors.range}],
      marks: [{
        type: 'group',
        from: {facet: {name: 'm', data: 'rows', groupby: 'metric'}},
        encode: {enter: {y: {scale: 'row', field: 'metric', offset: 22},
                         width: {value: 460}, height: {value: band - 60}}},
        scales: [
          {name: 'x', type: 'linear', domain: {data: 'm', fields: ['ci95_low', 'ci95_high']},
           range: [0, 460], nice: true, zero: true},
          {name: 'y', type: 'band', domain: arms, range: [0, band - 60], padding: 0.2}],
        axes: [{orient: 'bottom', scale: 'x', tickCount: 5, labelFontSize: 10},
               {orient: 'left', scale: 'y', labelLimit: 160, ticks: false, domain: false}],
        marks: [
          {type: 'text', encode: {enter: {x: {value: 0}, y: {value: -5}, fontWeight: {value: 'bold'},
                                          fontSize: {value: 12}, text: {signal: 'parent.metric'}}}},
          {type: 'rule', encode: {update: {x: {scale: 'x', value: 0}, y: {value: 0},
                                           y2: {value: band - 60}, stroke: {value: '#888'},
                                           strokeDash: {value: [3, 3]}}}},
          {type: 'rule', from: {data: 'm'}, encode: {update: {
            x: {scale: 'x', field: 'ci95_low'}, x2: {scale: 'x', field: 'ci95_high'},
            y: {scale: 'y', field: 'policy', band: 0.5},
            stroke: {scale: 'color', field: 'policy'}, strokeWidth: {value: 2}}}},
          {type: 'symbol', from: {data: 'm'}, encode: {update: {
            x: {scale: 'x', field: 'diff_mean'}, y: {scale: 'y', field: 'policy', band: 0.5},
            size: {value: 60}, stroke: {scale: 'color', field: 'policy'}, strokeWidth: {value: 2},
            fill: [{test: 'datum.significant', scale: 'color', field: 'policy'}, {value: 'white'}],
            tooltip: {signal: "datum.policy + ' − ' + datum.baseline + ', ' + datum.metric + ': ' + " +
                              "format(datum.diff_mean, '.4~g') + ' [' + format(datum.ci95_low, '.4~g') + ', ' + " +
                              "format(datum.ci95_high, '.4~g') + '], n = ' + datum.n"}}}}]
      }]
    });
  }

  // --- 2. Resolution-time distributions ---
  function resolution() {
    var hist = D.resolution_hist;
    if (!hist || !hist.length) return;
    var rows = hist.map(function (r) {
      var high = r.high_h === null ? r.low_h * 1.334 : r.high_h;
      return {policy: r.policy, tier: r.tier, high: high, count: r.count};
    });
    section('Resolution time',
            'Share of the resolved demands closed within a time (from release to closing, ' +
            'measured demands, all replications), per policy; choose a tier below.');
    chart('chart-resolution', {
      width: 620, height: 280, padding: 8, autosize: 'pad',
      signals: [{name: 'tier', value: 'all',
                 bind: {input: 'select', options: ['all', 'red', 'yellow', 'green'], name: 'tier '}}],
      data: [
        {name: 'hist', values: rows},
        {name: 'cdf', source: 'hist', transform: [
          {type: 'filter', expr: "tier === 'all' || datum.tier === tier"},
          {type: 'aggregate', groupby: ['policy', 'high'], fields: ['count'], ops: ['sum'], as: ['count']},
          {type: 'joinaggregate', groupby: ['policy'], fields: ['count'], ops: ['sum'], as: ['total']},
          {type: 'window', groupby: ['policy'], sort: {field: 'high'}, ops: ['sum'],
           fields: ['count'], as: ['cum'], frame: [null, 0]},
          {type: 'formula', as: 'share', expr: 'datum.cum / datum.total'}]}],
      scales: [
        {name: 'x', type: 'log', domain: {data: 'cdf', field: 'high'}, range: 'width', nice: true},
        {name: 'y', type: 'linear', domain: [0, 1], range: 'height'},
        {name: 'color', type: 'ordinal', domain: colors.domain, range: colors.range}],
      axes: [{orient: 'bottom', scale: 'x', title: 'hours (log scale)', grid: true},
             {orient: 'left', scale: 'y', title: 'share closed within', format: '%', grid: true}],
      legends: [{fill: 'color', orient: 'right', title: 'policy'}],
      marks: [{
        type: 'group', from: {facet: {name: 'series', data: 'cdf', groupby: 'policy'}},
        marks: [{type: 'line', from: {data: 'series'}, sort: {field: 'datum.high'}, encode: {update: {
          x: {scale: 'x', field: 'high'}, y: {scale: 'y', field: 'share'},
          stroke: {scale: 'color', field: 'policy'}, strokeWidth: {value: 2},
          interpolate: {value: 'step-before'}}}},
          {type: 'symbol', from: {data: 'series'}, encode: {update: {
            x: {scale: 'x', field: 'high'}, y: {scale: 'y', field: 'share'}, size: {value: 10},
            fill: {scale: 'color', field: 'policy'},
            tooltip: {signal: "datum.policy + ': ' + format(datum.share, '.1%') + ' within ' + format(datum.high, '.3~g') + ' h'"}}}}]
      }]
    });
  }

  // --- 3. Backlog over time ---
  function backlog() {
    var rows = D.backlog;
    if (!rows || !rows.length) return;
    section('Backlog over time',
            'Demands open at each midnight: the mean over the replications (line) and the ' +
            'lowest to highest replication (band).');
    chart('chart-backlog', {
      width: 620, height: 260, padding: 8, autosize: 'pad',
      signals: signals(),
      data: [{name: 'rows', values: rows, transform: pointFilter()}],
      scales: [
        {name: 'x', type: 'linear', domain: {data: 'rows', field: 'day'}, range: 'width', zero: false},
        {name: 'y', type: 'linear', domain: {data: 'rows', fields: ['min', 'max']}, range: 'height',
         nice: true, zero: true},
        {name: 'color', type: 'ordinal', domain: colors.domain, range: colors.range}],
      axes: [{orient: 'bottom', scale: 'x', title: 'day'},
             {orient: 'left', scale: 'y', title: 'open demands', grid: true}],
      legends: [{stroke: 'color', orient: 'right', title: 'policy', symbolType: 'stroke'}],
      marks: [{
        type: 'group', from: {facet: {name: 'series', data: 'rows', groupby: 'policy'}},
        marks: [
          {type: 'area', from: {data: 'series'}, sort: {field: 'datum.day'}, encode: {update: {
            x: {scale: 'x', field: 'day'}, y: {scale: 'y', field: 'min'}, y2: {scale: 'y', field: 'max'},
            fill: {scale: 'color', field: 'policy'}, fillOpacity: {value: 0.15}}}},
          {type: 'line', from: {data: 'series'}, sort: {field: 'datum.day'}, encode: {update: {
            x: {scale: 'x', field: 'day'}, y: {scale: 'y', field: 'mean'},
            stroke: {scale: 'color', field: 'policy'}, strokeWidth: {value: 1.5}}}}]
      }]
    });
  }

  // --- 4. Utilisation heat map, unit × policy, with the prediction beside ---
  function utilisation() {
    var rows = D.util;
    if (!rows || !rows.length) return;
    var most = 60;
    var peak = {};
    rows.forEach(function (r) { peak[r.unit] = Math.max(peak[r.unit] || 0, r.sim, r.pred || 0); });
    var units = Object.keys(peak);
    var shown = units.slice();
    if (units.length > most) {
      shown = units.slice().sort(function (a, b) { return peak[b] - peak[a]; }).slice(0, most);
      var keep = {};
      shown.forEach(function (u) { keep[u] = true; });
      shown = units.filter(function (u) { return keep[u]; });  // in the folder's unit order
      rows = rows.filter(function (r) { return keep[r.unit]; });
    }
    var cells = [];
    rows.forEach(function (r) {
      cells.push({policy: r.policy, unit: r.unit, level: r.level, what: 'simulated', value: r.sim, point: r.point});
      if (r.pred !== undefined) {
        cells.push({policy: r.policy, unit: r.unit, level: r.level, what: 'predicted', value: r.pred, point: r.point});
      }
    });
    var hasPrediction = cells.some(function (c) { return c.what === 'predicted'; });
    section('Utilisation per unit',
            'Busy share of staffed time, mean over replications' +
            (hasPrediction ? '; in each cell the left half is simulated, the right half the ' +
                             'analytic prediction (load_prediction) for the same policy' : '') +
            (units.length > most ? '; the ' + most + ' busiest of ' + units.length + ' units' : '') +
            '. At or above 100% a unit is unstable.');
    var cellW = Math.max(48, Math.min(110, 640 / Math.max(1, policies.length)));
    chart('chart-utilisation', {
      width: cellW * policies.length, height: 13 * shown.length, padding: 8, autosize: 'pad',
      signals: signals(),
      data: [{name: 'cells', values: cells, transform: pointFilter()}],
      scales: [
        {name: 'x', type: 'band', domain: policies, range: 'width', padding: 0.06},
        {name: 'y', type: 'band', domain: shown, range: 'height', padding: 0.08},
        {name: 'half', type: 'band', domain: hasPrediction ? ['simulated', 'predicted'] : ['simulated'],
         range: [0, cellW * 0.94]},
        {name: 'color', type: 'linear', domain: [0, 0.5, 1], range: ['#f7fbff', '#fdae61', '#b2182b'],
         clamp: true}],
      axes: [{orient: 'top', scale: 'x', labelAngle: -20, labelAlign: 'left', labelLimit: 140},
             {orient: 'left', scale: 'y', labelFontSize: 10, labelLimit: 180}],
      legends: [{fill: 'color', orient: 'right', title: 'utilisation', format: '%', gradientLength: 160}],
      marks: [{type: 'rect', from: {data: 'cells'}, encode: {update: {
        x: {signal: "scale('x', datum.policy) + scale('half', datum.what)"},
        width: {scale: 'half', band: 1},
        y: {scale: 'y', field: 'unit'}, height: {scale: 'y', band: 1},
        fill: {scale: 'color', field: 'value'}, stroke: {value: '#ffffff'}, strokeWidth: {value: 0.5},
        tooltip: {signal: "datum.unit + ' (' + datum.level + ') under ' + datum.policy + ', ' + datum.what + ': ' + format(datum.value, '.1%')"}}}}]
    });
  }

  // --- 5. Where demands are resolved ---
  var placeOrder = ['grid', 'community', 'street', 'district', 'department', 'mediation', 'volunteers'];
  var placeColors = ['#a6cee3', '#1f78b4', '#b2df8a', '#33a02c', '#fb9a99', '#fdbf6f', '#cab2d6'];
  function resolvedAt() {
    var rows = (D.summary || []).filter(function (r) {
      return r.metric.indexOf('resolved_at.') === 0 && r.mean !== null;
    }).map(function (r) {
      var place = r.metric.slice('resolved_at.'.length);
      return {policy: r.policy, place: place, share: r.mean, order: placeOrder.indexOf(place),
              point: r.point};
    });
    if (!rows.length) return;
    section('Where demands are resolved',
            'Share of the resolved demands resolved at each level (or co-governance team), ' +
            'mean over replications.');
    chart('chart-resolved-at', {
      width: 560, height: 26 * policies.length, padding: 8, autosize: 'pad',
      signals: signals(),
      data: [{name: 'rows', values: rows, transform: pointFilter().concat([
        {type: 'stack', groupby: ['policy'], field: 'share', sort: {field: 'order'}}])}],
      scales: [
        {name: 'y', type: 'band', domain: policies, range: 'height', padding: 0.2},
        {name: 'x', type: 'linear', domain: [0, 1], range: 'width'},
        {name: 'color', type: 'ordinal', domain: placeOrder, range: placeColors}],
      axes: [{orient: 'bottom', scale: 'x', format: '%', title: 'share of resolved demands'},
             {orient: 'left', scale: 'y', labelLimit: 160}],
      legends: [{fill: 'color', orient: 'right', title: 'resolved at'}],
      marks: [{type: 'rect', from: {data: 'rows'}, encode: {update: {
        y: {scale: 'y', field: 'policy'}, height: {scale: 'y', band: 1},
        x: {scale: 'x', field: 'y0'}, x2: {scale: 'x', field: 'y1'},
        fill: {scale: 'color', field: 'place'},
        tooltip: {signal: "datum.policy + ': ' + format(datum.share, '.1%') + ' at ' + datum.place"}}}}]
    });
  }

  // --- 6. Sankey of the moves between levels ---
  var nodeColumn = {intake: 0, grid: 1, community: 2, street: 3, district: 4, department: 5,
                    resolved: 6, unresolved: 6, open: 6};
  var nodeOrder = ['intake', 'grid', 'community', 'street', 'district', 'department',
                   'resolved', 'unresolved', 'open'];
  var nodeColors = ['#9aa5b1', '#a6cee3', '#1f78b4', '#b2df8a', '#33a02c', '#fb9a99',
                    '#4daf4a', '#e41a1c', '#ff7f00'];
  function sankeyLayout(flows, width, height) {
    // Node size: the larger of what comes in and what goes out (moves within a level are
    // not drawn). Columns share one scale across policies, so heights compare.
    var size = {}, out = {}, inn = {};
    flows.forEach(function (f) {
      if (f.from === f.to) return;
      out[f.from] = (out[f.from] || 0) + f.count;
      inn[f.to] = (inn[f.to] || 0) + f.count;
    });
    nodeOrder.forEach(function (n) { size[n] = Math.max(out[n] || 0, inn[n] || 0); });
    var columns = [[], [], [], [], [], [], []];
    nodeOrder.forEach(function (n) { if (size[n] > 0) columns[nodeColumn[n]].push(n); });
    var gap = 8, nodeW = 12;
    var colTotal = columns.map(function (c) {
      return c.reduce(function (s, n) { return s + size[n]; }, 0);
    });
    var k = (height - gap * 2) / Math.max(1, Math.max.apply(null, colTotal));
    var nodes = {};
    columns.forEach(function (c, i) {
      var y = 0;
      c.forEach(function (n) {
        var h = Math.max(1, size[n] * k);
        nodes[n] = {name: n, x: i * (width - nodeW) / 6, y: y, h: h, outY: y, inY: y, value: size[n]};
        y += h + gap;
      });
    });
    var links = [];
    flows.slice().sort(function (a, b) {
      return nodeOrder.indexOf(a.to) - nodeOrder.indexOf(b.to);
    }).forEach(function (f) {
      if (f.from === f.to || !nodes[f.from] || !nodes[f.to]) return;
      var s = nodes[f.from], t = nodes[f.to], w = f.count * k;
      var x0 = s.x + nodeW, x1 = t.x, y0 = s.outY, y1 = t.inY;
      s.outY += w;
      t.inY += w;
      var xm = (x0 + x1) / 2;
      if (x1 <= x0) { x1 = t.x + nodeW; x0 = s.x; xm = Math.min(x0, x1) - 40; }  // back: a loop
      var path = 'M' + x0 + ',' + y0 + 'C' + xm + ',' + y0 + ' ' + xm + ',' + y1 + ' ' + x1 + ',' + y1 +
                 'L' + x1 + ',' + (y1 + w) + 'C' + xm + ',' + (y1 + w) + ' ' + xm + ',' + (y0 + w) +
                 ' ' + x0 + ',' + (y0 + w) + 'Z';
      links.push({from: f.from, to: f.to, count: f.count, path: path});
    });
    return {nodes: Object.keys(nodes).map(function (n) { return nodes[n]; }), links: links, nodeW: nodeW};
  }
  function sankey() {
    var flows = D.level_flows;
    if (!flows || !flows.length) return;
    var width = 620, height = 150, gapY = 46;
    var nodes = [], links = [], titles = [];
    policies.forEach(function (p, i) {
      var mine = flows.filter(function (f) { return f.policy === p; });
      if (!mine.length) return;
      var layout = sankeyLayout(mine, width, height);
      var top = i * (height + gapY) + 18;
      titles.push({policy: p, y: top - 8});
      layout.nodes.forEach(function (n) {
        nodes.push({policy: p, name: n.name, x: n.x, y: n.y + top, w: layout.nodeW, h: n.h,
                    perRep: n.value / reps});
      });
      layout.links.forEach(function (l) {
        links.push({policy: p, from: l.from, to: l.to, perRep: l.count / reps,
                    path: l.path, dy: top});
      });
    });
    section('Flows between levels',
            'How demands move: from the intake desk up (or down) the levels to where they end, ' +
            'per policy; band widths are moves per replication (measured demands), on one ' +
            'scale for all policies. Moves within a level (a team handing back, a crew ' +
            'handing on) are not drawn; bands that go back are returned orders.');
    chart('chart-sankey', {
      width: width + 90, height: policies.length * (height + gapY), padding: 8, autosize: 'pad',
      data: [{name: 'links', values: links}, {name: 'nodes', values: nodes},
             {name: 'titles', values: titles}],
      scales: [{name: 'color', type: 'ordinal', domain: nodeOrder, range: nodeColors}],
      legends: [{fill: 'color', orient: 'right', title: 'level'}],
      marks: [
        {type: 'path', from: {data: 'links'}, encode: {update: {
          path: {field: 'path'}, y: {field: 'dy'}, x: {value: 0},
          fill: {scale: 'color', field: 'from'}, fillOpacity: {value: 0.45},
          tooltip: {signal: "datum.policy + ': ' + datum.from + ' → ' + datum.to + ', ' + format(datum.perRep, ',.0f') + ' per replication'"}}}},
        {type: 'rect', from: {data: 'nodes'}, encode: {update: {
          x: {field: 'x'}, y: {field: 'y'}, width: {field: 'w'}, height: {field: 'h'},
          fill: {scale: 'color', field: 'name'},
          tooltip: {signal: "datum.name + ': ' + format(datum.perRep, ',.0f') + ' per replication'"}}}},
        {type: 'text', from: {data: 'nodes'}, encode: {update: {
          x: {signal: 'datum.x + datum.w + 3'}, y: {signal: 'datum.y + datum.h / 2'},
          baseline: {value: 'middle'}, fontSize: {value: 10},
          text: {signal: "datum.h > 9 ? datum.name : ''"}}}},
        {type: 'text', from: {data: 'titles'}, encode: {update: {
          x: {value: 0}, y: {field: 'y'}, fontWeight: {value: 'bold'}, fontSize: {value: 12},
          text: {field: 'policy'}}}}]
    });
  }

  // --- Sweeps: the headline metrics across the points ---
  function acrossPoints() {
    if (!sweep) return;
    var metrics = (D.headline || []).filter(function (m) {
      return (D.summary || []).some(function (r) { return r.metric === m; });
    });
    var rows = (D.summary || []).filter(function (r) { return metrics.indexOf(r.metric) >= 0; });
    if (!rows.length) return;
    var keys = (D.manifest.sweep && D.manifest.sweep.keys) || [];
    section('Across the sweep points',
            'Each headline metric at each point (' + keys.join(', ') + '), mean and 95% interval ' +
            'per policy; the points are listed in the table below.');
    var band = 150;
    chart('chart-points', {
      width: 520, height: band * metrics.length, padding: 8, autosize: 'pad',
      data: [{name: 'rows', values: rows}],
      scales: [{name: 'row', type: 'band', domain: metrics, range: [0, band * metrics.length]},
               {name: 'x', type: 'point', domain: points, range: [0, 520], padding: 0.5},
               {name: 'color', type: 'ordinal', domain: colors.domain, range: colors.range}],
      legends: [{stroke: 'color', orient: 'right', title: 'policy', symbolType: 'stroke'}],
      marks: [{
        type: 'group', from: {facet: {name: 'm', data: 'rows', groupby: 'metric'}},
        encode: {enter: {y: {scale: 'row', field: 'metric', offset: 16}, width: {value: 520},
                         height: {value: band - 46}}},
        scales: [{name: 'y', type: 'linear', domain: {data: 'm', fields: ['ci95_low', 'ci95_high']},
                  range: [band - 46, 0], nice: true, zero: false}],
        axes: [{orient: 'left', scale: 'y', tickCount: 4}, {orient: 'bottom', scale: 'x', title: 'point'}],
        marks: [
          {type: 'text', encode: {enter: {x: {value: 0}, y: {value: -5}, fontWeight: {value: 'bold'},
                                          text: {signal: 'parent.metric'}}}},
          {type: 'rule', from: {data: 'm'}, encode: {update: {
            x: {scale: 'x', field: 'point'}, y: {scale: 'y', field: 'ci95_low'},
            y2: {scale: 'y', field: 'ci95_high'}, stroke: {scale: 'color', field: 'policy'}}}},
          {type: 'symbol', from: {data: 'm'}, encode: {update: {
            x: {scale: 'x', field: 'point'}, y: {scale: 'y', field: 'mean'}, size: {value: 30},
            fill: {scale: 'color', field: 'policy'},
            tooltip: {signal: "datum.policy + ' at point ' + datum.point + ': ' + format(datum.mean, '.4~g')"}}}}]
      }]
    });
  }

  function table(title, note, columns, rows, classify) {
    section(title, note);
    var head = el('tr', {}, columns.map(function (c) { return el('th', {text: c}); }));
    var body = rows.map(function (r) {
      return el('tr', {}, columns.map(function (c) {
        var v = r[c];
        var cls = classify ? classify(c, v) : '';
        return el('td', cls ? {class: cls, text: typeof v === 'number' ? fmt(v, 4) : String(v)}
                            : {text: typeof v === 'number' ? fmt(v, 4) : (v === null ? '' : String(v))});
      }));
    });
    page.appendChild(el('table', {class: 'data'}, [el('thead', {}, [head]), el('tbody', {}, body)]));
  }

  function targets() {
    if (!D.targets || !D.targets.length) return;
    table('Published vs simulated', 'Each published figure of the scenario, the simulated value ' +
          'with its 95% interval, and whether it is within the tolerance.',
          ['target', 'metric', 'published', 'simulated', 'ci95_low', 'ci95_high', 'tolerance', 'within'],
          D.targets, function (c, v) {
            if (c !== 'within') return '';
            return (v === true || v === 1 || v === 'true' || v === 'yes') ? 'yes' : 'no';
          });
  }

  function pointsTable() {
    if (!sweep || !D.points || !D.points.length) return;
    table('Sweep points', '', Object.keys(D.points[0]), D.points);
  }

  function footer() {
    var m = D.manifest || {};
    var items = [
      ['escalade', (m.escalade_version || '?') + ' (' + (m.git_commit || '?') + ')'],
      ['scenario', (m.scenario && m.scenario.path) || '?'],
      ['scenario SHA-256', (m.scenario && m.scenario.sha256) || '?'],
      ['seed', String(m.seed)], ['replications', String(m.replications)],
      ['policies', (m.policies || []).join(', ')], ['baseline', String(m.baseline)],
      ['threads', String(m.threads)], ['started', String(m.started_utc)],
      ['finished', String(m.finished_utc)], ['status', String(m.status)]];
    if (m.sweep) items.push(['sweep', JSON.stringify(m.sweep)]);
    if (D.missing && D.missing.length) items.push(['not in the folder', D.missing.join(', ')]);
    var dl = el('dl');
    items.forEach(function (kv) {
      dl.appendChild(el('dt', {text: kv[0]}));
      dl.appendChild(el('dd', {text: kv[1]}));
    });
    page.appendChild(el('footer', {}, [el('p', {text: 'Manifest (manifest.json)'}), dl]));
  }

  acrossPoints();
  forest();
  resolution();
  backlog();
  utilisation();
  resolvedAt();
  sankey();
  targets();
  pointsTable();
  footer();
  Promise.all(pending).then(function () {
    document.body.setAttribute('data-ready', String(charts));
  }, function () {
    document.body.setAttribute('data-ready', 'error');
  });
})();
