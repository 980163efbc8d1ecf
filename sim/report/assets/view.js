// The classroom view: demands as dots moving on the governance graph, one canvas per policy,
// one clock for all. The data (sim/report/view_page.cc):
//   title, from, to (hours from the scenario's start), replication,
//   units [{name, label, kind, group, staff, parent (index or null)}]  (index = unit id),
//   categories [{name, label}],
//   arms [{name, demands: [{id, created, closed (null: open), resolved, tier, category, origin,
//          visits: [[unit, level, queued, started, finished, outcome], ...] in order}]}]
// Times are hours. A dot is at its origin (bottom) when created, moves to the unit of its
// first visit, waits in that unit's queue (stacked beside it) until started, sits on the unit
// while worked, then moves to the next visit's unit; it leaves when closed. Colour = tier.
(function () {
  var D = Escalade.data();
  var el = Escalade.el;
  var page = document.getElementById('page');
  var MOVE = 0.4;  // hours of simulated time a move between units is drawn over
  var rows = {department: 0.08, district: 0.24, hotline: 0.24, street: 0.42, community: 0.6,
              grid: 0.77, team: 0.5};
  var tierColor = {red: '#d62728', yellow: '#e6a700', green: '#2ca02c'};
  var escalating = {escalated: 1, reported_on: 1, whistled: 1, ordered: 1};
  var cjk = document.fonts && document.fonts.check ? document.fonts.check('12px "Noto Sans CJK SC"') : false;
  var state = {t: D.from, playing: true, speed: 2, chinese: cjk, last: null};

  var units = D.units;
  var layout = Escalade.layout(units, rows);
  var pos = layout.pos, byRow = layout.byRow, groupOf = layout.groupOf;
  function label(i) {
    var u = units[i];
    return state.chinese && u.label ? u.label : u.name;
  }
  function hh(t) {
    var day = Math.floor(t / 24), h = t - day * 24, m = Math.floor((h - Math.floor(h)) * 60);
    return 'day ' + day + ' ' + String(Math.floor(h)).padStart(2, '0') + ':' + String(m).padStart(2, '0');
  }

  // --- Where a demand is at time t: {x, y, unit, waiting} in [0, 1] coordinates, or null ---
  function where(d, t, queues) {
    if (t < d.created || (d.closed !== null && t >= d.closed)) return null;
    var v = d.visits;
    var origin = d.origin !== null && d.origin !== undefined ? pos[d.origin] : {x: 0.5, y: 0.77};
    var home = {x: origin.x, y: 0.93};
    var prev = home, prevEnd = d.created;
    for (var k = 0; k < v.length; ++k) {
      var unit = v[k][0], queued = v[k][2], started = v[k][3], finished = v[k][4];
      if (t < queued) return {x: prev.x, y: prev.y, unit: -1};
      var at = pos[unit];
      if (finished === null || t < finished) {
        var waiting = started === null || t < started;
        var p = {x: at.x, y: at.y, unit: unit, waiting: waiting};
        if (waiting) {
          var n = queues[unit] = (queues[unit] || 0) + 1;
          p.x = at.x + 0.012 + 0.008 * ((n - 1) % 6);
          p.y = at.y - 0.035 - 0.02 * Math.floor((n - 1) / 6);
        } else {
          p.x = at.x + (Math.sin(d.id) * 0.01);
          p.y = at.y + (Math.cos(d.id) * 0.015);
        }
        var f = Math.min(1, (t - prevEnd) / MOVE);
        if (f < 1) {  // still on the way from the last place
          p.x = prev.x + (p.x - prev.x) * f;
          p.y = prev.y + (p.y - prev.y) * f;
        }
        return p;
      }
      prev = at;
      prevEnd = finished;
    }
    return {x: prev.x, y: prev.y, unit: -1};
  }

  function counters(arm, t) {
    var c = {created: 0, open: 0, resolved: 0, escalated: 0, returned: 0};
    arm.demands.forEach(function (d) {
      if (d.created > t) return;
      c.created += 1;
      if (d.closed === null || d.closed > t) c.open += 1;
      else if (d.resolved) c.resolved += 1;
      d.visits.forEach(function (v) {
        if (v[4] === null || v[4] > t) return;
        if (escalating[v[5]]) c.escalated += 1;
        if (v[5] === 'returned') c.returned += 1;
      });
    });
    return c;
  }

  // --- Page ---
  page.appendChild(el('h1', {text: 'escalade view: ' + D.title}));
  page.appendChild(el('p', {class: 'sub', text:
      'Replication ' + D.replication + ', the demands created from ' + hh(D.from) + ' to ' +
      hh(D.to) + ', replayed under each policy on the same demands. Dots are demands (colour: ' +
      'tier); a dot beside a unit waits in its queue, a dot on it is being worked. Click a dot ' +
      'for its path.'}));
  var play = el('button', {type: 'button', text: 'pause'});
  var speed = el('select', {}, [0.5, 1, 2, 4, 8, 24].map(function (s) {
    var o = el('option', {value: String(s), text: s + ' h/s'});
    if (s === state.speed) o.selected = true;
    return o;
  }));
  var restart = el('button', {type: 'button', text: 'restart'});
  var lang = el('button', {type: 'button', text: state.chinese ? 'English labels' : '\u4e2d\u6587\u6807\u7b7e'});
  var clock = el('span', {class: 'clock', text: hh(state.t)});
  page.appendChild(el('div', {class: 'controls'}, [play, el('label', {}, ['speed ', speed]),
                                                     restart, lang, clock]));
  page.appendChild(el('div', {class: 'legend'}, ['red', 'yellow', 'green'].map(function (t) {
    var s = el('span', {text: t + ' tier'});
    s.style.setProperty('--dot', tierColor[t]);
    return s;
  })));
  var grid = el('div', {class: 'panels'});
  page.appendChild(grid);
  var panels = D.arms.map(function (arm) {
    var canvas = el('canvas', {width: '560', height: '420'});
    var count = el('div', {class: 'counters'});
    var details = el('div', {class: 'details', text: 'Click a dot.'});
    grid.appendChild(el('section', {class: 'panel'}, [el('h3', {text: arm.name}), count, canvas, details]));
    var panel = {arm: arm, canvas: canvas, count: count, details: details, dots: []};
    canvas.addEventListener('click', function (e) { pick(panel, e); });
    return panel;
  });

  function draw(panel) {
    var c = panel.canvas, g = c.getContext('2d');
    var W = c.width, H = c.height, t = state.t;
    g.clearRect(0, 0, W, H);
    g.font = '10px ' + Escalade.font;
    g.fillStyle = '#eef2f6';
    g.fillRect(0, 0.88 * H, W, 0.12 * H);
    g.fillStyle = '#5f6b7a';
    g.fillText(state.chinese ? '\u5c45\u6c11 residents' : 'residents', 6, 0.97 * H);
    // Jurisdiction lines, then units.
    g.strokeStyle = '#d9dee5';
    units.forEach(function (u, i) {
      if (u.parent === null) return;
      g.beginPath();
      g.moveTo(pos[i].x * W, pos[i].y * H);
      g.lineTo(pos[u.parent].x * W, pos[u.parent].y * H);
      g.stroke();
    });
    var queues = {};
    var dots = [];
    panel.arm.demands.forEach(function (d) {
      var p = where(d, t, queues);
      if (p) dots.push({d: d, x: p.x * W, y: p.y * H});
    });
    var crowded = units.length > 60;
    units.forEach(function (u, i) {
      var q = queues[i] || 0;
      var r = (u.kind === 'grid' ? 2.5 : 5) + Math.min(10, Math.sqrt(q) * 2);
      g.beginPath();
      g.arc(pos[i].x * W, pos[i].y * H, r, 0, 2 * Math.PI);
      g.fillStyle = q > 0 ? '#fdae61' : '#ffffff';
      g.fill();
      g.strokeStyle = '#5f6b7a';
      g.stroke();
      if (!crowded || u.kind === 'district' || u.kind === 'street') {
        g.fillStyle = '#1f2933';
        var text = label(i) + (q > 0 ? ' (' + q + ')' : '');
        var room = W / ((byRow[groupOf(u)] || [0]).length) - r - 6;
        while (text.length > 3 && g.measureText(text).width > room) text = text.slice(0, -2) + '\u2026';
        g.fillText(text, pos[i].x * W + r + 2, pos[i].y * H + 3);
      }
    });
    dots.forEach(function (p) {
      g.beginPath();
      g.arc(p.x, p.y, p.d === panel.selected ? 5 : 3.2, 0, 2 * Math.PI);
      g.fillStyle = tierColor[p.d.tier] || '#333';
      g.fill();
      if (p.d === panel.selected) { g.strokeStyle = '#000'; g.stroke(); }
    });
    panel.dots = dots;
    var k = counters(panel.arm, t);
    panel.count.textContent = '';
    [['open', k.open], ['resolved', k.resolved], ['escalated', k.escalated],
     ['returned', k.returned], ['created', k.created]].forEach(function (kv) {
      panel.count.appendChild(el('span', {}, [kv[0] + ' ', el('b', {text: String(kv[1])})]));
    });
  }

  function pick(panel, e) {
    var r = panel.canvas.getBoundingClientRect();
    var x = (e.clientX - r.left) * panel.canvas.width / r.width;
    var y = (e.clientY - r.top) * panel.canvas.height / r.height;
    var best = null, bestD = 64;
    panel.dots.forEach(function (p) {
      var dd = (p.x - x) * (p.x - x) + (p.y - y) * (p.y - y);
      if (dd < bestD) { bestD = dd; best = p.d; }
    });
    panel.selected = best;
    if (!best) { panel.details.textContent = 'Click a dot.'; return; }
    var cat = D.categories[best.category] || {name: '?'};
    var lines = ['demand ' + best.id + ', ' + (state.chinese && cat.label ? cat.label : cat.name) +
                 ', ' + best.tier + ' tier, created ' + hh(best.created) +
                 (best.closed !== null ? ', closed ' + hh(best.closed) + (best.resolved ? ' resolved' : ' unresolved')
                                       : ', still open')];
    best.visits.forEach(function (v) {
      var wait = v[3] === null ? '–' : (v[3] - v[2]).toFixed(1) + ' h';
      var work = v[3] === null || v[4] === null ? '–' : (v[4] - v[3]).toFixed(1) + ' h';
      lines.push('  ' + label(v[0]) + ' (' + v[1] + '): waited ' + wait + ', worked ' + work +
                 ' → ' + v[5]);
    });
    panel.details.textContent = lines.join('\n');
    draw(panel);
  }

  function frame(now) {
    if (state.last !== null && state.playing) {
      state.t = Math.min(D.to, state.t + (now - state.last) / 1000 * state.speed);
      if (state.t >= D.to) { state.playing = false; play.textContent = 'play'; }
    }
    state.last = now;
    clock.textContent = hh(state.t);
    panels.forEach(draw);
    requestAnimationFrame(frame);
  }
  play.addEventListener('click', function () {
    if (state.t >= D.to) state.t = D.from;
    state.playing = !state.playing;
    play.textContent = state.playing ? 'pause' : 'play';
  });
  restart.addEventListener('click', function () { state.t = start(); });
  speed.addEventListener('change', function () { state.speed = Number(speed.value); });
  lang.addEventListener('click', function () {
    state.chinese = !state.chinese;
    lang.textContent = state.chinese ? 'English labels' : '\u4e2d\u6587\u6807\u7b7e';
  });
  // Start shortly before the first demand of the window, so something happens at once.
  function start() {
    var first = D.to;
    D.arms.forEach(function (a) { if (a.demands.length) first = Math.min(first, a.demands[0].created); });
    return Math.max(D.from, Math.min(first, D.to) - 0.25);
  }
  state.t = start();
  panels.forEach(draw);
  document.body.setAttribute('data-ready', String(panels.length));
  requestAnimationFrame(frame);
})();
